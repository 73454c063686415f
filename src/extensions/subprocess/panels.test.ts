import { describe, expect, it } from "vitest";
import { type PanelFrame, PanelManager } from "./panels.js";

function owner(name: string) {
	const sent: PanelFrame[] = [];
	return { sent, owner: { name, send: (frame: PanelFrame) => void sent.push(frame) } };
}

describe("panels", () => {
	it("keeps one open panel: opening another closes the first and tells its extension", () => {
		const panels = new PanelManager();
		const a = owner("a");
		const b = owner("b");
		const changes: Array<string | undefined> = [];
		panels.onChange((view) => changes.push(view?.id));
		expect(panels.openFrom(a.owner, { id: "one", title: "One", lines: ["x"] })).toBeUndefined();
		expect(panels.openFrom(b.owner, { id: "two" })).toBeUndefined();
		expect(a.sent).toEqual([{ type: "panel_close", panel_id: "one" }]);
		expect(panels.current()).toEqual({ extension: "b", id: "two", title: "", lines: [], footer: "" });
		expect(changes).toEqual(["one", undefined, "two"]);
	});

	it("applies renders and closes only from the owner of the open panel", () => {
		const panels = new PanelManager();
		const a = owner("a");
		panels.openFrom(a.owner, { id: "one" });
		expect(panels.renderFrom("b", { panel_id: "one", title: "stolen" })).toBe(false);
		expect(panels.renderFrom("a", { panel_id: "two", title: "wrong id" })).toBe(false);
		expect(panels.renderFrom("a", { panel_id: "one", title: "T", lines: ["1", 2], footer: "f" })).toBe(true);
		expect(panels.current()).toMatchObject({ title: "T", lines: ["1", "2"], footer: "f" });
		expect(panels.closeFrom("b", "one")).toBe(false);
		expect(panels.closeFrom("a", "one")).toBe(true);
		expect(a.sent).toEqual([]);
	});

	it("takes each render as the whole frame: missing lines or footer clear them, a missing title keeps it", () => {
		const panels = new PanelManager();
		const a = owner("a");
		panels.openFrom(a.owner, { id: "p", title: "Todo", lines: ["one", "two"], footer: "esc closes" });
		panels.renderFrom("a", { panel_id: "p" });
		expect(panels.current()).toMatchObject({ title: "Todo", lines: [], footer: "" });
		panels.renderFrom("a", { panel_id: "p", title: "", lines: ["three"] });
		expect(panels.current()).toMatchObject({ title: "Todo", lines: ["three"], footer: "" });
	});

	it("sends keys to the owner, names unknown keys 'unknown', and closes on Esc or Ctrl+C", () => {
		const panels = new PanelManager();
		const a = owner("a");
		expect(panels.sendKey("up")).toBe(false);
		panels.openFrom(a.owner, { id: "p" });
		panels.sendKey("up");
		panels.sendKey("rune", "q");
		panels.sendKey("f5");
		panels.sendKey("ctrl+c");
		expect(a.sent).toEqual([
			{ type: "panel_key", panel_id: "p", key: "up", text: "" },
			{ type: "panel_key", panel_id: "p", key: "rune", text: "q" },
			{ type: "panel_key", panel_id: "p", key: "unknown", text: "" },
			{ type: "panel_close", panel_id: "p" },
		]);
		expect(panels.current()).toBeUndefined();
	});

	it("drops an extension's panel silently when the extension goes away", () => {
		const panels = new PanelManager();
		const a = owner("a");
		panels.openFrom(a.owner, { id: "p" });
		panels.closeFor("b");
		expect(panels.current()).toBeDefined();
		panels.closeFor("a");
		expect(panels.current()).toBeUndefined();
		expect(a.sent).toEqual([]);
		expect(panels.openFrom(a.owner, { title: "no id" })).toBe('open_panel needs a panel with an "id"');
	});
});
