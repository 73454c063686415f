import { rmSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { createScriptedSession } from "../../../test/support/scripted-session.js";
import { NonInteractiveUI } from "../../extensions/non-interactive-ui.js";
import { emptyUsage } from "../../kernel/messages.js";
import { scriptedProvider } from "../../testing/scripted-provider.js";
import { EXIT_ERROR, EXIT_OK } from "../exit-codes.js";
import { runPromptCommand } from "./prompt-command.js";

const dirs: string[] = [];
afterEach(() => {
	for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function setup() {
	const provider = scriptedProvider([
		{ text: "The parser is in src/parse.ts.", usage: { input: 1200, output: 300, cacheRead: 800 } },
	]);
	const { session, kernel } = createScriptedSession({ provider, prefix: "weft-session-commands-", dirs });
	const ui = new NonInteractiveUI();
	const messages = () => ui.notifications.map((n) => `${n.level}: ${n.message}`);
	return { session, kernel, ui, provider, messages };
}

describe("commands in a prompt (-p, --mode json)", () => {
	it("leaves plain text and unknown commands to the model", async () => {
		const { session, ui, provider } = setup();
		expect(await runPromptCommand(session, "where is the parser?", ui)).toBeUndefined();
		expect(await runPromptCommand(session, "/foo bar", ui)).toBeUndefined();
		expect(provider.requests).toHaveLength(0);
		expect(ui.notifications).toEqual([]);
	});

	it("/name names the session, and without a name says it", async () => {
		const { session, ui, messages } = setup();
		await session.prompt("where is the parser?");
		expect(await runPromptCommand(session, "/name", ui)).toBe(EXIT_OK);
		expect(await runPromptCommand(session, "/name  parser   rewrite ", ui)).toBe(EXIT_OK);
		expect(await runPromptCommand(session, "/name", ui)).toBe(EXIT_OK);
		expect(messages()).toEqual([
			"info: This session has no name yet; /name NAME gives it one",
			'info: Named this session "parser rewrite"',
			'info: This session is named "parser rewrite"',
		]);
		expect(session.store.entries.at(-1)).toMatchObject({ type: "session_info", name: "parser rewrite" });
	});

	it("/name before the first message says the name waits for it", async () => {
		const { session, ui, messages } = setup();
		await runPromptCommand(session, "/name early", ui);
		expect(messages()).toEqual(['info: Named this session "early" (saved with the first message)']);
	});

	it("/session reports the file, id, name, counts, tokens, cost and context", async () => {
		const { session, ui } = setup();
		await session.prompt("where is the parser?");
		await runPromptCommand(session, "/name parser", ui);
		expect(await runPromptCommand(session, "/session", ui)).toBe(EXIT_OK);
		const report = ui.printed.at(-1)?.text ?? "";
		expect(report).toContain(session.store.file!.split("/").at(-1));
		expect(report).toContain(`Id       ${session.id}`);
		expect(report).toContain("Name     parser");
		expect(report).toContain("Messages 1 user · 1 assistant · 0 tool results");
		expect(report).toContain("Tokens   1.2k in · 300 out · 800 cache read · 0 cache write");
		expect(report).toMatch(/Cost {5}\$0\.\d{4}/);
		expect(report).toMatch(/Context {2}~[\d.]+k? of 200k tokens \(\d+%\) · scripted\/scripted-model/);
	});

	it("/session counts what summary requests spent, kept on their entries", async () => {
		const { session, ui } = setup();
		await session.prompt("where is the parser?");
		session.store.append({
			type: "compaction",
			summary: "s",
			firstKeptEntryId: session.store.entries[0].id,
			tokensBefore: 10,
			tokensAfter: 5,
			reason: "manual",
			usage: { ...emptyUsage(), input: 500, output: 40 },
		});
		expect(await runPromptCommand(session, "/session", ui)).toBe(EXIT_OK);
		expect(ui.printed.at(-1)?.text).toContain("Tokens   1.7k in · 340 out · 800 cache read · 0 cache write");
	});

	it("an extension's command runs; one that throws exits 1 with one line", async () => {
		const { session, kernel, ui, messages } = setup();
		const ran: string[] = [];
		kernel.commands.register("deploy", { description: "", handler: (args) => void ran.push(args) }, "ext-a");
		kernel.commands.register(
			"broken",
			{
				description: "",
				handler: () => {
					throw new Error("no token configured");
				},
			},
			"ext-a",
		);
		expect(await runPromptCommand(session, "/deploy staging", ui)).toBe(EXIT_OK);
		expect(ran).toEqual(["staging"]);
		expect(await runPromptCommand(session, "/broken", ui)).toBe(EXIT_ERROR);
		expect(messages()).toEqual(["error: /broken failed: no token configured"]);
	});

	it("sees a turn the command started through before returning", async () => {
		const { session, kernel, ui, provider } = setup();
		kernel.commands.register(
			"ask",
			{
				description: "",
				handler: (args) => void session.prompt(`question: ${args}`, { source: "extension" }),
			},
			"ext-a",
		);
		expect(await runPromptCommand(session, "/ask where is the parser", ui)).toBe(EXIT_OK);
		expect(session.isIdle).toBe(true);
		expect(provider.requests).toHaveLength(1);
		expect(session.messages.map((m) => m.role)).toEqual(["user", "assistant"]);
	});

	it("weft's session commands win over an extension's of the same name", async () => {
		const { session, kernel, ui } = setup();
		kernel.commands.register(
			"session",
			{ description: "", handler: () => ui.notify("the extension's") },
			"ext-a",
		);
		await runPromptCommand(session, "/session", ui);
		expect(ui.printed).toHaveLength(1);
		expect(ui.notifications).toEqual([]);
	});
});
