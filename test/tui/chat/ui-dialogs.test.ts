import { describe, expect, it } from "vitest";
import { withDialogOptions } from "../../../src/tui/chat/ui/dialog-options.js";
import {
	ConfirmDialog,
	EditorDialog,
	InputDialog,
	MultiSelectDialog,
	SelectDialog,
} from "../../../src/tui/chat/ui/dialogs.js";
import { placeOverlay } from "../../../src/tui/chat/ui/overlay.js";
import type { KeyEvent } from "../../../src/tui/input/input-events.js";
import { plain, visibleWidth } from "../../../src/tui/text/width.js";
import { DARK_THEME } from "../../../src/tui/theme/builtin-themes.js";
import { Styler } from "../../../src/tui/theme/style.js";
import { ManualClock } from "../support/manual-clock.js";
import { Screen } from "../support/screen.js";

const styler = new Styler(DARK_THEME);

function key(id: string): KeyEvent {
	const text = id === "space" ? " " : [...id].length === 1 ? id : undefined;
	return { type: "key", id, text, action: "press", raw: "" };
}

function press(dialog: { handleInput(key: KeyEvent): boolean }, ...ids: string[]): void {
	for (const id of ids) dialog.handleInput(key(id));
}

function typeText(dialog: { handleInput(key: KeyEvent): boolean }, text: string): void {
	for (const ch of text) dialog.handleInput(key(ch === " " ? "space" : ch));
}

const text = (lines: string[]) => lines.map((line) => plain(line).trimEnd());

const base = [
	"> explain the diff",
	"",
	"The change renames a field and",
	"updates every caller. Tests pass.",
	"",
	"> and the docs?",
	"",
	"They mention the old name twice.",
	"",
	"› composer text",
	"gpt-4o · $0.0123",
];

/** The frame as a terminal shows it: base lines with the dialog drawn over them. */
async function showOver(
	dialog: { render(width: number): string[] },
	cols = 50,
	rows = 16,
): Promise<string[]> {
	const screen = new Screen(cols, rows);
	const lines = placeOverlay(base, dialog.render(cols - 10), {
		anchor: "bottom",
		screenWidth: cols,
		screenHeight: rows,
	});
	screen.write(lines.join("\r\n"));
	return (await screen.screen()).map((row) => row.trimEnd());
}

const items = [
	{ value: "a", label: "Alpha", description: "first" },
	{ value: "b", label: "Beta", description: "second" },
	{ value: "c", label: "Gamma", description: "third" },
];

describe("SelectDialog", () => {
	it("shows the list in a rounded frame with the title in the border and a key hint", () => {
		const lines = text(new SelectDialog("Pick a model", items, styler).render(40));
		expect(lines[0]).toMatch(/^╭─ Pick a model ─+╮$/);
		expect(lines.at(-1)).toMatch(/^╰─+╯$/);
		expect(lines.at(-2)).toBe("│ ↑↓ select · type to filter · enter … │");
		expect(lines[2]).toMatch(/^│ › Alpha +first +│$/);
		for (const line of lines) expect(visibleWidth(line)).toBe(40);
	});

	it("resolves with the chosen value", async () => {
		const dialog = new SelectDialog("Pick", items, styler);
		press(dialog, "down", "down", "enter");
		await expect(dialog.result).resolves.toBe("c");
		expect(dialog.settled).toBe(true);
		expect(dialog.handleInput(key("up"))).toBe(false);
	});

	it("resolves undefined on escape", async () => {
		const dialog = new SelectDialog("Pick", items, styler);
		press(dialog, "escape");
		await expect(dialog.result).resolves.toBeUndefined();
	});

	it("floats over the chat on a real terminal screen, the chat still showing around it", async () => {
		const dialog = new SelectDialog("Pick a model", items, styler);
		press(dialog, "down");
		const screen = await showOver(dialog);
		expect(screen.slice(0, 12)).toEqual([
			"> explain the diff",
			"",
			"The change renames a field and",
			"updates every caller. Tests pass.",
			"     ╭─ Pick a model ───────────────────────╮",
			"> and│ type to filter                       │",
			"     │   Alpha  first                       │",
			"They │ › Beta   second                      │",
			"     │   Gamma  third                       │",
			"› com│ ↑↓ select · type to filter · enter … │",
			"gpt-4╰──────────────────────────────────────╯",
			"",
		]);
	});
});

