import { describe, expect, it } from "vitest";
import { BUILTIN_OWNER } from "../../kernel/owner.js";
import { Layout } from "./layout.js";

const chat = () =>
	new Layout([
		{ id: "transcript", buffer: "transcript" },
		{ id: "composer", buffer: "composer", focusable: true },
		{ id: "status", buffer: "status", height: { type: "fixed", rows: 1 } },
	]);

const ids = (layout: Layout) => layout.windows().map((w) => w.id);

describe("Layout", () => {
	it("reads as plain data", () => {
		expect(chat().read()).toEqual([
			{
				id: "transcript",
				buffer: "transcript",
				height: { type: "content" },
				visible: true,
				focusable: false,
				rendererKind: "stock",
				owner: BUILTIN_OWNER,
			},
			expect.objectContaining({ id: "composer", focusable: true }),
			expect.objectContaining({ id: "status", height: { type: "fixed", rows: 1 } }),
		]);
	});

	it("inserts, moves and removes windows relative to others", () => {
		const layout = chat();
		layout.insert({ id: "todo", owner: "todo-ext" }, { before: "composer" });
		layout.insert({ id: "footer" });
		expect(ids(layout)).toEqual(["transcript", "todo", "composer", "status", "footer"]);
		layout.move("footer", { index: 0 });
		layout.move("todo", { after: "status" });
		expect(ids(layout)).toEqual(["footer", "transcript", "composer", "status", "todo"]);
		expect(layout.remove("footer")).toBe(true);
		expect(layout.remove("footer")).toBe(false);
		expect(ids(layout)).toEqual(["transcript", "composer", "status", "todo"]);
	});

	it("nests splits and places windows inside them", () => {
		const layout = chat();
		layout.insert({ split: "row", id: "panes", children: [{ id: "left" }] }, { after: "transcript" });
		layout.insert({ id: "right" }, { parent: "panes" });
		expect(ids(layout)).toEqual(["transcript", "left", "right", "composer", "status"]);
		expect(layout.read()[1]).toMatchObject({
			split: "row",
			id: "panes",
			children: [{ id: "left" }, { id: "right" }],
		});
		layout.remove("panes");
		expect(ids(layout)).toEqual(["transcript", "composer", "status"]);
	});

	it("rejects duplicate ids, unknown anchors and bad heights with the id named", () => {
		const layout = chat();
		expect(() => layout.insert({ id: "status" })).toThrow(
			'the layout already has a window or split "status"',
		);
		expect(() => layout.insert({ id: "x" }, { before: "nope" })).toThrow(
			'no window or split "nope" in the layout',
		);
		expect(() => layout.insert({ id: "x" }, { parent: "status" })).toThrow(/"status" is a window/);
		expect(() => layout.update("status", { height: { type: "fixed", rows: -1 } })).toThrow(
			'window "status": height fixed needs rows ≥ 0',
		);
		expect(() => layout.move("nope", { index: 0 })).toThrow(/no window or split "nope"/);
		expect(ids(layout)).toEqual(["transcript", "composer", "status"]);
	});

	it("keeps a window in place when a move fails", () => {
		const layout = chat();
		expect(() => layout.move("composer", { before: "nope" })).toThrow();
		expect(ids(layout)).toEqual(["transcript", "composer", "status"]);
	});

	it("updates window properties and reports every change", () => {
		const layout = chat();
		let changes = 0;
		layout.onChange(() => changes++);
		layout.update("transcript", { visible: false });
		layout.focus("composer");
		expect(layout.window("transcript")?.visible).toBe(false);
		expect(layout.focused()?.id).toBe("composer");
		expect(changes).toBe(2);
	});

	it("is replaced entirely by a reskin, keeping windows that are named again", () => {
		const layout = chat();
		const composer = { render: () => ["> "] };
		layout.update("composer", { renderer: composer });
		layout.focus("composer");
		layout.replace([
			{ id: "board", renderer: "extension", owner: "kanban", height: { type: "fill" } },
			{ id: "composer", height: { type: "fixed", rows: 2 } },
		]);
		expect(ids(layout)).toEqual(["board", "composer"]);
		expect(layout.window("composer")?.renderer).toBe(composer);
		expect(layout.window("composer")?.height).toEqual({ type: "fixed", rows: 2 });
		expect(layout.focused()?.id).toBe("composer");
	});

	it("accepts its own snapshot back, edited", () => {
		const layout = chat();
		const snapshot = layout.read().reverse();
		layout.replace(snapshot);
		expect(ids(layout)).toEqual(["status", "composer", "transcript"]);
		expect(layout.window("status")?.height).toEqual({ type: "fixed", rows: 1 });
	});

	it("moves focus among visible focusable windows", () => {
		const layout = new Layout([
			{ id: "a", focusable: true },
			{ id: "b", focusable: true, visible: false },
			{ id: "c", focusable: true },
			{ id: "d" },
		]);
		expect(layout.focusNext()?.id).toBe("a");
		expect(layout.focusNext()?.id).toBe("c");
		expect(layout.focusNext()?.id).toBe("a");
		expect(layout.focusNext(-1)?.id).toBe("c");
		expect(() => layout.focus("d")).toThrow('window "d" is not focusable');
		layout.remove("c");
		expect(layout.focused()).toBeUndefined();
	});

	it("only accepts draw operations for extension windows, and checks them", () => {
		const layout = new Layout([{ id: "ext", renderer: "extension" }, { id: "stock" }]);
		expect(() => layout.draw("stock", [])).toThrow(/window "stock" is not drawn by an extension/);
		expect(() => layout.draw("ext", [{ op: "text", row: 0, col: 1.5, text: "x" }])).toThrow(
			'window "ext": draw op 0 (text): col must be an integer, got 1.5',
		);
		expect(() => layout.draw("ext", [{ op: "batch", ops: [{ op: "wiggle" }] }] as never)).toThrow(
			/draw op 0\.ops 0: unknown op "wiggle"/,
		);
		layout.draw("ext", [{ op: "text", row: 0, col: 0, text: "ok" }]);
		expect(layout.window("ext")?.drawOps).toHaveLength(1);
	});
});
