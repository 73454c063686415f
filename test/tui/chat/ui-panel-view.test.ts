import { describe, expect, it } from "vitest";
import { type PanelFrame, PanelManager } from "../../../src/extensions/subprocess/panels.js";
import { PanelView, panelKey } from "../../../src/tui/chat/ui/panel-view.js";
import type { KeyEvent } from "../../../src/tui/input/input-events.js";
import { plain, visibleWidth } from "../../../src/tui/text/width.js";
import { DARK_THEME } from "../../../src/tui/theme/builtin-themes.js";
import { Styler } from "../../../src/tui/theme/style.js";
import { Screen } from "../support/screen.js";

const styler = new Styler(DARK_THEME);

function key(id: string, text?: string, action: KeyEvent["action"] = "press"): KeyEvent {
	return { type: "key", id, text, action, raw: "" };
}

const panel = {
	extension: "todo",
	id: "p1",
	title: "Todos",
	lines: ["[ ] write tests", "[x] ship"],
	footer: "2 items",
};

describe("panelKey", () => {
	it("maps keys to the protocol's panel key names", () => {
		const names = [
			"up",
			"down",
			"left",
			"right",
			"enter",
			"tab",
			"backspace",
			"delete",
			"home",
			"end",
			"pageup",
			"pagedown",
		];
		for (const name of names) expect(panelKey(key(name))).toEqual({ key: name, text: "" });
	});

	it("sends typed characters as runes with their text, space included", () => {
		expect(panelKey(key("x", "x"))).toEqual({ key: "rune", text: "x" });
		expect(panelKey(key("shift+a", "A"))).toEqual({ key: "rune", text: "A" });
		expect(panelKey(key("space", " "))).toEqual({ key: "rune", text: " " });
		expect(panelKey(key("é", "é"))).toEqual({ key: "rune", text: "é" });
	});

	it("passes the closing keys through and names everything else unknown", () => {
		expect(panelKey(key("escape"))).toEqual({ key: "escape", text: "" });
		expect(panelKey(key("ctrl+c"))).toEqual({ key: "ctrl+c", text: "" });
		expect(panelKey(key("ctrl+x"))).toEqual({ key: "unknown", text: "" });
		expect(panelKey(key("f5"))).toEqual({ key: "unknown", text: "" });
		expect(panelKey(key("up", undefined, "release"))).toBeUndefined();
	});
});

describe("PanelView", () => {
	it("forwards keys to the extension through the panel manager, and Esc closes the panel", () => {
		const frames: PanelFrame[] = [];
		const panels = new PanelManager();
		panels.openFrom(
			{ name: "todo", send: (frame) => frames.push(frame) },
			{ id: "p1", title: "Todos", lines: [] },
		);
		const view = new PanelView({ styler, send: (k, text) => panels.sendKey(k, text) });
		view.update(panels.current());
		expect(view.handleInput(key("down"))).toBe(true);
		view.handleInput(key("x", "x"));
		view.handleInput(key("escape"));
		expect(frames).toEqual([
			{ type: "panel_key", panel_id: "p1", key: "down", text: "" },
			{ type: "panel_key", panel_id: "p1", key: "rune", text: "x" },
			{ type: "panel_close", panel_id: "p1" },
		]);
		expect(panels.current()).toBeUndefined();
	});

	it("takes no keys when no panel is shown", () => {
		const sent: string[] = [];
		const view = new PanelView({ styler, send: (k) => sent.push(k) });
		expect(view.handleInput(key("down"))).toBe(false);
		expect(view.render(40)).toEqual([]);
		expect(sent).toEqual([]);
	});

	it("draws the title, lines, footer and an esc hint in a box", async () => {
		const view = new PanelView({ styler, send: () => {} });
		view.update(panel);
		const lines = view.render(30);
		for (const line of lines) expect(visibleWidth(line)).toBe(30);
		const screen = new Screen(30, 6);
		screen.write(lines.join("\r\n"));
		expect(await screen.screen()).toEqual([
			"╭─ Todos ────────────────────╮",
			"│ [ ] write tests            │",
			"│ [x] ship                   │",
			"│ 2 items                    │",
			"╰──────────────── esc close ─╯",
			"",
		]);
	});

	it("is as tall as the screen, not a fixed 20 rows", () => {
		const view = new PanelView({ styler, send: () => {}, screenRows: () => 40 });
		view.update({ ...panel, lines: Array.from({ length: 30 }, (_, i) => `line ${i}`), footer: "30 lines" });
		const lines = view.render(30).map((line) => plain(line).trimEnd());
		expect(lines).toHaveLength(33);
		expect(lines[1]).toBe("│ line 0                     │");
		expect(lines[31]).toBe("│ 30 lines                   │");
	});

	it("keeps to the screen, showing the newest lines and how many scrolled off", () => {
		const view = new PanelView({ styler, send: () => {}, screenRows: () => 6 });
		view.update({ ...panel, lines: Array.from({ length: 10 }, (_, i) => `line ${i}`), footer: "" });
		expect(view.render(30).map((line) => plain(line).trimEnd())).toEqual([
			"╭─ Todos ────────────────────╮",
			"│ ↑ 7 earlier lines          │",
			"│ line 7                     │",
			"│ line 8                     │",
			"│ line 9                     │",
			"╰──────────────── esc close ─╯",
		]);
	});
});
