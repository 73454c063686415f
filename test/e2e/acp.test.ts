/**
 * `weft --mode acp` driven as an editor drives it: the real binary on a
 * pipe, the protocol's own SDK on the client side, the mock LLM behind.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { Readable, Writable } from "node:stream";
import * as acp from "@agentclientprotocol/sdk";
import { afterEach, describe, expect, it } from "vitest";
import type { MockLlm } from "../../src/testing/mock-llm/index.js";
import { extensionEventsFixture } from "../support/extension-events-fixture.js";
import { runWeft, type Sandbox, WEFT_BIN, waitFor, withMockSandbox } from "../support/weft-cli.js";

const MCP_SERVER = resolve(import.meta.dirname, "../support/mcp-server.mjs");

let sandbox: Sandbox;
let llm: MockLlm;

withMockSandbox((made, started) => {
	sandbox = made;
	llm = started;
});

const { extension, withExtensions, recorded } = extensionEventsFixture(() => ({
	sandbox,
	llm,
	recordFile: join(sandbox.home, "..", "record.log"),
}));

interface Editor {
	agent: acp.ClientContext;
	updates: acp.SessionNotification[];
	permissions: acp.RequestPermissionRequest[];
	stderr: () => string;
	child: ChildProcess;
	/** Closes stdin and resolves with weft's exit code. */
	close(): Promise<number | null>;
}

interface EditorOptions {
	args?: string[];
	/** How the editor answers a permission request (default: allow). */
	permission?: (
		request: acp.RequestPermissionRequest,
	) => acp.RequestPermissionResponse | Promise<acp.RequestPermissionResponse>;
	/** The editor's buffers: fs/read_text_file and fs/write_text_file are offered when given. */
	buffers?: Map<string, string>;
	/** How the editor fills in a form (elicitation/create); forms are offered when given. */
	form?: (request: acp.CreateElicitationRequest) => acp.CreateElicitationResponse;
}

const editors: Editor[] = [];
afterEach(async () => {
	for (const editor of editors.splice(0)) await editor.close();
});

function startEditor(options: EditorOptions = {}): Editor {
	const child = spawn(process.execPath, [WEFT_BIN, "--mode", "acp", ...(options.args ?? [])], {
		cwd: sandbox.cwd,
		env: sandbox.env,
		stdio: ["pipe", "pipe", "pipe"],
	});
	let stderr = "";
	child.stderr?.on("data", (d) => {
		stderr += d;
	});
	const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
	const updates: acp.SessionNotification[] = [];
	const permissions: acp.RequestPermissionRequest[] = [];
	let app = acp
		.client({ name: "test-editor" })
		.onNotification(acp.methods.client.session.update, ({ params }) => {
			updates.push(params);
		})
		.onRequest(acp.methods.client.session.requestPermission, ({ params }) => {
			permissions.push(params);
			return (
				options.permission?.(params) ?? {
					outcome: { outcome: "selected", optionId: params.options[0].optionId },
				}
			);
		});
	const buffers = options.buffers;
	if (buffers) {
		app = app
			.onRequest(acp.methods.client.fs.readTextFile, ({ params }) => {
				const content = buffers.get(params.path);
				if (content === undefined) throw acp.RequestError.resourceNotFound(params.path);
				return { content };
			})
			.onRequest(acp.methods.client.fs.writeTextFile, ({ params }) => {
				buffers.set(params.path, params.content);
				return {};
			});
	}
	const form = options.form;
	if (form) app = app.onRequest(acp.methods.client.elicitation.create, ({ params }) => form(params));
	const stream = acp.ndJsonStream(
		Writable.toWeb(child.stdin!) as WritableStream<Uint8Array>,
		Readable.toWeb(child.stdout!) as ReadableStream<Uint8Array>,
	);
	const connection = app.connect(stream);
	const editor: Editor = {
		agent: connection.agent,
		updates,
		permissions,
		stderr: () => stderr,
		child,
		close: async () => {
			connection.close();
			child.stdin?.end();
			return exited;
		},
	};
	editors.push(editor);
	return editor;
}

async function initialize(editor: Editor, fs = false, forms = false): Promise<acp.InitializeResponse> {
	return editor.agent.request(acp.methods.agent.initialize, {
		protocolVersion: acp.PROTOCOL_VERSION,
		clientCapabilities: {
			fs: { readTextFile: fs, writeTextFile: fs },
			...(forms ? { elicitation: { form: {} } } : {}),
		},
		clientInfo: { name: "test-editor", version: "1.0.0" },
	});
}

