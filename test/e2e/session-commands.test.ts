/**
 * Commands given as the prompt of `-p` and `--mode json` through the real
 * binary: /name (then the session list shows it), /compact (the summary
 * request, then what the next request holds), an extension that supplies the
 * summary and one that cancels, extension commands, and text that names no
 * command still going to the model.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { listSessions } from "../../src/agent/session-list.js";
import type { MockLlm } from "../../src/testing/mock-llm/index.js";
import { extensionEventsFixture } from "../support/extension-events-fixture.js";
import { mockProviderSettings, runWeft, type Sandbox, withMockSandbox } from "../support/weft-cli.js";

describe("commands in -p and --mode json", () => {
	let sandbox: Sandbox;
	let llm: MockLlm;
	let recordFile: string;

	withMockSandbox((made, started) => {
		sandbox = made;
		llm = started;
		recordFile = join(made.home, "..", "record.txt");
	});
	const { extension, withExtensions, jsonEvents } = extensionEventsFixture(() => ({
		sandbox,
		llm,
		recordFile,
	}));

	beforeEach(() => {
		// Keep only the latest turn verbatim, so three short exchanges have something to summarise.
		sandbox.settings(
			mockProviderSettings(llm.baseUrlFor("openai-completions"), "openai-completions", {
				compaction: { keepRecentTokens: 1 },
			}),
		);
	});

	/** Three exchanges in one session; returns its file. */
	async function threeExchanges(): Promise<string> {
		llm.push({ text: "The parser lives in src/parse.ts." });
		expect((await runWeft(sandbox, ["-p", "where is the parser?"])).code).toBe(0);
		llm.push({ text: "It uses a Pratt loop." });
		expect((await runWeft(sandbox, ["-c", "-p", "how does it parse operators?"])).code).toBe(0);
		llm.push({ text: "Add a case to infixPower." });
		expect((await runWeft(sandbox, ["-c", "-p", "how do I add the ** operator?"])).code).toBe(0);
		const [file] = sandbox.sessionFiles();
		return file;
	}

	const bodyOf = (request: number) => JSON.stringify(llm.requests[request].body);

	it("/name names the session without asking the model, and the session list shows the name", async () => {
		llm.push({ text: "Hello." });
		await runWeft(sandbox, ["-p", "hi"]);
		const named = await runWeft(sandbox, ["-c", "-p", "/name release prep"]);
		expect(named).toMatchObject({ code: 0, stdout: "" });
		expect(named.stderr).toBe('weft: Named this session "release prep"\n');
		expect(llm.requests).toHaveLength(1);
		const [listed] = listSessions({ home: sandbox.home, cwd: sandbox.cwd });
		expect(listed).toMatchObject({ name: "release prep", firstMessage: "hi" });

		const shown = await runWeft(sandbox, ["-c", "-p", "/session"]);
		expect(shown.code).toBe(0);
		expect(shown.stdout).toMatch(/^File {5}.+\.jsonl\nId {7}[0-9a-f-]{36}\nName {5}release prep\n/);
		expect(shown.stdout).toContain("Messages 1 user · 1 assistant · 0 tool results");
	});

	it("-c -p /compact with instructions asks the model for a summary; the next request holds it and the kept tail", async () => {
		await threeExchanges();
		llm.push({ text: "SUMMARY-7: the user explored the parser in src/parse.ts (a Pratt loop)." });
		const compacted = await runWeft(sandbox, ["-c", "-p", "/compact focus on the parser"]);
		expect(compacted.code).toBe(0);
		expect(compacted.stdout).toBe("");
		expect(compacted.stderr).toMatch(/^weft: Compacted: [\d.]+k? → [\d.]+k? tokens \(manual\)\n$/);
		expect(llm.requests).toHaveLength(4);
		const summaryRequest = bodyOf(3);
		expect(summaryRequest).toContain("focus on the parser");
		expect(summaryRequest).toContain("where is the parser?");

		llm.push({ text: "Done." });
		expect((await runWeft(sandbox, ["-c", "-p", "and precedence?"])).code).toBe(0);
		const next = bodyOf(4);
		expect(next).toContain("SUMMARY-7");
		expect(next).toContain("how do I add the ** operator?");
		expect(next).toContain("Add a case to infixPower.");
		expect(next).not.toContain("how does it parse operators?");
	});

	it("an extension's session_before_compact supplies the summary: no model call", async () => {
		const file = await threeExchanges();
		const summarizer = extension(
			"summarizer",
			`weft.on("session_before_compact", (event) => ({ summary: "HOOK-SUMMARY of " + event.messages.length + " messages" }));`,
		);
		const result = await runWeft(sandbox, ["-c", "-p", "/compact", ...withExtensions(summarizer)]);
		expect(result.code).toBe(0);
		expect(result.stderr).toMatch(/weft: Compacted: .* tokens \(manual, summary by an extension\)\n$/);
		expect(llm.requests).toHaveLength(3);
		const entry = sandbox.readSession(file).find((e) => e.type === "compaction");
		expect(entry).toMatchObject({ summary: "HOOK-SUMMARY of 4 messages", fromHook: true, reason: "manual" });
	});

	it("an extension that cancels: its reason is reported and the file is unchanged", async () => {
		const file = await threeExchanges();
		const before = readFileSync(file, "utf8");
		const guard = extension(
			"guard",
			`weft.on("session_before_compact", () => ({ cancel: true, reason: "the audit needs the full history" }));`,
		);
		const result = await runWeft(sandbox, ["-c", "-p", "/compact", ...withExtensions(guard)]);
		expect(result.code).toBe(0);
		expect(result.stderr).toMatch(/weft: warning: Not compacted: the audit needs the full history\n$/);
		expect(llm.requests).toHaveLength(3);
		expect(readFileSync(file, "utf8")).toBe(before);
	});

	it("--mode json streams the compaction's events and its report", async () => {
		await threeExchanges();
		llm.push({ text: "SUMMARY-8" });
		const result = await runWeft(sandbox, ["--mode", "json", "-c", "/compact"]);
		expect(result.code).toBe(0);
		const lines = jsonEvents(result.stdout);
		const types = lines.map((line) => line.type);
		expect(types.indexOf("compaction_start")).toBeGreaterThan(0);
		expect(types.indexOf("compaction_end")).toBeGreaterThan(types.indexOf("compaction_start"));
		expect(lines.find((line) => line.type === "compaction_end").outcome).toMatchObject({
			status: "compacted",
			entry: { type: "compaction", summary: "SUMMARY-8" },
		});
		expect(lines).toContainEqual(
			expect.objectContaining({
				type: "notification",
				extension: null,
				message: expect.stringMatching(/^Compacted: /),
			}),
		);
		expect(types.at(-1)).toBe("session_shutdown");
	});

	it("runs an extension's command; one that throws exits 1 with one line", async () => {
		const commands = extension(
			"deploy",
			`weft.registerCommand("deploy", { handler: (args, ctx) => ctx.ui.notify("deploying " + args) });
weft.registerCommand("boom", { handler: () => { throw new Error("no token configured"); } });
weft.registerCommand("ask", { handler: (args) => weft.sendUserMessage("question: " + args) });`,
		);
		const ok = await runWeft(sandbox, ["-p", "/deploy staging", ...withExtensions(commands)]);
		expect(ok).toMatchObject({ code: 0, stdout: "", stderr: "weft: [deploy] deploying staging\n" });
		const failed = await runWeft(sandbox, ["-p", "/boom", ...withExtensions(commands)]);
		expect(failed).toMatchObject({ code: 1, stderr: "weft: error: /boom failed: no token configured\n" });
		expect(llm.requests).toHaveLength(0);

		// A command that starts a turn: -p waits for it and prints its answer.
		llm.push({ text: "In src/parse.ts." });
		const asked = await runWeft(sandbox, ["-p", "/ask where is the parser?", ...withExtensions(commands)]);
		expect(asked).toMatchObject({ code: 0, stdout: "In src/parse.ts.\n" });
		expect(bodyOf(0)).toContain("question: where is the parser?");
	});

	it("text naming no command goes to the model as written", async () => {
		llm.push({ text: "There is no /foo command here." });
		const result = await runWeft(sandbox, ["-p", "/foo bar"]);
		expect(result).toMatchObject({ code: 0, stdout: "There is no /foo command here.\n" });
		expect(bodyOf(0)).toContain("/foo bar");
	});
});
