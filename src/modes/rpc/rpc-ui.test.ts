import { describe, expect, it } from "vitest";
import type { RpcUIRequest } from "./protocol.js";
import { RpcUI, type RpcUITimers } from "./rpc-ui.js";

/** Timers that fire only when the test says so. */
function fakeTimers() {
	const timers = new Map<number, { fn: () => void; at: number }>();
	let now = 0;
	let next = 0;
	const api: RpcUITimers = {
		setTimeout: (fn, ms) => {
			timers.set(++next, { fn, at: now + ms });
			return next;
		},
		clearTimeout: (handle) => void timers.delete(handle as number),
	};
	const advance = (ms: number) => {
		now += ms;
		for (const [id, timer] of [...timers]) {
			if (timer.at > now) continue;
			timers.delete(id);
			timer.fn();
		}
	};
	return { api, advance, count: () => timers.size };
}

function setup() {
	const sent: RpcUIRequest[] = [];
	const clock = fakeTimers();
	const ui = new RpcUI({ send: (request) => sent.push(request), timers: clock.api });
	return { ui, sent, clock };
}

describe("dialogs", () => {
	it("select sends the labels and resolves with the value of the option the client chose", async () => {
		const { ui, sent } = setup();
		const chosen = ui.select("Pick", ["plain", { value: "v2", label: "Second" }]);
		expect(sent).toEqual([
			{
				type: "extension_ui_request",
				id: "ui-1",
				method: "select",
				title: "Pick",
				options: ["plain", "Second"],
			},
		]);
		expect(ui.respond({ type: "extension_ui_response", id: "ui-1", value: "Second" })).toBe(true);
		expect(await chosen).toBe("v2");
		expect(ui.waiting).toBe(0);
	});

	it("confirm resolves with confirmed; cancelled counts as no", async () => {
		const { ui, sent } = setup();
		const yes = ui.confirm("Delete?", "It is gone for good", { timeoutMs: 5000 });
		expect(sent[0]).toEqual({
			type: "extension_ui_request",
			id: "ui-1",
			method: "confirm",
			title: "Delete?",
			message: "It is gone for good",
			timeout: 5000,
		});
		ui.respond({ type: "extension_ui_response", id: "ui-1", confirmed: true });
		expect(await yes).toBe(true);
		const no = ui.confirm("Again?");
		ui.respond({ type: "extension_ui_response", id: "ui-2", cancelled: true });
		expect(await no).toBe(false);
	});

	it("input and editor send their prefill and resolve with the text, undefined when cancelled", async () => {
		const { ui, sent } = setup();
		const name = ui.input("Name", { placeholder: "who", initial: "me" });
		const body = ui.editor("Body", "line 1\nline 2");
		expect(sent.map((r) => ({ ...r, type: undefined }))).toMatchObject([
			{ method: "input", title: "Name", placeholder: "who", prefill: "me" },
			{ method: "editor", title: "Body", prefill: "line 1\nline 2" },
		]);
		ui.respond({ type: "extension_ui_response", id: "ui-1", value: "you" });
		ui.respond({ type: "extension_ui_response", id: "ui-2", cancelled: true });
		expect([await name, await body]).toEqual(["you", undefined]);
	});

	it("multiSelect (weft's addition) is answered with values", async () => {
		const { ui, sent } = setup();
		const picked = ui.multiSelect("Which", [{ value: "a", label: "A" }, "b", "c"]);
		expect(sent[0]).toMatchObject({ method: "multiSelect", options: ["A", "b", "c"] });
		ui.respond({ type: "extension_ui_response", id: "ui-1", values: ["A", "c", "nonsense"] });
		expect(await picked).toEqual(["a", "c"]);
	});

	it("a timeout resolves the dialog as cancelled and tells the client to dismiss it; a late answer matches nothing", async () => {
		const { ui, sent, clock } = setup();
		const answer = ui.select("Quick", ["a"], { timeoutMs: 1000 });
		clock.advance(999);
		expect(ui.waiting).toBe(1);
		clock.advance(1);
		expect(await answer).toBeUndefined();
		expect(sent.at(-1)).toEqual({
			type: "extension_ui_request",
			id: "ui-2",
			method: "dismiss",
			targetId: "ui-1",
		});
		expect(ui.respond({ type: "extension_ui_response", id: "ui-1", value: "a" })).toBe(false);
	});

	it("an answer clears the timer; an aborted signal cancels the dialog (at once when already aborted)", async () => {
		const { ui, sent, clock } = setup();
		const answered = ui.confirm("A", "", { timeoutMs: 1000 });
		ui.respond({ type: "extension_ui_response", id: "ui-1", confirmed: true });
		expect(await answered).toBe(true);
		expect(clock.count()).toBe(0);

		const controller = new AbortController();
		const aborted = ui.input("B", { signal: controller.signal });
		controller.abort();
		expect(await aborted).toBeUndefined();
		expect(sent.at(-1)).toMatchObject({ method: "dismiss", targetId: "ui-2" });

		const count = sent.length;
		expect(await ui.editor("C", "", { signal: controller.signal })).toBeUndefined();
		expect(sent.length).toBe(count);
	});

	it("cancelAll resolves every waiting dialog as cancelled", async () => {
		const { ui } = setup();
		const a = ui.confirm("a");
		const b = ui.select("b", ["x"]);
		ui.cancelAll();
		expect([await a, await b]).toEqual([false, undefined]);
	});
});

