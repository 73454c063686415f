import { describe, expect, it } from "vitest";
import type { KeyEvent } from "../../input/input-events.js";
import { ContentBuffer } from "../../primitives/buffer.js";
import { plain, visibleWidth } from "../../text/width.js";
import { DARK_THEME } from "../../theme/builtin-themes.js";
import { Styler } from "../../theme/style.js";
import { COMPOSER_BINDINGS, Composer, type ComposerOptions } from "./composer.js";
import { ComposerHistory } from "./history.js";

function key(id: string, text?: string): KeyEvent {
	const event: KeyEvent = { type: "key", id, action: "press", raw: "" };
	if (text !== undefined) event.text = text;
	return event;
}

/** A composer on a fresh "composer" buffer, driven like a user at the keyboard. */
function setup(options: Partial<Omit<ComposerOptions, "buffer" | "styler">> = {}) {
	const buffer = new ContentBuffer("composer", "lines", "weft");
	const styler = new Styler(DARK_THEME);
	const composer = new Composer({ buffer, styler: () => styler, placeholder: "Ask anything", ...options });
	const submitted: string[] = [];
	composer.onSubmit((text) => submitted.push(text));
	return {
		composer,
		buffer,
		submitted,
		type(text: string) {
			for (const char of text) composer.handleInput(key(char === " " ? "space" : char, char));
		},
		/** A key as the app routes it: the open completion list first, then the stock bindings, then typing. */
		press(id: string): boolean {
			const event = key(id);
			if (composer.captures(event) && composer.handleInput(event)) return true;
			const action = COMPOSER_BINDINGS.find((b) => b.keys.includes(id))?.action;
			return action ? composer.actions[action]() : composer.handleInput(event);
		},
		paste(text: string) {
			composer.handleInput({ type: "paste", text });
		},
		view(width = 40): string[] {
			return composer.render(width).map(plain);
		},
	};
}

describe("Composer rendering", () => {
	it("shows the placeholder between two rules when empty, with the cursor after the prompt", () => {
		const { composer, view } = setup();
		expect(view(30)).toEqual(["─".repeat(30), "> Ask anything", "─".repeat(30)]);
		expect(composer.cursor()).toEqual({ row: 1, col: 2 });
		const styled = composer.render(30)[1];
		expect(styled).toContain(new Styler(DARK_THEME).fg("dim", "Ask anything"));
	});

	it("draws the rules in borderFocus when focused and border otherwise", () => {
		const { composer } = setup();
		const styler = new Styler(DARK_THEME);
		expect(composer.render(10)[0]).toBe(styler.fg("borderFocus", "─".repeat(10)));
		composer.focused = false;
		expect(composer.render(10)[0]).toBe(styler.fg("border", "─".repeat(10)));
	});

	it("soft-wraps at word boundaries and puts the cursor on the last wrapped row", () => {
		const { composer, type, view } = setup();
		type("the quick brown fox jumps over the lazy dog");
		expect(view(20)).toEqual([
			"─".repeat(20),
			"> the quick brown ",
			"  fox jumps over ",
			"  the lazy dog",
			"─".repeat(20),
		]);
		expect(composer.cursor()).toEqual({ row: 3, col: 2 + "the lazy dog".length });
	});

	it("keeps every line within the width, whatever the text and width", () => {
		const { composer, type } = setup({ placeholder: "a long placeholder text" });
		for (let width = 1; width <= 24; width++) {
			for (const line of composer.render(width)) expect(visibleWidth(line)).toBeLessThanOrEqual(width);
		}
		type("日本語のテキスト 👨‍👩‍👧 emoji and averyveryverylongwordwithoutspaces\tdone");
		for (let width = 1; width <= 40; width++) {
			for (const line of composer.render(width)) expect(visibleWidth(line)).toBeLessThanOrEqual(width);
			expect(composer.cursor()!.col).toBeLessThan(width === 1 ? 2 : width);
		}
	});

	it("shows at most maxRows rows and scrolls to keep the cursor in view", () => {
		const { composer, view, press } = setup({ maxRows: 3 });
		composer.setText(["l1", "l2", "l3", "l4", "l5", "l6"].join("\n"));
		expect(view(20)).toEqual(["─".repeat(8) + " ↑ 3 more " + "──", "  l4", "  l5", "  l6", "─".repeat(20)]);
		expect(composer.cursor()).toEqual({ row: 3, col: 4 });
		press("alt+<");
		expect(view(20)).toEqual(["─".repeat(20), "> l1", "  l2", "  l3", "─".repeat(8) + " ↓ 3 more " + "──"]);
		expect(composer.cursor()).toEqual({ row: 1, col: 2 });
		press("down");
		press("down");
		press("down");
		expect(view(20).slice(1, 4)).toEqual(["  l2", "  l3", "  l4"]);
		expect(composer.cursor()).toEqual({ row: 3, col: 2 });
	});

	it("moves up and down by wrapped rows before leaving a long line", () => {
		const { composer, type, press } = setup();
		type("aaaa bbbb cccc");
		composer.render(10);
		expect(composer.cursor()).toEqual({ row: 3, col: 6 });
		expect(press("up")).toBe(true);
		composer.render(10);
		expect(composer.cursor()).toEqual({ row: 2, col: 6 });
		press("up");
		composer.render(10);
		expect(composer.cursor()).toEqual({ row: 1, col: 6 });
		expect(composer.getText()).toBe("aaaa bbbb cccc");
	});
});

