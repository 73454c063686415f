import { describe, expect, it } from "vitest";
import { BufferRegistry } from "../../../src/tui/primitives/buffer.js";
import { Compositor } from "../../../src/tui/primitives/compose.js";
import { Layout, type LayoutSpec } from "../../../src/tui/primitives/layout.js";
import type { Component } from "../../../src/tui/primitives/window.js";
import { InlineRenderer } from "../../../src/tui/render/inline-renderer.js";
import { DARK_THEME } from "../../../src/tui/theme/builtin-themes.js";
import { Styler } from "../../../src/tui/theme/style.js";
import { ManualClock } from "../support/manual-clock.js";
import { Screen } from "../support/screen.js";

/** A composer stand-in: "> " + text, cursor after the text. */
function composer(text: string): Component {
	return {
		render: () => [`> ${text}`],
		cursor: () => ({ row: 0, col: 2 + text.length }),
	};
}

function setup(specs: LayoutSpec[], cols = 30, rows = 8) {
	const buffers = BufferRegistry.withStockBuffers();
	const layout = new Layout(specs);
	const compositor = new Compositor({ buffers, styler: new Styler(DARK_THEME) });
	const screen = new Screen(cols, rows);
	const renderer = new InlineRenderer(screen, (size) => compositor.compose(layout, size), {
		clock: new ManualClock(),
	});
	return {
		buffers,
		layout,
		compositor,
		screen,
		renderer,
		frame: () => compositor.compose(layout, { width: cols, height: rows }),
	};
}

const chatLayout = (): LayoutSpec[] => [
	{ id: "transcript", buffer: "transcript" },
	{ id: "composer", renderer: composer("hello"), focusable: true },
	{ id: "status", buffer: "status", height: { type: "fixed", rows: 1 } },
];

describe("composing a layout into frames", () => {
	it("stacks a chat: transcript, composer with its cursor, status", async () => {
		const { buffers, layout, screen, renderer } = setup(chatLayout());
		buffers
			.get("transcript")!
			.appendBlock({ id: "a1", kind: "assistant", text: "The answer is a sentence long enough to wrap." });
		buffers.get("status")!.setText("mock · 3%");
		layout.focus("composer");
		renderer.renderNow();
		expect(await screen.screen()).toEqual([
			"The answer is a sentence long",
			"enough to wrap.",
			"> hello",
			"mock · 3%",
			"",
			"",
			"",
			"",
		]);
		expect(await screen.cursor()).toEqual({ row: 2, col: 7 });
	});

	it("gives fill windows the rows the others leave, shared among them", () => {
		const { frame } = setup(
			[
				{ id: "header", renderer: { render: () => ["header"] }, height: { type: "fixed", rows: 1 } },
				{ id: "a", renderer: { render: () => ["a"] }, height: { type: "fill" } },
				{ id: "b", renderer: { render: () => ["b"] }, height: { type: "fill" } },
				{ id: "footer", renderer: { render: () => ["footer"] }, height: { type: "fixed", rows: 1 } },
			],
			30,
			9,
		);
		expect(frame().lines).toEqual(["header", "a", "", "", "", "b", "", "", "footer"]);
	});

	it("tells a component its rows where the height is decided first (fixed, fill, a split's panes), not for content height", () => {
		const heights = new Map<string, number | undefined>();
		const pane = (id: string): Component => ({
			render: (_width, height) => {
				heights.set(id, height);
				return [id];
			},
		});
		const { frame } = setup(
			[
				{ id: "top", renderer: pane("top"), height: { type: "fixed", rows: 2 } },
				{
					split: "row",
					id: "panes",
					sizes: [10, undefined],
					children: [
						{ id: "left", renderer: pane("left"), height: { type: "fill" } },
						{ id: "right", renderer: pane("right"), height: { type: "fill" } },
					],
				},
				{ id: "bottom", renderer: pane("bottom") },
			],
			30,
			9,
		);
		frame();
		expect(Object.fromEntries(heights)).toEqual({ top: 2, left: 6, right: 6, bottom: undefined });
	});

	it("leaves hidden windows out", () => {
		const { layout, frame } = setup(chatLayout());
		layout.update("composer", { visible: false });
		expect(frame().lines).toEqual([""]);
	});

	it("caps a content window at its max, keeping the focused cursor in view", () => {
		const editor: Component = {
			render: () => ["line 1", "line 2", "line 3", "line 4"],
			cursor: () => ({ row: 3, col: 1 }),
		};
		const { layout, frame } = setup([
			{ id: "editor", renderer: editor, focusable: true, height: { type: "content", max: 2 } },
		]);
		layout.focus("editor");
		expect(frame()).toEqual({ lines: ["line 3", "line 4"], cursor: { row: 1, col: 1 } });
	});

	it("places the cursor only for the focused window", () => {
		const { frame } = setup(chatLayout());
		expect(frame().cursor).toBeUndefined();
	});

	it("lays out a row split side by side, fixed widths first", async () => {
		const { layout, screen, renderer } = setup([
			{
				split: "row",
				id: "panes",
				sizes: [10, undefined],
				children: [
					{ id: "files", renderer: { render: () => ["src/", "test/", "a-very-long-name.ts"] } },
					{ id: "preview", renderer: composer("x"), focusable: true },
				],
			},
		]);
		layout.focus("preview");
		renderer.renderNow();
		expect((await screen.screen()).slice(0, 3)).toEqual(["src/      > x", "test/", "a-very-lon"]);
		expect(await screen.cursor()).toEqual({ row: 0, col: 13 });
	});
});

