/**
 * The permissions extension in the real interactive mode: an ask drawn as a
 * select (yes once, yes for the session, no) and answered with the keys,
 * the mode in the status line, Alt+M stepping to the next mode and
 * /permissions naming one.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type Harness, startInteractive } from "../../support/tui-harness.js";

let h: Harness | undefined;
afterEach(async () => {
	await h?.dispose();
	h = undefined;
});

const touch = (file: string) => ({ toolCalls: [{ name: "bash", args: { command: `touch ${file}` } }] });

describe("permission rules in the terminal", () => {
	it("asks before a command runs; Enter on Yes runs it", async () => {
		h = await startInteractive({
			script: [touch("made.txt"), { text: "All done." }],
			settings: { permissions: {} },
		});
		await h.waitFor("permissions: default");
		h.type("make it");
		h.press("enter");
		const dialog = (await h.waitFor("Allow bash: touch made.txt?")).join("\n");
		expect(dialog).toContain("› Yes");
		expect(dialog).toContain("Yes, and allow Bash(touch made.txt:*) for this session");
		expect(dialog).toContain("Yes, and always allow Bash(touch made.txt:*) (saved in");
		expect(dialog).toContain("No (the model is told you declined)");
		h.press("enter");
		await h.waitFor("All done.");
		expect(existsSync(join(h.cwd, "made.txt"))).toBe(true);
	});

	it("tells the model when the answer is no", async () => {
		h = await startInteractive({
			script: [touch("nope.txt"), { text: "Understood." }],
			settings: { permissions: {} },
		});
		await h.waitFor("mock-model");
		h.type("make it");
		h.press("enter");
		await h.waitFor("Allow bash: touch nope.txt?");
		h.press("down");
		h.press("down");
		h.press("down");
		await h.waitFor("› No");
		h.press("enter");
		await h.waitFor("Understood.");
		expect(existsSync(join(h.cwd, "nope.txt"))).toBe(false);
		expect(
			h.llm.requests[1]?.body.messages.find((m: { role: string }) => m.role === "tool")?.content,
		).toContain("the user declined this tool call");
	});

	it("shows the mode in the status line; Alt+M steps to the next, /permissions names one", async () => {
		h = await startInteractive({ script: [], settings: { permissions: { defaultMode: "default" } } });
		await h.waitFor("permissions: default");
		h.type("\x1bm");
		await h.waitFor("permissions: acceptEdits");
		h.type("/permissions plan");
		h.press("enter");
		await h.waitFor("permissions: plan");
	});
});