describe("MultiSelectDialog", () => {
	it("toggles items with space and resolves with the ticked values in item order", async () => {
		const dialog = new MultiSelectDialog("Tools", items, styler, { checked: ["c"] });
		press(dialog, "down", "space", "up", "space", "down", "down", "space");
		const lines = text(dialog.render(40));
		expect(lines[2]).toMatch(/\[x\] Alpha/);
		expect(lines[3]).toMatch(/\[x\] Beta/);
		expect(lines[4]).toMatch(/› \[ \] Gamma/);
		expect(lines).toContain(`│ 2 selected${" ".repeat(26)} │`);
		press(dialog, "enter");
		await expect(dialog.result).resolves.toEqual(["a", "b"]);
	});

	it("resolves undefined when cancelled, whatever was ticked", async () => {
		const dialog = new MultiSelectDialog("Tools", items, styler);
		press(dialog, "space", "escape");
		await expect(dialog.result).resolves.toBeUndefined();
	});
});

describe("ConfirmDialog", () => {
	it("answers yes with y and no with n", async () => {
		const yes = new ConfirmDialog("Delete?", undefined, styler);
		press(yes, "y");
		await expect(yes.result).resolves.toBe(true);
		const no = new ConfirmDialog("Delete?", undefined, styler);
		press(no, "n");
		await expect(no.result).resolves.toBe(false);
	});

	it("moves between Yes and No with left and right, and enter presses the chosen one", async () => {
		const dialog = new ConfirmDialog("Delete?", "This removes 3 files.", styler);
		expect(text(dialog.render(40))[3]).toMatch(/^│ › Yes {5}No +│$/);
		press(dialog, "right");
		expect(text(dialog.render(40))[3]).toMatch(/^│ {3}Yes {3}› No +│$/);
		press(dialog, "enter");
		await expect(dialog.result).resolves.toBe(false);
	});

	it("answers no when cancelled", async () => {
		const dialog = new ConfirmDialog("Delete?", undefined, styler);
		press(dialog, "escape");
		await expect(dialog.result).resolves.toBe(false);
	});

	it("shows its question and buttons over the chat on a real terminal screen", async () => {
		const dialog = new ConfirmDialog(
			"Trust this folder?",
			"Project extensions run code from ./repo.",
			styler,
		);
		const screen = await showOver(dialog);
		expect(screen.slice(0, 12)).toEqual([
			"> explain the diff",
			"",
			"The change renames a field and",
			"updates every caller. Tests pass.",
			"     ╭─ Trust this folder? ─────────────────╮",
			"> and│ Project extensions run code from     │",
			"     │ ./repo.                              │",
			"They │                                      │",
			"     │ › Yes     No                         │",
			"› com│ y/n · ←→ choose · enter confirm · e… │",
			"gpt-4╰──────────────────────────────────────╯",
			"",
		]);
	});
});

describe("InputDialog", () => {
	it("edits one line and resolves with it on enter", async () => {
		const dialog = new InputDialog("API key", { initial: "sk-" }, styler);
		typeText(dialog, "abc");
		press(dialog, "left", "backspace", "home", "ctrl+k");
		typeText(dialog, "key ");
		press(dialog, "enter");
		await expect(dialog.result).resolves.toBe("key ");
	});

	it("shows the placeholder while empty and places the cursor after the prompt", () => {
		const dialog = new InputDialog("Name", { placeholder: "your name", message: "Who are you?" }, styler);
		const lines = text(dialog.render(30));
		expect(lines.slice(1, 3)).toEqual(["│ Who are you?               │", "│ › your name                │"]);
		expect(dialog.cursor()).toEqual({ row: 2, col: 4 });
		typeText(dialog, "Ann");
		expect(text(dialog.render(30))[2]).toBe("│ › Ann                      │");
		expect(dialog.cursor()).toEqual({ row: 2, col: 7 });
	});

	it("scrolls sideways to keep the cursor in view on a long line", () => {
		const dialog = new InputDialog("Long", { initial: "0123456789abcdefghij" }, styler);
		const lines = text(dialog.render(16));
		// The last column stays free for the cursor at the end of the text.
		expect(lines[1]).toBe("│ › bcdefghij  │");
		expect(dialog.cursor()).toEqual({ row: 1, col: 13 });
	});

	it("takes pasted text on one line", async () => {
		const dialog = new InputDialog("Paste", {}, styler);
		dialog.handlePaste("one\ntwo");
		press(dialog, "enter");
		await expect(dialog.result).resolves.toBe("one two");
	});

	it("resolves undefined on escape", async () => {
		const dialog = new InputDialog("Name", {}, styler);
		typeText(dialog, "x");
		press(dialog, "escape");
		await expect(dialog.result).resolves.toBeUndefined();
	});
});

