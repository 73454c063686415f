/**
 * Leaving the real interactive mode: Ctrl+C twice exits with code 0 and
 * gives the terminal back as it was — cooked input, bracketed paste off, the
 * cursor shown under the conversation (the composer and status erased), and
 * no process hooks left behind.
 */
import { afterEach, describe, expect, it } from "vitest";
import { BRACKETED_PASTE_OFF, SHOW_CURSOR } from "../../../src/tui/terminal-codes.js";
import { type Harness, startInteractive } from "../../support/tui-harness.js";

let h: Harness | undefined;
afterEach(async () => {
	await h?.dispose();
	h = undefined;
});

const HOOKED = ["exit", "SIGINT", "SIGTERM", "SIGHUP", "uncaughtExceptionMonitor"] as const;
const hookCounts = () => HOOKED.map((event) => process.listenerCount(event));

describe("exiting", () => {
	it("exits with 0 on Ctrl+C twice and restores the terminal", async () => {
		const before = hookCounts();
		h = await startInteractive({ script: [{ text: "a short answer" }] });
		await h.waitFor("mock-model");
		expect(h.rawModeCalls).toEqual([true]);
		expect(hookCounts()).not.toEqual(before);
		h.type("hi");
		h.press("enter");
		await h.waitForAll("a short answer");

		expect(await h.exit()).toBe(0);
		expect(h.rawModeCalls.at(-1)).toBe(false);
		const output = h.screen.writes.join("");
		expect(output.endsWith(BRACKETED_PASTE_OFF + SHOW_CURSOR)).toBe(true);
		expect(hookCounts()).toEqual(before);
		// Only the conversation stays on screen, with the cursor on a fresh row under it for the shell prompt.
		const lines = await h.screen.screen();
		const last = lines.findLastIndex((l) => l.trim() !== "");
		expect(lines[last]).toBe("a short answer");
		expect(lines.join("\n")).not.toMatch(/Ask anything|mock-model/);
		expect(await h.screen.cursor()).toEqual({ row: last + 1, col: 0 });
		expect(h.stderr()).toBe("");
	});

	it("clears a draft on the first Ctrl+C, then asks for another before exiting", async () => {
		h = await startInteractive({ script: [] });
		await h.waitFor("mock-model");
		h.type("half a thought");
		await h.waitFor("> half a thought");
		h.press("ctrl+c");
		const cleared = await h.waitFor("> Ask anything");
		expect(cleared.join("\n")).not.toContain("Press Ctrl+C again");
		h.press("ctrl+c");
		await h.waitFor("Press Ctrl+C again to exit");
		expect(await h.exit()).toBe(0);
	});
});
