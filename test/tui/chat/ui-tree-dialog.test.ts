import { describe, expect, it } from "vitest";
import { TreeDialog, type TreeDialogRow } from "../../../src/tui/chat/ui/tree-dialog.js";
import type { KeyEvent } from "../../../src/tui/input/input-events.js";
import { plain, visibleWidth } from "../../../src/tui/text/width.js";
import { DARK_THEME } from "../../../src/tui/theme/builtin-themes.js";
import { Styler } from "../../../src/tui/theme/style.js";

const styler = new Styler(DARK_THEME);

function press(dialog: TreeDialog, ...ids: string[]): void {
	for (const id of ids) {
		const text = id === "space" ? " " : [...id].length === 1 ? id : undefined;
		const key: KeyEvent = { type: "key", id, text, action: "press", raw: "" };
		dialog.handleInput(key);
	}
}

const text = (lines: string[]) => lines.map((line) => plain(line).trimEnd());

function row(id: string, fields: Partial<TreeDialogRow> = {}): TreeDialogRow {
	return {
		id,
		guide: "",
		text: `message ${id}`,
		meta: "1 min ago",
		kind: "user",
		onPath: false,
		current: false,
		...fields,
	};
}

const branched: TreeDialogRow[] = [
	row("a", { onPath: true }),
	row("b", { guide: "├─ " }),
	row("c", { guide: "│  " }),
	row("d", { guide: "└─ ", onPath: true, current: true }),
];

describe("TreeDialog", () => {
	it("draws guides, marks the current node and starts on it", () => {
		const dialog = new TreeDialog(branched, styler, () => 24);
		const lines = text(dialog.render(60));
		expect(lines[0]).toMatch(/^╭─ Session tree/);
		expect(lines).toContain("│   • message a                                  1 min ago │");
		expect(lines).toContain("│   ├─ • message b                               1 min ago │");
		expect(lines).toContain("│ › └─ ● message d                        here · 1 min ago │");
		expect(lines.every((l) => visibleWidth(l) === 60)).toBe(true);
	});

	it("Enter picks the highlighted node, → the end of its turn, Esc nothing", async () => {
		const pick = new TreeDialog(branched, styler, () => 24);
		press(pick, "up", "up", "enter");
		expect(await pick.result).toEqual({ id: "b", at: "node" });

		const after = new TreeDialog(branched, styler, () => 24);
		press(after, "home", "right");
		expect(await after.result).toEqual({ id: "a", at: "after" });

		const closed = new TreeDialog(branched, styler, () => 24);
		press(closed, "escape");
		expect(await closed.result).toBeUndefined();
	});

	it("typing filters, keeping the highlighted node when it still matches", async () => {
		const dialog = new TreeDialog(branched, styler, () => 24);
		press(dialog, ..."message".split(""));
		expect(text(dialog.render(60)).join("\n")).toContain("4/4");
		press(dialog, "space", "c");
		const lines = text(dialog.render(60));
		expect(lines.join("\n")).toContain("filter: message c");
		expect(lines.join("\n")).toContain("1/4");
		expect(lines.filter((l) => l.includes("message"))).toHaveLength(2);
		press(dialog, "enter");
		expect(await dialog.result).toEqual({ id: "c", at: "node" });
	});

	it("shows labels before the text, filters on them, starts on a row marked selected and Ctrl+E asks to label", async () => {
		const rows = [row("a", { labels: ["start"] }), row("b", { selected: true }), row("c", { current: true })];
		const dialog = new TreeDialog(rows, styler, () => 24);
		const lines = text(dialog.render(60));
		expect(lines).toContain("│   • [start] message a                          1 min ago │");
		expect(lines.find((l) => l.includes("›"))).toContain("message b");
		press(dialog, ..."start".split(""));
		expect(text(dialog.render(60)).join("\n")).toContain("1/3");
		press(dialog, "ctrl+e");
		expect(await dialog.result).toEqual({ id: "a", at: "label" });
	});

	it("fits the terminal's height, scrolls with the page keys and says how much is hidden", async () => {
		const many = Array.from({ length: 100 }, (_, i) => row(String(i), { current: i === 99 }));
		let height = 24;
		const dialog = new TreeDialog(many, styler, () => height);
		let lines = text(dialog.render(60));
		expect(lines).toHaveLength(24);
		expect(lines.join("\n")).toContain("↑ 82 more");
		expect(lines.join("\n")).toContain("message 99");
		press(dialog, "pageup");
		lines = text(dialog.render(60));
		expect(lines.join("\n")).toContain("› • message 81");
		height = 12;
		lines = text(dialog.render(60));
		expect(lines).toHaveLength(12);
		press(dialog, "home");
		lines = text(dialog.render(60));
		expect(lines.join("\n")).toContain("› • message 0");
		expect(lines.join("\n")).toContain("↓ 94 more");
		press(dialog, "end", "enter");
		expect(await dialog.result).toEqual({ id: "99", at: "node" });
	});

	it("keeps deep guides to a share of the width so the text stays readable", () => {
		const deep = row("x", { guide: "│  ".repeat(30), text: "deep message" });
		const lines = text(new TreeDialog([deep], styler, () => 24).render(80));
		const line = lines.find((l) => l.includes("deep message"))!;
		expect(line).toContain("…");
		expect(line.indexOf("deep message")).toBeLessThan(40);
	});
});
