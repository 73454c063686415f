/**
 * Leaving the real interactive mode: Ctrl+C twice exits with code 0 and
 * gives the terminal back as it was — cooked input, bracketed paste off, the
 * cursor shown, below the chat, and no process hooks left behind.
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
		// The cursor is left on a fresh row below the status line, where the shell prompt goes.
		const lines = await h.screen.screen();
		const status = lines.findIndex((l) => l.startsWith("mock-model (mock)"));
		const cursor = await h.screen.cursor();
		expect(cursor.row).toBe(status + 1);
		expect(cursor.col).toBe(0);
		expect(h.stderr()).toBe("");
	});

	it("asks for a second Ctrl+C, clearing the composer on the first", async () => {
		h = await startInteractive({ script: [] });
		await h.waitFor("mock-model");
		h.type("half a thought");
		await h.waitFor("> half a thought");
		h.press("ctrl+c");
		const lines = await h.waitFor("Press Ctrl+C again to exit");
		expect(lines.some((l) => l.startsWith("> Ask anything"))).toBe(true);
		expect(await h.exit()).toBe(0);
	});
});
