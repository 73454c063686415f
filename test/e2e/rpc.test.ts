/**
 * `weft --mode rpc` through the real binary, driven by the typed client
 * (`weft/rpc`) against the mock LLM: a prompt's events, a tool round trip,
 * steering during a tool, abort, state, compaction, forking, an extension's
 * confirm dialog answered by the client, and lines that are not commands.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import type { RpcEvent, RpcUIRequest } from "../../src/modes/rpc/client.js";
import type { MockLlm } from "../../src/testing/mock-llm/index.js";
import { extensionEventsFixture } from "../support/extension-events-fixture.js";
import { rpcClients } from "../support/rpc-clients.js";
import { mockProviderSettings, type Sandbox, waitFor, withMockSandbox } from "../support/weft-cli.js";

/** The built subprocess SDK (`weft/subprocess`), as an extension process imports it. */
const SUBPROCESS_SDK = resolve(import.meta.dirname, "../../dist/extensions/subprocess/sdk.js");

let sandbox: Sandbox;
let llm: MockLlm;

withMockSandbox((made, started) => {
	sandbox = made;
	llm = started;
});
const { extension, withExtensions } = extensionEventsFixture(() => ({
	sandbox,
	llm,
	recordFile: join(sandbox.home, "..", "record.log"),
}));

const start = rpcClients(() => sandbox);

const userTexts = (request: number): string[] =>
	llm.requests[request].body.messages
		.filter((m: any) => m.role === "user")
		.map((m: any) => String(m.content));

