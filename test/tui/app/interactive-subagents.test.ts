/**
 * The `task` tool in the real interactive mode: its block is titled with the
 * agent and the description, shows the sub-agent's current step while it
 * works, Ctrl+O shows every step, and the answer replaces them when it ends.
 */
import { afterEach, describe, expect, it } from "vitest";
import { type Harness, startInteractive } from "../../support/tui-harness.js";

let h: Harness | undefined;
afterEach(async () => {
	await h?.dispose();
	h = undefined;
});

const SCOUT = "---\nname: scout\ndescription: Finds where things are\n---\nYou find things.\n";

describe("sub-agents in the terminal", () => {
	it("shows the child's current step collapsed, every step with ctrl+o, then its answer", async () => {
		let release!: () => void;
		const released = new Promise<void>((resolve) => (release = resolve));
		h = await startInteractive({
			rows: 30,
			files: { ".weft/agents/scout.md": SCOUT, "notes.txt": "hello\n" },
			script: [
				{
					toolCalls: [
						{ name: "task", args: { description: "find the notes", prompt: "Find notes", agent: "scout" } },
					],
				},
				{ toolCalls: [{ name: "ls", args: { path: "." } }] },
				{ toolCalls: [{ name: "read", args: { path: "notes.txt" } }] },
				{ text: "The notes say hello.", holdUntil: () => released },
				{ text: "All done." },
			],
		});
		await h.waitFor("mock-model");
		h.type("find the notes");
		h.press("enter");
		await h.waitFor("Task scout: find the notes");
		const collapsed = await h.waitFor("… read notes.txt");
		expect(collapsed.join("\n")).not.toMatch(/^\s*ls \.\s*$/m);
		h.press("ctrl+o");
		const expanded = await h.waitFor((lines) => lines.some((l) => /^\s*ls \.\s*$/.test(l)));
		expect(expanded.join("\n")).toMatch(/^\s*read notes\.txt\s*$/m);
		h.press("ctrl+o");
		release();
		const done = await h.waitForAll("All done.");
		expect(done.join("\n")).toContain("The notes say hello.");
	});
});