describe("Composer and its buffer", () => {
	it("writes edits into the composer buffer", () => {
		const { buffer, type, press } = setup();
		type("hello");
		press("shift+enter");
		type("world");
		expect(buffer.getLines()).toEqual(["hello", "world"]);
	});

	it("shows text an extension puts into the buffer, cursor at the end", () => {
		const { composer, buffer, view } = setup();
		buffer.setText("from an extension\nsecond");
		expect(composer.getText()).toBe("from an extension\nsecond");
		expect(view(30)[2]).toBe("  second");
		expect(composer.cursor()).toEqual({ row: 2, col: 8 });
	});
});

describe("Composer editing actions", () => {
	it("types, kills, yanks and undoes through the stock bindings", () => {
		const { composer, type, press } = setup();
		type("one two three");
		press("ctrl+w");
		press("ctrl+a");
		press("ctrl+k");
		expect(composer.getText()).toBe("");
		press("ctrl+y");
		expect(composer.getText()).toBe("one two ");
		press("alt+y");
		expect(composer.getText()).toBe("three");
		press("ctrl+_");
		press("ctrl+_");
		expect(composer.getText()).toBe("");
		press("alt+_");
		expect(composer.getText()).toBe("one two ");
	});

	it("ctrl+d deletes forward but reports nothing done on an empty composer, so the app can exit", () => {
		const { composer, press, type } = setup();
		expect(press("ctrl+d")).toBe(false);
		type("ab");
		press("ctrl+a");
		expect(press("ctrl+d")).toBe(true);
		expect(composer.getText()).toBe("b");
	});

	it("binds neither ctrl+z (suspend) nor alt+enter (the app's follow-up)", () => {
		const keys = COMPOSER_BINDINGS.flatMap((b) => b.keys);
		expect(keys).not.toContain("ctrl+z");
		expect(keys).not.toContain("alt+enter");
		expect(new Set(keys).size).toBe(keys.length);
	});
});

describe("Composer submit", () => {
	it("sends the text, records it in history and clears the editor", () => {
		const history = new ComposerHistory();
		const { composer, type, press, submitted } = setup({ history });
		type("hi there");
		expect(press("enter")).toBe(true);
		expect(submitted).toEqual(["hi there"]);
		expect(composer.isEmpty).toBe(true);
		expect(history.list()).toEqual(["hi there"]);
	});

	it("does nothing for an empty or whitespace-only message", () => {
		const { composer, type, press, submitted } = setup();
		expect(press("enter")).toBe(false);
		type("   ");
		expect(press("enter")).toBe(false);
		expect(submitted).toEqual([]);
		expect(composer.getText()).toBe("   ");
	});
});

describe("Composer paste", () => {
	it("inserts a small paste as text, newlines kept", () => {
		const { composer, paste } = setup();
		paste("line 1\r\nline 2");
		expect(composer.getText()).toBe("line 1\nline 2");
	});

	it("collapses a paste of many lines into a marker and sends the full text", () => {
		const { composer, type, paste, press, view, submitted } = setup();
		const big = Array.from({ length: 42 }, (_, i) => `log line ${i}`).join("\n");
		type("look: ");
		paste(big);
		type(" thanks");
		expect(view(60)[1]).toBe("> look: [paste #1 +42 lines] thanks");
		expect(composer.getText()).toBe(`look: ${big} thanks`);
		press("enter");
		expect(submitted).toEqual([`look: ${big} thanks`]);
	});

	it("collapses a long single-line paste by its length", () => {
		const { paste, view } = setup();
		paste("x".repeat(1500));
		expect(view(60)[1]).toBe("> [paste #1 1500 chars]");
	});

	it("deletes a marker whole with backspace and steps over it with the arrows", () => {
		const { composer, paste, press, type } = setup();
		type("a");
		paste("y\n".repeat(20));
		type("b");
		press("left");
		press("left");
		expect(composer.render(60) && composer.cursor()).toEqual({ row: 1, col: 3 });
		press("right");
		press("backspace");
		expect(composer.getText()).toBe("ab");
	});
});

describe("Composer history browsing", () => {
	it("walks back through history from the first line and restores the draft at the bottom", () => {
		const history = new ComposerHistory();
		history.add("first");
		history.add("second");
		const { composer, type, press } = setup({ history });
		type("my draft");
		expect(press("up")).toBe(true);
		expect(composer.getText()).toBe("second");
		press("up");
		expect(composer.getText()).toBe("first");
		expect(press("up")).toBe(false);
		press("down");
		expect(composer.getText()).toBe("second");
		press("down");
		expect(composer.getText()).toBe("my draft");
		expect(press("down")).toBe(false);
	});

	it("moves between lines of a multi-line message before reaching history", () => {
		const history = new ComposerHistory();
		history.add("old");
		const { composer, type, press } = setup({ history });
		type("a");
		press("shift+enter");
		type("b");
		composer.render(40);
		press("up");
		expect(composer.getText()).toBe("a\nb");
		press("up");
		expect(composer.getText()).toBe("old");
	});

	it("ctrl+p and ctrl+n browse history from anywhere", () => {
		const history = new ComposerHistory();
		history.add("previous prompt");
		const { composer, press } = setup({ history });
		press("ctrl+p");
		expect(composer.getText()).toBe("previous prompt");
		press("ctrl+n");
		expect(composer.getText()).toBe("");
	});
});