describe("fire-and-forget calls", () => {
	it("notify, status, widgets, header, footer, print, editor text and panels each send one request", () => {
		const { ui, sent } = setup();
		ui.notify("done", "success");
		ui.setStatus("git", "main");
		ui.setStatus("git", undefined);
		ui.setWidget({ id: "w", content: "one\ntwo", placement: "below" });
		ui.removeWidget("w");
		ui.setHeader(["top"]);
		ui.setFooter(undefined);
		ui.setTitle("weft: review");
		ui.print({ kind: "info", title: "Session", text: "Id x" });
		ui.setEditorText("draft");
		ui.setPanel({ extension: "todo", id: "p1", title: "Todo", lines: ["a"], footer: "esc closes" });
		ui.setPanel(undefined);
		expect(sent.map(({ type, id, ...rest }) => rest)).toEqual([
			{ method: "notify", message: "done", notifyType: "info", level: "success" },
			{ method: "setStatus", statusKey: "git", statusText: "main" },
			{ method: "setStatus", statusKey: "git" },
			{ method: "setWidget", widgetKey: "w", widgetLines: ["one", "two"], widgetPlacement: "belowEditor" },
			{ method: "setWidget", widgetKey: "w" },
			{ method: "setHeader", lines: ["top"] },
			{ method: "setFooter" },
			{ method: "setTitle", title: "weft: review" },
			{ method: "print", kind: "info", text: "Id x", title: "Session" },
			{ method: "set_editor_text", text: "draft" },
			{
				method: "panel",
				panel: { extension: "todo", id: "p1", title: "Todo", lines: ["a"], footer: "esc closes" },
			},
			{ method: "panel" },
		]);
		expect(new Set(sent.map((r) => r.id)).size).toBe(sent.length);
	});

	it("an extension's notes name it, and what it showed is cleared when it unloads", () => {
		const { ui, sent } = setup();
		const scoped = ui.forExtension("git-status");
		scoped.notify("hello", "warning");
		scoped.setStatus("branch", "main");
		scoped.setWidget({ id: "files", content: ["a"] });
		ui.removeOwner("git-status");
		expect(sent.map(({ type, id, ...rest }) => rest)).toEqual([
			{
				method: "notify",
				message: "hello",
				notifyType: "warning",
				level: "warning",
				extension: "git-status",
			},
			{ method: "setStatus", statusKey: "branch", statusText: "main" },
			{ method: "setWidget", widgetKey: "files", widgetLines: ["a"], widgetPlacement: "aboveEditor" },
			{ method: "setStatus", statusKey: "branch" },
			{ method: "setWidget", widgetKey: "files" },
		]);
	});
});
