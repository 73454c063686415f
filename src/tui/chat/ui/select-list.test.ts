import { describe, expect, it } from "vitest";
import type { KeyEvent } from "../../input/input-events.js";
import { plain, visibleWidth } from "../../text/width.js";
import { DARK_THEME } from "../../theme/builtin-themes.js";
import { Styler } from "../../theme/style.js";
import { SelectList } from "./select-list.js";

const styler = new Styler(DARK_THEME);

function key(id: string): KeyEvent {
	const text = id === "space" ? " " : [...id].length === 1 ? id : undefined;
	return { type: "key", id, text, action: "press", raw: "" };
}

/** What a user reads: no styles, no trailing padding. */
const text = (lines: string[]) => lines.map((line) => plain(line).trimEnd());

function type(list: SelectList, text: string): void {
	for (const ch of text) list.handleInput(key(ch));
}

const models = [
	{ value: "gpt-4o", label: "GPT-4o", description: "OpenAI flagship" },
	{ value: "claude-sonnet", label: "Claude Sonnet", description: "Anthropic" },
	{ value: "gemini-pro", label: "Gemini Pro", description: "Google" },
];

describe("SelectList", () => {
	it("marks the highlighted row and shows descriptions in a second column", () => {
		const list = new SelectList(models, { styler });
		const lines = list.render(60).map(plain);
		expect(lines[0]).toBe("type to filter");
		expect(lines[1]).toMatch(/^› GPT-4o\s+OpenAI flagship\s*$/);
		expect(lines[2]).toMatch(/^ {2}Claude Sonnet\s+Anthropic$/);
		const descriptionColumns = lines.slice(1).map((line) => line.search(/OpenAI|Anthropic|Google/));
		expect(new Set(descriptionColumns).size).toBe(1);
	});

	it("highlights the selected row with the selection background across the width", () => {
		const list = new SelectList(models, { styler });
		const row = list.render(40)[1];
		expect(row).toContain(styler.sgr({ bg: "selectionBg" }));
		expect(visibleWidth(row)).toBe(40);
	});

	it("filters by typed text over labels and values, case-insensitively, and shows the filter", () => {
		const list = new SelectList(models, { styler });
		type(list, "CLAUDE");
		const lines = list.render(60).map(plain);
		expect(lines[0]).toBe("filter: CLAUDE");
		expect(lines.slice(1)).toEqual([expect.stringMatching(/^› Claude Sonnet/)]);
		list.handleInput(key("backspace"));
		list.handleInput(key("ctrl+u"));
		type(list, "pro");
		expect(list.selectedValue).toBe("gemini-pro");
		type(list, "zzz");
		expect(list.render(60).map(plain)).toContain("no matches");
		expect(list.selectedValue).toBeUndefined();
	});

	it("chooses the highlighted value on enter and cancels on escape", () => {
		const chosen: string[] = [];
		let cancelled = 0;
		const list = new SelectList(models, {
			styler,
			onSelect: (value) => chosen.push(value),
			onCancel: () => cancelled++,
		});
		list.handleInput(key("down"));
		list.handleInput(key("enter"));
		list.handleInput(key("up"));
		list.handleInput(key("up"));
		list.handleInput(key("enter"));
		list.handleInput(key("escape"));
		expect(chosen).toEqual(["claude-sonnet", "gemini-pro"]);
		expect(cancelled).toBe(1);
	});

	it("scrolls long lists with hints for what is above and below", () => {
		const items = Array.from({ length: 30 }, (_, i) => `item-${i}`);
		const list = new SelectList(items, { styler, maxVisible: 5 });
		let lines = text(list.render(40));
		expect(lines).toEqual([
			"type to filter",
			"",
			"› item-0",
			"  item-1",
			"  item-2",
			"  item-3",
			"  item-4",
			"  ↓ 25 more",
		]);
		list.handleInput(key("pagedown"));
		list.handleInput(key("down"));
		lines = text(list.render(40));
		expect(lines[1]).toBe("  ↑ 2 more");
		expect(lines).toContain("› item-6");
		expect(lines.at(-1)).toBe("  ↓ 23 more");
		list.handleInput(key("end"));
		lines = text(list.render(40));
		expect(lines.slice(-2)).toEqual(["› item-29", ""]);
		list.handleInput(key("home"));
		expect(list.selectedValue).toBe("item-0");
		list.handleInput(key("up"));
		expect(list.selectedValue).toBe("item-29");
	});

	it("never draws a line wider than the width, dropping descriptions when there is no room", () => {
		const list = new SelectList(
			[{ value: "x", label: "界".repeat(30), description: "a very long description indeed" }],
			{ styler },
		);
		for (const width of [1, 5, 12, 20, 33]) {
			for (const line of list.render(width)) expect(visibleWidth(line)).toBeLessThanOrEqual(width);
		}
		expect(plain(list.render(20)[1])).not.toContain("description");
	});

	it("in multi-select mode, space ticks items and enter confirms the ticked set", () => {
		const confirmed: string[][] = [];
		const list = new SelectList(models, {
			styler,
			multi: true,
			checked: ["gemini-pro"],
			onConfirm: (v) => confirmed.push(v),
		});
		expect(list.render(60).map(plain).at(-1)).toBe("1 selected");
		list.handleInput(key("space"));
		list.handleInput(key("down"));
		list.handleInput(key("down"));
		list.handleInput(key("space"));
		const lines = list.render(60).map(plain);
		expect(lines[1]).toMatch(/^ {2}\[x\] GPT-4o/);
		expect(lines[3]).toMatch(/^› \[ \] Gemini Pro/);
		expect(lines.at(-1)).toBe("1 selected");
		list.handleInput(key("up"));
		list.handleInput(key("space"));
		list.handleInput(key("enter"));
		expect(confirmed).toEqual([["gpt-4o", "claude-sonnet"]]);
	});

	it("keeps ticks while the filter hides items", () => {
		const list = new SelectList(models, { styler, multi: true });
		list.handleInput(key("space"));
		type(list, "gem");
		list.handleInput(key("space"));
		expect(list.checkedValues).toEqual(["gpt-4o", "gemini-pro"]);
	});

	it("starts on the initial value", () => {
		const list = new SelectList(models, { styler, initial: "gemini-pro" });
		expect(list.selectedValue).toBe("gemini-pro");
	});
});