describe("extension windows", () => {
	it("show only the extension's draw operations: a box, text and the cursor", async () => {
		const { layout, screen, renderer } = setup(
			[
				{ id: "transcript", buffer: "transcript" },
				{
					id: "panel",
					renderer: "extension",
					owner: "todo",
					focusable: true,
					height: { type: "fixed", rows: 4 },
				},
			],
			24,
			6,
		);
		layout.draw("panel", [
			{ op: "clear" },
			{
				op: "box",
				row: 0,
				col: 0,
				width: 20,
				height: 4,
				border: "rounded",
				title: "Todo",
				style: { fg: "border" },
			},
			{ op: "text", row: 1, col: 2, text: "☐ write tests", style: { fg: "accent" } },
			{ op: "spans", row: 2, col: 2, spans: [{ text: "☑ ", style: { fg: "success" } }, { text: "ship 🚀" }] },
			{ op: "cursor", row: 1, col: 4 },
		]);
		layout.focus("panel");
		renderer.renderNow();
		expect((await screen.screen()).slice(0, 4)).toEqual([
			"╭─ Todo ───────────╮",
			"│ ☐ write tests    │",
			"│ ☑ ship 🚀        │",
			"╰──────────────────╯",
		]);
		expect(await screen.cursor()).toEqual({ row: 1, col: 4 });
		const cell = screen.term.buffer.active.getLine(1)!.getCell(2)!;
		expect(cell.getFgColor()).toBe(0x7aa2f7);
	});

	it("take the height of what they draw when their height follows content", () => {
		const { layout, frame } = setup([{ id: "ext", renderer: "extension" }]);
		layout.draw("ext", [{ op: "text", row: 2, col: 0, text: "third row" }]);
		expect(frame().lines).toEqual(["", "", "third row"]);
	});

	it("redraw nothing when their draw operations did not change", () => {
		const { layout, screen, renderer } = setup([
			{ id: "ext", renderer: "extension", height: { type: "fixed", rows: 2 } },
		]);
		const ops = [{ op: "text" as const, row: 0, col: 0, text: "steady" }];
		layout.draw("ext", ops);
		renderer.renderNow();
		const writes = screen.writes.length;
		renderer.renderNow();
		layout.draw("ext", [...ops]);
		renderer.renderNow();
		expect(screen.writes.length).toBe(writes);
	});
});

describe("a layout replaced entirely", () => {
	it("draws the reskin in place of the chat, leaving nothing of the old one", async () => {
		const { buffers, layout, screen, renderer } = setup(chatLayout(), 30, 8);
		buffers.get("status")!.setText("stock status line");
		layout.focus("composer");
		renderer.renderNow();
		expect((await screen.screen()).slice(0, 2)).toEqual(["> hello", "stock status line"]);

		layout.replace([
			{ id: "board", renderer: "extension", owner: "kanban", height: { type: "fixed", rows: 3 } },
			{ id: "composer", height: { type: "fixed", rows: 1 } },
		]);
		layout.draw("board", [
			{ op: "text", row: 0, col: 0, text: "TODO      DOING     DONE" },
			{ op: "text", row: 1, col: 0, text: "tests     renderer  parser" },
		]);
		renderer.renderNow();
		expect(await screen.screen()).toEqual([
			"TODO      DOING     DONE",
			"tests     renderer  parser",
			"",
			"> hello",
			"",
			"",
			"",
			"",
		]);
		expect(await screen.cursor()).toEqual({ row: 3, col: 7 });
	});
});
