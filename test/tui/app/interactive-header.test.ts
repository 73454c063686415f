/**
 * The start-up header: printed once above the conversation with the folder,
 * its git branch (read from .git/HEAD), the context files the model is
 * given and two keys; `"startupHeader": false` leaves it out.
 */
import { afterEach, describe, expect, it } from "vitest";
import { type Harness, startInteractive } from "../../support/tui-harness.js";

let h: Harness | undefined;
afterEach(async () => {
	await h?.dispose();
	h = undefined;
});

describe("the start-up header", () => {
	it("names the folder, the branch, the context files and two keys", async () => {
		h = await startInteractive({
			script: [],
			files: { "AGENTS.md": "Be brief.", ".git/HEAD": "ref: refs/heads/feature/header\n" },
		});
		const screen = await h.waitFor("stops a turn");
		const first = screen.findIndex((l) => l.startsWith("weft · "));
		expect(first).toBeGreaterThanOrEqual(0);
		expect(screen[first]).toContain("(feature/header) · context AGENTS.md");
		expect(screen[first + 1]).toBe(
			"escape stops a turn · ctrl+o expands tool output · /help lists keys and commands",
		);
	});

	it("is left out when the setting says so", async () => {
		h = await startInteractive({ script: [], settings: { startupHeader: false } });
		const screen = await h.waitFor("mock-model");
		expect(screen.join("\n")).not.toContain("stops a turn");
	});
});