describe("weft --mode rpc with the typed client", () => {
	it("streams a prompt's events in pi's shapes, and answers get_state and get_last_assistant_text", async () => {
		llm.push({ text: "Hello from the mock." });
		const { weft, events } = start();
		const end = await weft.promptAndWait("hi");
		const types = events.map((e) => e.type);
		expect(types.slice(0, 5)).toEqual([
			"agent_start",
			"turn_start",
			"message_start",
			"message_end",
			"message_start",
		]);
		expect(events[3]).toMatchObject({ type: "message_end", message: { role: "user", content: "hi" } });
		expect(types.slice(-3)).toEqual(["message_end", "turn_end", "agent_end"]);
		const text = events
			.map((e) =>
				e.type === "message_update" && e.assistantMessageEvent.type === "text_delta"
					? e.assistantMessageEvent.delta
					: "",
			)
			.join("");
		expect(text).toBe("Hello from the mock.");
		expect(end.messages).toMatchObject([
			{ role: "user", content: "hi" },
			{
				role: "assistant",
				stopReason: "stop",
				content: [{ type: "text", text: "Hello from the mock." }],
				provider: "mock",
			},
		]);
		expect(await weft.getLastAssistantText()).toBe("Hello from the mock.");
		const state = await weft.getState();
		expect(state).toMatchObject({
			model: { id: "mock-model", provider: "mock" },
			isStreaming: false,
			messageCount: 2,
		});
		expect(existsSync(String(state.sessionFile))).toBe(true);

		const exported = await weft.request<{ path: string }>({ type: "export_html", outputPath: "chat.html" });
		expect(exported.path).toBe(join(sandbox.cwd, "chat.html"));
		expect(readFileSync(exported.path, "utf8")).toContain("Hello from the mock.");
		expect(await weft.send({ type: "export_html", outputPath: "chat.html" })).toMatchObject({
			success: false,
			error: expect.stringContaining("already exists"),
		});
	});

	it("runs a tool round trip: tool_execution_start/end with pi's fields, the result in turn_end", async () => {
		writeFileSync(join(sandbox.cwd, "notes.txt"), "remember the milk\n");
		llm.push(
			{ toolCalls: [{ name: "read", args: { path: "notes.txt" }, id: "call_read" }] },
			{ text: "It says milk." },
		);
		const { weft, events } = start("--no-session");
		await weft.promptAndWait("what do my notes say?");
		expect(events.find((e) => e.type === "tool_execution_start")).toEqual({
			type: "tool_execution_start",
			toolCallId: "call_read",
			toolName: "read",
			args: { path: "notes.txt" },
		});
		const ended = events.find((e) => e.type === "tool_execution_end");
		expect(ended).toMatchObject({ toolCallId: "call_read", toolName: "read", isError: false });
		expect(JSON.stringify(ended)).toContain("remember the milk");
		const firstTurn = events.find((e) => e.type === "turn_end");
		expect(firstTurn).toMatchObject({
			message: {
				stopReason: "toolUse",
				content: [{ type: "toolCall", id: "call_read", name: "read", arguments: { path: "notes.txt" } }],
			},
			toolResults: [{ role: "toolResult", toolCallId: "call_read", isError: false }],
		});
		expect(await weft.getLastAssistantText()).toBe("It says milk.");
	});

	it("delivers a steer sent while a tool runs before the next model call, announcing the queue", async () => {
		const gate = join(sandbox.cwd, "go");
		llm.push(
			{
				toolCalls: [
					{ name: "bash", args: { command: `while [ ! -f ${gate} ]; do sleep 0.05; done; echo waited` } },
				],
			},
			{ text: "Steered." },
		);
		const { weft, events } = start("--no-session");
		const toolStarted = weft.waitForEvent((e) => e.type === "tool_execution_start");
		const end = weft.waitForEvent((e) => e.type === "agent_end");
		await weft.prompt("run the slow thing");
		await toolStarted;
		const queued = weft.waitForEvent((e) => e.type === "queue_update" && e.steering.length === 1);
		await weft.steer("also check the logs");
		await queued;
		expect((await weft.getState()).pendingMessageCount).toBe(1);
		writeFileSync(gate, "");
		await end;
		expect(llm.requests).toHaveLength(2);
		expect(userTexts(1)).toContain("also check the logs");
		const updates = events.filter((e) => e.type === "queue_update");
		expect(updates.at(-1)).toEqual({ type: "queue_update", steering: [], followUp: [] });
	});

	it("refuses a prompt during a run without streamingBehavior, and aborts the run on abort", async () => {
		let release!: () => void;
		llm.push({
			text: "never finished",
			holdUntil: () => new Promise<void>((resolve) => (release = resolve)),
		});
		const { weft } = start("--no-session");
		const started = weft.waitForEvent((e) => e.type === "agent_start");
		const end = weft.waitForEvent<Extract<RpcEvent, { type: "agent_end" }>>((e) => e.type === "agent_end");
		await weft.prompt("take your time");
		await started;
		await waitFor(() => llm.requests.length === 1);
		const refused = await weft.send({ type: "prompt", message: "and another" });
		expect(refused).toMatchObject({ success: false, error: expect.stringContaining("streamingBehavior") });
		expect((await weft.getState()).isStreaming).toBe(true);
		await weft.abort();
		const ended = await end;
		expect(ended.messages.at(-1)).toMatchObject({ role: "assistant", stopReason: "aborted" });
		expect((await weft.getState()).isStreaming).toBe(false);
		release();
	});

	it("compacts on compact, with compaction events, and forks at an earlier prompt", async () => {
		sandbox.settings(
			mockProviderSettings(llm.baseUrlFor("openai-completions"), "openai-completions", {
				compaction: { keepRecentTokens: 1 },
			}),
		);
		llm.push(
			{ text: "The parser lives in src/parse.ts." },
			{ text: "It uses a Pratt loop." },
			{ text: "Add a case." },
		);
		const { weft, events } = start();
		await weft.promptAndWait("where is the parser?");
		await weft.promptAndWait("how does it parse operators?");
		await weft.promptAndWait("how do I add **?");

		llm.push({ text: "SUMMARY: the user asks about a parser." });
		const compacted = await weft.compact("keep file names");
		expect(compacted).toMatchObject({
			summary: "SUMMARY: the user asks about a parser.",
			tokensBefore: expect.any(Number),
		});
		expect(events.filter((e) => e.type === "compaction_start" || e.type === "compaction_end")).toMatchObject([
			{ type: "compaction_start", reason: "manual" },
			{
				type: "compaction_end",
				reason: "manual",
				aborted: false,
				result: { summary: "SUMMARY: the user asks about a parser." },
			},
		]);
		expect(JSON.stringify(llm.requests.at(-1)?.body)).toContain("keep file names");

		const points = await weft.getForkMessages();
		expect(points.map((p) => p.text)).toEqual([
			"where is the parser?",
			"how does it parse operators?",
			"how do I add **?",
		]);
		const before = (await weft.getState()).sessionFile;
		const forked = await weft.fork(points[1].entryId);
		expect(forked).toEqual({ text: "how does it parse operators?", cancelled: false });
		const state = await weft.getState();
		expect(state.sessionFile).not.toBe(before);
		expect(state.messageCount).toBe(2);
	});

	it("forwards an extension's confirm dialog to the client and acts on its answer", async () => {
		const guard = extension(
			"guard",
			`weft.on("tool_call", async (event) => {
				const ok = await weft.ui.confirm("Allow " + event.name + "?", JSON.stringify(event.args), { timeoutMs: 20000 });
				return ok ? undefined : { block: true, reason: "the user said no" };
			});`,
		);
		llm.push(
			{ toolCalls: [{ name: "bash", args: { command: "echo first" } }] },
			{ toolCalls: [{ name: "bash", args: { command: "echo second" } }] },
			{ text: "Done." },
		);
		const { weft, events } = start("--no-session", ...withExtensions(guard));
		const asked: RpcUIRequest[] = [];
		weft.onUIRequest((request) => {
			asked.push(request);
			if (request.method !== "confirm") return undefined;
			return { confirmed: request.message.includes("first") };
		});
		await weft.promptAndWait("run both");
		expect(asked.map((r) => r.method === "confirm" && [r.title, r.message, r.timeout])).toEqual([
			["Allow bash?", '{"command":"echo first"}', 20000],
			["Allow bash?", '{"command":"echo second"}', 20000],
		]);
		const results = events
			.filter((e) => e.type === "turn_end")
			.flatMap((e) => (e.type === "turn_end" ? e.toolResults : []));
		expect(results.map((r) => [r.isError, JSON.stringify(r.content)])).toEqual([
			[false, expect.stringContaining("first")],
			[true, expect.stringContaining("the user said no")],
		]);
	});

	it("runs the user's bash command into the context, and retries a failed request with retry events unless retries are off", async () => {
		llm.push({ error: { status: 503, message: "busy" } }, { text: "Recovered." });
		const { weft, events } = start("--no-session");
		const ran = await weft.request<{ output: string; exitCode: number; cancelled: boolean }>({
			type: "bash",
			command: "echo from-the-user",
		});
		expect(ran).toMatchObject({
			output: expect.stringContaining("from-the-user"),
			exitCode: 0,
			cancelled: false,
		});
		await weft.promptAndWait("what did I run?");
		expect(JSON.stringify(llm.requests.at(-1)?.body)).toContain("from-the-user");
		expect(events.filter((e) => e.type.startsWith("auto_retry"))).toMatchObject([
			{ type: "auto_retry_start", attempt: 1, errorMessage: expect.stringContaining("busy") },
			{ type: "auto_retry_end", success: true, attempt: 1 },
		]);

		await weft.request({ type: "set_auto_retry", enabled: false });
		llm.push({ error: { status: 503, message: "busy again" } });
		const end = await weft.promptAndWait("once more");
		expect(end.messages.at(-1)).toMatchObject({ role: "assistant", stopReason: "error" });
		expect(events.filter((e) => e.type === "auto_retry_start")).toHaveLength(1);
		const stats = await weft.request<Record<string, unknown>>({ type: "get_session_stats" });
		expect(stats).toMatchObject({ userMessages: 3, assistantMessages: 2, sessionFile: null });
	});

	it("starts a new session and switches back to the first one", async () => {
		llm.push({ text: "First session." });
		const { weft } = start();
		await weft.promptAndWait("remember me");
		const first = await weft.getState();
		expect(await weft.request({ type: "new_session" })).toEqual({ cancelled: false });
		const fresh = await weft.getState();
		expect(fresh.sessionId).not.toBe(first.sessionId);
		expect(fresh.messageCount).toBe(0);
		expect(await weft.request({ type: "switch_session", sessionPath: String(first.sessionFile) })).toEqual({
			cancelled: false,
		});
		expect(await weft.getState()).toMatchObject({ sessionId: first.sessionId, messageCount: 2 });
		expect(await weft.getLastAssistantText()).toBe("First session.");
	});

	it("forwards a subprocess extension's confirm dialog and its panel, which takes the client's keys", async () => {
		const dir = join(sandbox.cwd, "asker");
		mkdirSync(dir);
		writeFileSync(
			join(dir, "main.mjs"),
			`const { createSubprocessExtension } = await import(${JSON.stringify(SUBPROCESS_SDK)});
const ext = createSubprocessExtension({ name: "asker", version: "1.0" });
ext.command("deploy", "Asks first", async (args) => ((await ext.ui.confirm("Deploy?", args)) ? "deployed " + args : { error: "not confirmed" }));
let cursor = 0;
ext.command("todo", "A panel", () => ({ openPanel: { id: "p1", title: "Todo", lines: ["> a", "  b"], footer: "esc closes" } }));
ext.onPanelKey(({ panelId, key }) => {
	if (key === "down") cursor = 1;
	ext.renderPanel({ id: panelId, title: "Todo", lines: cursor ? ["  a", "> b"] : ["> a", "  b"], footer: "esc closes" });
});
await ext.run();
`,
		);
		writeFileSync(
			join(dir, "extension.json"),
			JSON.stringify({ name: "asker", exec: process.execPath, args: ["main.mjs"] }),
		);
		const { weft } = start("--no-session", "-e", dir);
		const seen: RpcUIRequest[] = [];
		weft.onUIRequest((request) => {
			seen.push(request);
			return request.method === "confirm" ? { confirmed: true } : undefined;
		});
		await weft.prompt("/deploy prod");
		expect(seen.find((r) => r.method === "confirm")).toMatchObject({ title: "Deploy?", message: "prod" });
		await waitFor(() => JSON.stringify(seen).includes("deployed prod"));

		const panels = () => seen.flatMap((r) => (r.method === "panel" ? [r.panel?.lines ?? "closed"] : []));
		await weft.prompt("/todo");
		await waitFor(() => panels().length === 1);
		expect(seen.at(-1)).toMatchObject({
			method: "panel",
			panel: { extension: "asker", title: "Todo", footer: "esc closes" },
		});
		await weft.request({ type: "panel_key", key: "down" });
		await waitFor(() => panels().length === 2);
		await weft.request({ type: "panel_key", key: "escape" });
		await waitFor(() => panels().length === 3);
		expect(panels()).toEqual([["> a", "  b"], ["  a", "> b"], "closed"]);
		expect(await weft.send({ type: "panel_key", key: "down" })).toMatchObject({ success: false });
		expect(llm.requests).toHaveLength(0);
	});

	it("reports an extension handler that throws as extension_error, and the run goes on", async () => {
		const faulty = extension(
			"faulty",
			`weft.on("turn_start", () => { throw new Error("boom in turn_start"); });`,
		);
		llm.push({ text: "Still here." });
		const { weft, events } = start("--no-session", ...withExtensions(faulty));
		const end = await weft.promptAndWait("go");
		expect(events.find((e) => e.type === "extension_error")).toEqual({
			type: "extension_error",
			extensionPath: "faulty",
			event: "turn_start",
			error: expect.stringContaining("boom in turn_start"),
		});
		expect(end.messages.at(-1)).toMatchObject({
			role: "assistant",
			content: [{ type: "text", text: "Still here." }],
		});
	});

	it("expands a prompt template sent as /name, and lists it and an extension's command with pi's source, location and path", async () => {
		mkdirSync(join(sandbox.home, "prompts"));
		writeFileSync(
			join(sandbox.home, "prompts", "review.md"),
			"---\ndescription: Review a file\n---\nReview $ARGUMENTS carefully.\n",
		);
		const greeter = extension(
			"greeter",
			`weft.registerCommand("hello", { description: "greets", handler() {} });`,
		);
		llm.push({ text: "Reviewed." });
		const { weft } = start("--no-session", ...withExtensions(greeter));
		const { commands } = await weft.request<{ commands: Array<Record<string, unknown>> }>({
			type: "get_commands",
		});
		expect(commands).toContainEqual({
			name: "review",
			description: "Review a file",
			source: "prompt",
			extension: "prompt-templates",
			location: "user",
			path: join(sandbox.home, "prompts", "review.md"),
		});
		expect(commands).toContainEqual({
			name: "hello",
			description: "greets",
			source: "extension",
			extension: "greeter",
			path: greeter,
		});
		const end = weft.waitForEvent((e) => e.type === "agent_end");
		await weft.prompt("/review src/parse.ts");
		await end;
		expect(userTexts(0)).toEqual(["Review src/parse.ts carefully."]);
	});

	it("answers a malformed line with a parse error and an unknown command with its name, and keeps serving", async () => {
		const { weft } = start("--no-session");
		let raw = "";
		weft.process.stdout.on("data", (chunk) => {
			raw += chunk;
		});
		weft.process.stdin.write('{"type": "prompt", "message": \n');
		await waitFor(() => raw.includes('"command":"parse"'));
		const parse = JSON.parse(raw.split("\n").find((line) => line.includes('"command":"parse"')) ?? "");
		expect(parse).toMatchObject({ type: "response", command: "parse", success: false });
		expect(parse.error).toMatch(/^Failed to parse command: /);
		expect(await weft.send({ type: "warp" } as never)).toMatchObject({
			success: false,
			error: "Unknown command: warp",
		});
		expect(await weft.getState()).toMatchObject({ isStreaming: false });
		expect(weft.process.exitCode).toBeNull();
	});
});
