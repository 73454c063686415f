/**
 * Resizing the terminal under the real interactive mode: the live region is
 * drawn again at the new width (nothing wider than the screen, nothing
 * wrapped by the terminal), and the composer keeps working.
 */
import { afterEach, describe, expect, it } from "vitest";
import { type Harness, startInteractive } from "../../support/tui-harness.js";

let h: Harness | undefined;
afterEach(async () => {
	await h?.dispose();
	h = undefined;
});

describe("resizing the terminal", () => {
	it("fits the composer rules and the status line to a narrower screen, and typing still works", async () => {
		h = await startInteractive({
			script: [{ text: "An answer long enough that a narrower terminal has to wrap it somewhere." }],
		});
		await h.waitFor("mock-model");
		h.type("hello");
		h.press("enter");
		await h.waitForAll("wrap it somewhere.");
		await h.waitFor((rows) => !rows.some((l) => l.includes("Working")));

		await h.resize(40, 24);
		// The composer is redrawn at 40 columns: its placeholder cut with an ellipsis, not wrapped.
		const lines = await h.waitFor((rows) =>
			rows.some((l) => l.startsWith("> Ask anything") && l.endsWith("…")),
		);
		for (let row = 0; row < h.screen.rows; row++)
			expect(await h.screen.cellsUsed(row)).toBeLessThanOrEqual(40);
		const composer = lines.findIndex((l) => l.startsWith("> Ask anything"));
		expect(lines[composer]).toHaveLength(40);
		expect(lines[composer - 1]).toBe("─".repeat(40));
		expect(lines[composer + 1]).toBe("─".repeat(40));
		// The status line no longer fits on one row: it is split in two, each within the width.
		expect(lines[composer + 2]).toMatch(/^mock-model \(mock\)/);
		expect(lines[composer + 3]).toMatch(/^↑\S+ ↓\S+$/);
		expect(lines.slice(composer + 4).every((l) => l === "")).toBe(true);

		h.type("typing after the resize");
		const typed = await h.waitFor("> typing after the resize");
		expect(typed[composer + 1]).toBe("─".repeat(40));
	});

	it("uses the whole width again after growing", async () => {
		h = await startInteractive({ cols: 50, script: [] });
		await h.waitFor("mock-model");
		await h.resize(100, 24);
		const lines = await h.waitFor((rows) => rows.some((l) => l === "─".repeat(100)));
		const composer = lines.findIndex((l) => l.startsWith("> Ask anything"));
		expect(lines[composer]).toBe("> Ask anything · / for commands · @ for files");
		expect(lines[composer + 1]).toBe("─".repeat(100));
		// The mock model has no price: no cost segment; the tokens end the line.
		expect(lines[composer + 2]).toMatch(/^mock-model \(mock\) · .* · ↑\S+ ↓\S+$/);
	});
});

/** A paragraph long enough to wrap many times at any width, of distinct words. */
const WORDS = Array.from({ length: 120 }, (_, i) => `word${i}`);
const PARAGRAPH = WORDS.join(" ");

/** The rows of scrollback and screen that hold the paragraph's words, in order. */
function paragraphRows(lines: string[]): string[] {
	return lines.filter((l) => /^word\d/.test(l.trim()));
}

describe("the conversation already written, when the width changes", () => {
	it('"keep" leaves it to the terminal: narrowing and widening back restores every line as it was', async () => {
		h = await startInteractive({ script: [{ text: PARAGRAPH }], settings: { resize: "keep" } });
		await h.waitFor("mock-model");
		h.type("go");
		h.press("enter");
		await h.waitForAll("word119");
		await h.waitFor((rows) => !rows.some((l) => l.includes("Working")));
		const before = paragraphRows(await h.screen.allLines());
		const writes = h.screen.writes.length;

		await h.resize(40, 24);
		await h.waitFor((rows) => rows.some((l) => l === "─".repeat(40)));
		await h.resize(80, 24);
		await h.waitFor((rows) => rows.some((l) => l === "─".repeat(80)));
		expect(paragraphRows(await h.screen.allLines())).toEqual(before);
		// Only the live region was drawn again: nothing near the size of the paragraph.
		expect(h.screen.bytesSince(writes)).toBeLessThan(PARAGRAPH.length);
	});

	it('"redraw" (the default) writes it again at a narrower width: no word is split and every word is there once, in order', async () => {
		h = await startInteractive({ script: [{ text: PARAGRAPH }] });
		await h.waitFor("mock-model");
		h.type("go");
		h.press("enter");
		await h.waitForAll("word119");
		await h.waitFor((rows) => !rows.some((l) => l.includes("Working")));

		await h.resize(40, 24);
		// The terminal first splits the 80-column rows anywhere; once the size settles weft writes them again.
		const wordsOf = (all: string[]) => paragraphRows(all).flatMap((l) => l.trim().split(/\s+/));
		const lines = await h.waitForAll((all) => wordsOf(all).join(" ") === PARAGRAPH, 10_000);
		expect(paragraphRows(lines).every((l) => l.length <= 40)).toBe(true);
		expect(wordsOf(lines)).toEqual(WORDS);
		// The prompt is written again too, once.
		expect(lines.filter((l) => l.includes("go")).length).toBe(1);
	});
});