async function newSession(editor: Editor, mcpServers: acp.McpServer[] = []): Promise<acp.NewSessionResponse> {
	return editor.agent.request(acp.methods.agent.session.new, { cwd: sandbox.cwd, mcpServers });
}

function prompt(editor: Editor, sessionId: string, text: string): Promise<acp.PromptResponse> {
	return editor.agent.request(acp.methods.agent.session.prompt, {
		sessionId,
		prompt: [{ type: "text", text }],
	});
}

const kinds = (editor: Editor) => editor.updates.map((n) => n.update.sessionUpdate);
const textOf = (editor: Editor, kind: string) =>
	editor.updates
		.map((n) => n.update)
		.filter((u) => u.sessionUpdate === kind)
		.map((u) => ((u as { content: acp.ContentBlock }).content as { text: string }).text)
		.join("");
const toolUpdates = (editor: Editor, id: string) =>
	editor.updates
		.map((n) => n.update)
		.filter(
			(u): u is Extract<acp.SessionUpdate, { toolCallId: string }> =>
				(u.sessionUpdate === "tool_call" || u.sessionUpdate === "tool_call_update") && u.toolCallId === id,
		);

describe("weft --mode acp", () => {
	it("initializes: protocol version, capabilities, agent info", async () => {
		const editor = startEditor();
		const init = await initialize(editor);
		expect(init.protocolVersion).toBe(acp.PROTOCOL_VERSION);
		expect(init.agentInfo).toMatchObject({ name: "weft" });
		expect(init.agentCapabilities).toMatchObject({
			loadSession: true,
			promptCapabilities: { image: true, embeddedContext: true },
			sessionCapabilities: { list: {}, close: {} },
		});
		expect(await editor.close()).toBe(0);
	});

	it("streams a prompt with a tool call: tool_call then updates with the command, ending end_turn", async () => {
		llm.push({
			thinking: "Let me look.",
			toolCalls: [{ id: "call_sh", name: "bash", args: { command: "echo hi" } }],
		});
		llm.push({ text: "It printed hi." });
		const editor = startEditor();
		await initialize(editor);
		const { sessionId, configOptions } = await newSession(editor);
		expect(configOptions?.map((o) => o.id)).toEqual(["model", "thinking"]);
		const { stopReason } = await prompt(editor, sessionId, "run echo");
		expect(stopReason).toBe("end_turn");
		expect(editor.updates.every((n) => n.sessionId === sessionId)).toBe(true);
		expect(textOf(editor, "agent_thought_chunk")).toBe("Let me look.");
		expect(textOf(editor, "agent_message_chunk")).toBe("It printed hi.");
		const call = toolUpdates(editor, "call_sh");
		expect(call[0]).toMatchObject({
			sessionUpdate: "tool_call",
			title: "echo hi",
			kind: "execute",
			status: "pending",
			rawInput: { command: "echo hi" },
			content: [{ type: "content", content: { type: "text", text: "$ echo hi" } }],
		});
		expect(call.map((u) => u.status).filter(Boolean)).toContain("in_progress");
		// Each model step reports the context used against the model's window.
		expect(editor.updates.map((n) => n.update).filter((u) => u.sessionUpdate === "usage_update")).toEqual([
			expect.objectContaining({ size: 32768, cost: { amount: 0, currency: "USD" } }),
			expect.objectContaining({ size: 32768 }),
		]);
		const last = call.at(-1)!;
		expect(last).toMatchObject({ sessionUpdate: "tool_call_update", status: "completed" });
		expect(JSON.stringify(last.content)).toContain("hi");
	});

	it("cancels a stalled answer: the prompt resolves cancelled", async () => {
		llm.push({ text: "Thinking about it and then some more", stallAfterChunks: 2 });
		const editor = startEditor();
		await initialize(editor);
		const { sessionId } = await newSession(editor);
		const answer = prompt(editor, sessionId, "take your time");
		await waitFor(() => kinds(editor).includes("agent_message_chunk"));
		await editor.agent.notify(acp.methods.agent.session.cancel, { sessionId });
		expect(await answer).toEqual({ stopReason: "cancelled" });
	});

	it("asks the editor for permission when an extension confirms before a tool, and honours the answer", async () => {
		const guard = extension(
			"guard",
			`weft.on("tool_call", async (event, ctx) => {
				if (event.name !== "bash") return;
				const ok = await ctx.ui.confirm("Run a command?", String(event.args.command));
				if (!ok) return { block: true, reason: "the user said no" };
			});`,
		);
		llm.push({ toolCalls: [{ id: "call_yes", name: "bash", args: { command: "echo allowed" } }] });
		llm.push({ toolCalls: [{ id: "call_no", name: "bash", args: { command: "echo refused" } }] });
		llm.push({ text: "Done." });
		const editor = startEditor({
			args: withExtensions(guard),
			permission: (request) => ({
				outcome: {
					outcome: "selected",
					optionId: request.toolCall.toolCallId === "call_yes" ? "allow" : "reject",
				},
			}),
		});
		await initialize(editor);
		const { sessionId } = await newSession(editor);
		expect((await prompt(editor, sessionId, "try both")).stopReason).toBe("end_turn");
		expect(editor.permissions.map((p) => p.toolCall.toolCallId)).toEqual(["call_yes", "call_no"]);
		expect(editor.permissions[0]).toMatchObject({
			sessionId,
			toolCall: { title: "Run a command?: echo allowed" },
		});
		expect(editor.permissions[0].options.map((o) => o.kind)).toEqual(["allow_once", "reject_once"]);
		// Each was announced before its permission request, so the editor can show the call.
		expect(toolUpdates(editor, "call_yes")[0]).toMatchObject({
			sessionUpdate: "tool_call",
			title: "echo allowed",
		});
		expect(toolUpdates(editor, "call_yes").at(-1)).toMatchObject({ status: "completed" });
		expect(toolUpdates(editor, "call_no").at(-1)).toMatchObject({ status: "failed" });
		expect(JSON.stringify(toolUpdates(editor, "call_no").at(-1))).toContain("the user said no");
	});

	it("withdraws a permission request the editor leaves open when the prompt is cancelled", async () => {
		const guard = extension(
			"guard",
			`weft.on("tool_call", async (event, ctx) => {
				if (!(await ctx.ui.confirm("Run it?"))) return { block: true, reason: "not allowed" };
			});`,
		);
		llm.push({ toolCalls: [{ id: "call_wait", name: "bash", args: { command: "echo never" } }] });
		const editor = startEditor({
			args: withExtensions(guard),
			// An editor that never answers (its user walked away).
			permission: () => new Promise(() => {}),
		});
		await initialize(editor);
		const { sessionId } = await newSession(editor);
		const answer = prompt(editor, sessionId, "run it");
		await waitFor(() => editor.permissions.length === 1);
		await editor.agent.notify(acp.methods.agent.session.cancel, { sessionId });
		expect(await answer).toEqual({ stopReason: "cancelled" });
		expect(toolUpdates(editor, "call_wait").at(-1)).toMatchObject({ status: "failed" });
	});

	it("loads an earlier session by id, replaying its conversation before it answers", async () => {
		writeFileSync(join(sandbox.cwd, "notes.txt"), "one\ntwo\n");
		llm.push({ toolCalls: [{ id: "call_read", name: "read", args: { path: "notes.txt" } }] });
		llm.push({ text: "It has two lines." });
		const first = startEditor();
		await initialize(first);
		const { sessionId } = await newSession(first);
		await prompt(first, sessionId, "read notes.txt");
		expect(await first.close()).toBe(0);

		llm.push({ text: "Still two." });
		const second = startEditor();
		const init = await initialize(second);
		expect(init.agentCapabilities?.loadSession).toBe(true);
		const listed = await second.agent.request(acp.methods.agent.session.list, { cwd: sandbox.cwd });
		expect(listed.sessions.map((s) => s.sessionId)).toContain(sessionId);
		await second.agent.request(acp.methods.agent.session.load, {
			sessionId,
			cwd: sandbox.cwd,
			mcpServers: [],
		});
		expect(kinds(second).filter((k) => k !== "available_commands_update")).toEqual([
			"user_message_chunk",
			"tool_call",
			"tool_call_update",
			"agent_message_chunk",
		]);
		expect(textOf(second, "user_message_chunk")).toBe("read notes.txt");
		expect(toolUpdates(second, "call_read")[0]).toMatchObject({
			kind: "read",
			title: "Read notes.txt",
			locations: [{ path: join(sandbox.cwd, "notes.txt") }],
		});
		expect(toolUpdates(second, "call_read")[1]).toMatchObject({ status: "completed" });
		second.updates.length = 0;
		expect((await prompt(second, sessionId, "and now?")).stopReason).toBe("end_turn");
		expect(textOf(second, "agent_message_chunk")).toBe("Still two.");
		// The model was sent the loaded conversation.
		expect(JSON.stringify(llm.requests.at(-1)?.body.messages)).toContain("It has two lines.");
	});

	it("edits through the editor's buffers when it offers its file system, with the diff in the tool call", async () => {
		const file = join(sandbox.cwd, "a.txt");
		writeFileSync(file, "on disk\n");
		const buffers = new Map([[file, "unsaved buffer\n"]]);
		llm.push({
			toolCalls: [
				{ id: "call_edit", name: "edit", args: { path: "a.txt", oldText: "unsaved", newText: "edited" } },
			],
		});
		llm.push({ text: "Edited." });
		const editor = startEditor({ buffers });
		await initialize(editor, true);
		const { sessionId } = await newSession(editor);
		expect((await prompt(editor, sessionId, "edit a.txt")).stopReason).toBe("end_turn");
		expect(buffers.get(file)).toBe("edited buffer\n");
		expect(readFileSync(file, "utf8")).toBe("on disk\n");
		const edit = toolUpdates(editor, "call_edit");
		const diff = { type: "diff", path: file, oldText: "unsaved", newText: "edited" };
		expect(edit[0]).toMatchObject({ kind: "edit", locations: [{ path: file }], content: [diff] });
		expect(edit.at(-1)).toMatchObject({ status: "completed", content: [diff] });
	});

	it("connects the editor's stdio MCP server: its tool's result reaches the next request", async () => {
		const editor = startEditor();
		const init = await initialize(editor);
		expect(init.agentCapabilities?.mcpCapabilities).toEqual({ http: true, sse: false });
		const { sessionId } = await newSession(editor, [
			{
				name: "demo",
				command: process.execPath,
				args: [MCP_SERVER],
				env: [{ name: "MCP_TEST_TAG", value: "editor" }],
			},
			{ type: "sse", name: "old", url: "http://127.0.0.1:9/sse", headers: [] },
		]);
		// The SSE server is reported, not ignored; the stdio one is connected.
		await waitFor(() => textOf(editor, "agent_message_chunk").length > 0);
		expect(textOf(editor, "agent_message_chunk")).toMatch(
			/were not connected: old: the legacy SSE transport is not supported/,
		);
		expect(editor.stderr()).toMatch(/MCP servers from the editor: demo/);
		// Connected by the mcp extension, as a server of settings is: its log says when it is ready.
		const extLog = join(sandbox.home, "logs", "ext-mcp.log");
		await waitFor(() => existsSync(extLog) && readFileSync(extLog, "utf8").includes("demo: ready (4 tools"));

		llm.push(
			{ toolCalls: [{ id: "call_mcp", name: "mcp__demo__echo", args: { text: "hi" } }] },
			{ text: "Echoed." },
		);
		expect(await prompt(editor, sessionId, "echo hi")).toEqual({ stopReason: "end_turn" });
		expect(llm.requests[0].body.tools.map((t: { function: { name: string } }) => t.function.name)).toContain(
			"mcp__demo__echo",
		);
		const toolResults = llm.requests[1].body.messages.filter((m: { role: string }) => m.role === "tool");
		expect(toolResults.map((m: { content: unknown }) => m.content)).toEqual(["echo: hi (env editor)"]);
		expect(toolUpdates(editor, "call_mcp").at(-1)).toMatchObject({ status: "completed" });
		expect(await editor.close()).toBe(0);
	});

	it("reports the editor's MCP servers as not connected when the mcp extension is off", async () => {
		const editor = startEditor({ args: ["--no-extensions"] });
		const init = await initialize(editor);
		expect(init.agentCapabilities?.mcpCapabilities).toEqual({ http: false, sse: false });
		const { sessionId } = await newSession(editor, [
			{ name: "files", command: "mcp-files", args: [], env: [] },
		]);
		await waitFor(() => textOf(editor, "agent_message_chunk").length > 0);
		expect(editor.updates[0].sessionId).toBe(sessionId);
		expect(textOf(editor, "agent_message_chunk")).toMatch(
			/were not connected: files: extensions are off \(--no-extensions\)/,
		);
		expect(editor.stderr()).toMatch(/MCP servers/);
	});

	it("runs a command named in the prompt, and sets the thinking level as a config option", async () => {
		const editor = startEditor();
		await initialize(editor);
		const { sessionId } = await newSession(editor);
		await waitFor(() => kinds(editor).includes("available_commands_update"));
		const commands = editor.updates.find((n) => n.update.sessionUpdate === "available_commands_update")!
			.update as Extract<acp.SessionUpdate, { sessionUpdate: "available_commands_update" }>;
		expect(commands.availableCommands.map((c) => c.name)).toEqual(
			expect.arrayContaining(["name", "session"]),
		);
		expect(await prompt(editor, sessionId, "/name release work")).toEqual({ stopReason: "end_turn" });
		expect(llm.requests).toHaveLength(0);
		// What the command reports is the answer.
		expect(textOf(editor, "agent_message_chunk")).toMatch(/Named this session "release work"/);

		const set = await editor.agent.request(acp.methods.agent.session.setConfigOption, {
			sessionId,
			configId: "thinking",
			value: "high",
		});
		expect(set.configOptions.find((o) => o.id === "thinking")?.currentValue).toBe("high");
		await expect(
			editor.agent.request(acp.methods.agent.session.setConfigOption, {
				sessionId,
				configId: "mode",
				value: "x",
			}),
		).rejects.toThrow(/unknown config option "mode"/);
	});

	it("asks an extension's select, multi-select and input as forms when the editor fills them in", async () => {
		const picker = extension(
			"picker",
			`weft.registerCommand("pick", {
				handler: async (_args, ctx) => {
					const one = await ctx.ui.select("Which one?", ["red", { value: "blue", label: "Blue" }]);
					const many = await ctx.ui.multiSelect("Which ones?", ["a", "b", "c"]);
					const name = await ctx.ui.input("Your name?", { placeholder: "name" });
					record([one, (many ?? []).join("+"), name].join(" "));
				},
			});`,
		);
		const forms: acp.CreateElicitationRequest[] = [];
		const editor = startEditor({
			args: withExtensions(picker),
			form: (request) => {
				forms.push(request);
				const field = (request as { requestedSchema: acp.ElicitationSchema }).requestedSchema.properties
					?.value;
				const value =
					field?.type === "array" ? ["a", "c"] : request.message === "Your name?" ? "Ada" : "blue";
				return { action: "accept", content: { value } };
			},
		});
		await initialize(editor, false, true);
		const { sessionId } = await newSession(editor);
		expect((await prompt(editor, sessionId, "/pick")).stopReason).toBe("end_turn");
		expect(recorded()).toEqual(["blue a+c Ada"]);
		expect(forms.map((f) => f.message)).toEqual(["Which one?", "Which ones?", "Your name?"]);
		expect(forms[0]).toMatchObject({
			mode: "form",
			sessionId,
			requestedSchema: {
				properties: {
					value: {
						type: "string",
						oneOf: [
							{ const: "red", title: "red" },
							{ const: "blue", title: "Blue" },
						],
					},
				},
			},
		});
	});

	it("refuses a prompt for a session it does not have, and a session in a folder that does not exist, naming what to do", async () => {
		const editor = startEditor();
		await initialize(editor);
		await expect(prompt(editor, "no-such-session", "hi")).rejects.toThrow(/session\/new|session\/load/);
		await expect(
			editor.agent.request(acp.methods.agent.session.new, {
				cwd: join(sandbox.home, "gone"),
				mcpServers: [],
			}),
		).rejects.toThrow(/is not a folder; send an existing folder/);
	});

	it("refuses a prompt or a session chosen on the command line: the client opens sessions", async () => {
		const result = await runWeft(sandbox, ["--mode", "acp", "--continue", "hello"]);
		expect(result.code).toBe(2);
		expect(result.stderr).toMatch(
			/--mode acp takes prompts and sessions from its client.*not a prompt, --continue/,
		);
	});

	it("answers a malformed line with a parse error and an unknown method as not found, and keeps serving", async () => {
		const child = spawn(process.execPath, [WEFT_BIN, "--mode", "acp"], {
			cwd: sandbox.cwd,
			env: sandbox.env,
			stdio: ["pipe", "pipe", "pipe"],
		});
		const lines: any[] = [];
		let buffered = "";
		child.stdout.on("data", (chunk) => {
			buffered += chunk;
			const complete = buffered.split("\n");
			buffered = complete.pop() ?? "";
			for (const line of complete) if (line.trim()) lines.push(JSON.parse(line));
		});
		const send = (line: string) => child.stdin.write(`${line}\n`);
		send("this is not json");
		send(JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: 1 } }));
		await waitFor(() => lines.some((l) => l.id === 1));
		send(JSON.stringify({ jsonrpc: "2.0", id: 2, method: "session/unknown", params: {} }));
		await waitFor(() => lines.some((l) => l.id === 2));
		expect(lines[0]).toEqual({ jsonrpc: "2.0", id: null, error: { code: -32700, message: "Parse error" } });
		expect(lines.find((l) => l.id === 1).result.protocolVersion).toBe(1);
		expect(lines.find((l) => l.id === 2).error.code).toBe(-32601);
		child.stdin.end();
		expect(await new Promise((resolve) => child.on("close", resolve))).toBe(0);
	});
});
