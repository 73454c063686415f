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
