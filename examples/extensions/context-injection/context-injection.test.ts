import { execFileSync } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { textOf } from "weft";
import { type ExtensionRun, runExtensions } from "weft/testing";
import contextInjection from "./index.js";

const runs: ExtensionRun[] = [];
afterEach(async () => {
	for (const run of runs.splice(0)) await run.dispose();
});

async function start(flags: Record<string, boolean> = {}) {
	const run = await runExtensions({
		extensions: [{ name: "context-injection", extension: contextInjection }],
		files: { "a.txt": "one", "b.txt": "two" },
		flags,
	});
	runs.push(run);
	return run;
}

const git = (cwd: string, ...args: string[]) =>
	execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@t", ...args], { cwd, stdio: "pipe" });

/** The injected messages the model received in its first request. */
const injected = (run: ExtensionRun) =>
	run.requests[0].messages.filter((m) => m.role === "custom").map((m) => textOf(m.content as string));

describe("context-injection", () => {
	it("tells the model the git branch and the changed files before the prompt runs", async () => {
		const run = await start();
		git(run.cwd, "init", "-q", "-b", "main");
		git(run.cwd, "add", "a.txt");
		git(run.cwd, "commit", "-q", "-m", "first");
		run.script({ text: "b.txt is new" });
		await run.prompt("what changed?");
		expect(injected(run)).toEqual(["Git: on branch main, 1 changed file(s):\n?? b.txt"]);
		expect(run.requests[0].messages[0]).toMatchObject({ role: "user", content: "what changed?" });
	});

	it("adds nothing outside a git repository", async () => {
		const run = await start();
		run.script({ text: "ok" });
		await run.prompt("hi");
		expect(injected(run)).toEqual([]);
		expect(run.notifications).toEqual([]);
	});

	it("with --read-only offers only the reading tools and says so in the system prompt", async () => {
		const run = await start({ "read-only": true });
		run.script(
			{ toolCalls: [{ name: "write", args: { path: "a.txt", content: "changed" } }] },
			{ text: "I cannot." },
		);
		await run.prompt("change a.txt");
		expect(run.requests[0].tools.map((t) => t.name)).toEqual(["read", "grep", "find", "ls"]);
		expect(run.requests[0].systemPrompt).toContain("Read-only mode");
		expect(run.toolCalls[0].result.text).toContain('Tool "write" is not available');
		expect(run.readFile("a.txt")).toBe("one");
	});

	it("offers every tool without the flag", async () => {
		const run = await start();
		run.script({ text: "ok" });
		await run.prompt("hi");
		expect(run.requests[0].tools.map((t) => t.name)).toEqual(
			expect.arrayContaining(["bash", "write", "edit", "read"]),
		);
		expect(run.requests[0].systemPrompt).not.toContain("Read-only mode");
	});
});
