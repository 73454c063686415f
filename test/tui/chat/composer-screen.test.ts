import { describe, expect, it } from "vitest";
import { Composer } from "../../../src/tui/chat/composer/composer.js";
import type { KeyEvent } from "../../../src/tui/input/input-events.js";
import { ContentBuffer } from "../../../src/tui/primitives/buffer.js";
import { InlineRenderer } from "../../../src/tui/render/inline-renderer.js";
import { DARK_THEME } from "../../../src/tui/theme/builtin-themes.js";
import { Styler } from "../../../src/tui/theme/style.js";
import { ManualClock } from "../support/manual-clock.js";
import { Screen } from "../support/screen.js";

function key(id: string, text?: string): KeyEvent {
	return text === undefined
		? { type: "key", id, action: "press", raw: "" }
		: { type: "key", id, text, action: "press", raw: "" };
}

/** The composer as the only thing in the live region of a real (headless) terminal. */
function setup(cols: number, rows = 12) {
	const screen = new Screen(cols, rows);
	const styler = new Styler(DARK_THEME);
	const composer = new Composer({
		buffer: new ContentBuffer("composer", "lines", "weft"),
		styler: () => styler,
		placeholder: "Ask anything",
		completion: {
			commands: () => [
				{ name: "help", description: "Show commands and keys" },
				{ name: "model", description: "Pick a model" },
			],
		},
	});
	const renderer = new InlineRenderer(
		screen,
		({ width }) => ({ lines: composer.render(width), cursor: composer.cursor() }),
		{ clock: new ManualClock() },
	);
	return {
		screen,
		composer,
		type(text: string) {
			for (const char of text) composer.handleInput(key(char === " " ? "space" : char, char));
			renderer.renderNow();
		},
		draw: () => renderer.renderNow(),
	};
}

describe("the composer on a terminal screen", () => {
	it("shows the placeholder with the cursor just after the prompt", async () => {
		const { screen, draw } = setup(30);
		draw();
		expect((await screen.screen()).slice(0, 3)).toEqual(["─".repeat(30), "> Ask anything", "─".repeat(30)]);
		expect(await screen.cursor()).toEqual({ row: 1, col: 2 });
	});

	it("puts the cursor in the cell after the last character typed, wide characters included", async () => {
		const { screen, type } = setup(30);
		type("日本 ok");
		expect((await screen.screen())[1]).toBe("> 日本 ok");
		expect(await screen.cursor()).toEqual({ row: 1, col: 2 + 4 + 3 });
	});

	it("wraps a long line and follows the cursor onto the wrapped row", async () => {
		const { screen, type, composer, draw } = setup(20);
		type("the quick brown fox jumps over");
		expect((await screen.screen()).slice(0, 4)).toEqual([
			"─".repeat(20),
			"> the quick brown ",
			"  fox jumps over",
			"─".repeat(20),
		]);
		expect(await screen.cursor()).toEqual({ row: 2, col: 16 });
		composer.actions.home();
		draw();
		expect(await screen.cursor()).toEqual({ row: 1, col: 2 });
	});

	it("draws the command list under the box while the cursor stays in the text", async () => {
		const { screen, type } = setup(40);
		type("/");
		const rows = await screen.screen();
		expect(rows[3]).toContain("/help");
		expect(rows[3]).toContain("Show commands and keys");
		expect(rows[4]).toContain("/model");
		expect(await screen.cursor()).toEqual({ row: 1, col: 3 });
	});
});