describe("EditorDialog", () => {
	it("makes a new line on enter and submits on ctrl+s", async () => {
		const dialog = new EditorDialog("Commit message", { initial: "title" }, styler);
		press(dialog, "enter");
		typeText(dialog, "body");
		expect(text(dialog.render(30)).slice(1, 3)).toEqual([
			"│ title                      │",
			"│ body                       │",
		]);
		expect(dialog.cursor()).toEqual({ row: 2, col: 6 });
		press(dialog, "ctrl+s");
		await expect(dialog.result).resolves.toBe("title\nbody");
	});

	it("submits on ctrl+enter and resolves undefined on escape", async () => {
		const submitted = new EditorDialog("Edit", { initial: "x" }, styler);
		press(submitted, "ctrl+enter");
		await expect(submitted.result).resolves.toBe("x");
		const cancelled = new EditorDialog("Edit", { initial: "x" }, styler);
		press(cancelled, "escape");
		await expect(cancelled.result).resolves.toBeUndefined();
	});
});

describe("withDialogOptions", () => {
	it("counts down in the footer and resolves undefined when the time runs out", async () => {
		const clock = new ManualClock();
		const dialog = new SelectDialog("Pick", items, styler);
		let changes = 0;
		dialog.onChange(() => changes++);
		const result = withDialogOptions(dialog, { timeoutMs: 5000 }, clock);
		expect(text(dialog.render(60)).at(-2)).toMatch(
			/^│ ↑↓ select · type to filter · enter conf… {2}\(closes in 5s\) │$/,
		);
		clock.advance(1000);
		expect(text(dialog.render(60)).at(-2)).toMatch(/\(closes in 4s\) │$/);
		clock.advance(3500);
		expect(text(dialog.render(60)).at(-2)).toMatch(/\(closes in 1s\) │$/);
		// One change per shown second: 5, 4, 3, 2, 1.
		expect(changes).toBe(5);
		clock.advance(500);
		await expect(result).resolves.toBeUndefined();
		expect(dialog.settled).toBe(true);
		expect(clock.pending).toBe(0);
	});

	it("keeps the countdown when the hint has to give way on a narrow dialog", () => {
		const clock = new ManualClock();
		const dialog = new SelectDialog("Pick", items, styler);
		withDialogOptions(dialog, { timeoutMs: 30_000 }, clock);
		expect(text(dialog.render(30)).at(-2)).toBe("│ ↑↓ selec…  (closes in 30s) │");
	});

	it("resolves with the answer given before the timeout and stops the countdown", async () => {
		const clock = new ManualClock();
		const dialog = new SelectDialog("Pick", items, styler);
		const result = withDialogOptions(dialog, { timeoutMs: 5000 }, clock);
		press(dialog, "enter");
		await expect(result).resolves.toBe("a");
		expect(clock.pending).toBe(0);
	});

	it("resolves undefined and cancels the dialog when the signal aborts", async () => {
		const controller = new AbortController();
		const dialog = new InputDialog("Name", {}, styler);
		const result = withDialogOptions(dialog, { signal: controller.signal });
		typeText(dialog, "half");
		controller.abort();
		await expect(result).resolves.toBeUndefined();
		await expect(dialog.result).resolves.toBeUndefined();
	});

	it("resolves undefined at once for a signal that has already aborted", async () => {
		const dialog = new ConfirmDialog("Sure?", undefined, styler);
		const result = withDialogOptions(
			dialog,
			{ signal: AbortSignal.abort(), timeoutMs: 1000 },
			new ManualClock(),
		);
		expect(dialog.settled).toBe(true);
		await expect(result).resolves.toBeUndefined();
		await expect(dialog.result).resolves.toBe(false);
	});

	it("times out a custom dialog that only has a result", async () => {
		const clock = new ManualClock();
		const result = withDialogOptions({ result: new Promise<string>(() => {}) }, { timeoutMs: 2000 }, clock);
		clock.advance(2000);
		await expect(result).resolves.toBeUndefined();
	});
});
