import { describe, expect, it } from "vitest";
import type { AgentLoop, LoopContext, LoopResult } from "../agent/agent-loop.js";
import { EventBus, type HandlerFailure } from "../kernel/event-bus.js";
import type { EventName, EventPayload } from "../kernel/events.js";
import { type AssistantMessage, emptyUsage, type Message, type ToolCall } from "../kernel/messages.js";
import type { ModelInfo } from "../kernel/provider.js";
import type { UIPort } from "../kernel/ui-port.js";
import { adaptMuPlugin, isMuPlugin, type MuPlugin } from "./mu-adapter.js";
import type {
	ExtensionAPI,
	ExtensionCommand,
	ExtensionContext,
	ExtensionTool,
	ToolExecutionContext,
} from "./types.js";

/** A stand-in ExtensionAPI: handlers go onto a real bus (so results fold as in a session), the rest is recorded. */
function fakeHost(name = "mu-file") {
	const bus = new EventBus();
	const failures: HandlerFailure[] = [];
	bus.onFailure((f) => failures.push(f));
	const tools: ExtensionTool[] = [];
	const commands = new Map<string, ExtensionCommand>();
	const logs: string[] = [];
	const notes: string[] = [];
	const recorded: { loop?: (stock: AgentLoop) => AgentLoop; exposed?: unknown } = {};
	const ui = { notify: (message: string) => notes.push(message) } as unknown as UIPort;
	const model = { id: "m-1", provider: "p-1" } as ModelInfo;
	const ctx: ExtensionContext = {
		cwd: "/project",
		sessionId: "s-1",
		model,
		mode: "test",
		signal: undefined,
		abort() {},
		isIdle: () => true,
		ui,
		hasUI: false,
	};
	const api = {
		name,
		cwd: "/project",
		ui,
		on: (event: EventName, handler: any, options?: { priority?: number }) =>
			bus.on(event, handler, { owner: name, priority: options?.priority }),
		registerTool: (tool: ExtensionTool) => tools.push(tool),
		registerCommand: (command: string, spec: ExtensionCommand) => commands.set(command, spec),
		setAgentLoop: (factory: (stock: AgentLoop) => AgentLoop) => {
			recorded.loop = factory;
		},
		expose: (value: unknown) => {
			recorded.exposed = value;
		},
		getExtension: (other: string) => (other === "peer" ? { peer: true } : undefined),
		log: (message: string, level = "info") => logs.push(`${level}: ${message}`),
	} as unknown as ExtensionAPI;
	const emit = <K extends EventName>(event: K, payload: EventPayload<K>) => bus.emit(event, payload, ctx);
	const toolCtx = (signal = new AbortController().signal): ToolExecutionContext => ({
		...ctx,
		toolCallId: "call-1",
		signal,
		onUpdate() {},
	});
	return { api, bus, emit, failures, tools, commands, logs, notes, recorded, ctx, toolCtx };
}

const spec = (name: string) => ({ name, description: `${name} tool`, parameters: { type: "object" } });
const call = (id: string, name: string, args: Record<string, unknown>): ToolCall => ({
	type: "toolCall",
	id,
	name,
	args,
});
const assistant = (content: AssistantMessage["content"]): AssistantMessage => ({
	role: "assistant",
	content,
	provider: "p-1",
	model: "m-1",
	usage: emptyUsage(),
	stopReason: "tool_use",
	timestamp: 2,
});
const conversation = (): Message[] => [
	{
		role: "user",
		content: [
			{ type: "text", text: "look at this" },
			{ type: "image", data: "AAAA", mimeType: "image/png" },
		],
		timestamp: 1,
	},
	assistant([
		{ type: "thinking", thinking: "hmm", signature: "sig" },
		{ type: "text", text: "reading" },
		call("c1", "read", { path: "a.ts" }),
	]),
	{
		role: "toolResult",
		toolCallId: "c1",
		toolName: "read",
		content: [{ type: "text", text: "file body" }],
		isError: false,
		timestamp: 3,
	},
];
const contextPayload = (messages = conversation()): EventPayload<"context"> => ({
	step: 1,
	messages,
	tools: [spec("read"), spec("bash"), spec("edit")],
	systemPrompt: "base prompt",
});
const toolResultPayload = (text: string): EventPayload<"tool_result"> => ({
	id: "c1",
	name: "read",
	args: { path: "a.ts" },
	source: "model",
	content: [{ type: "text", text }],
	isError: false,
});

describe("isMuPlugin", () => {
	it("recognises plain objects carrying a Mu key and nothing else", () => {
		expect(isMuPlugin({ name: "x", tools: [] })).toBe(true);
		expect(isMuPlugin({ hooks: {} })).toBe(true);
		expect(isMuPlugin({ activate() {} })).toBe(true);
		expect(isMuPlugin({ systemPrompt: "be brief" })).toBe(true);
		expect(isMuPlugin({ name: "only a name" })).toBe(false);
		expect(isMuPlugin(() => {})).toBe(false);
		expect(isMuPlugin(Object.assign(() => {}, { tools: [] }))).toBe(false);
		expect(isMuPlugin([{ tools: [] }])).toBe(false);
		expect(isMuPlugin(null)).toBe(false);
		expect(isMuPlugin("tools")).toBe(false);
	});
});

describe("Mu tools", () => {
	it("registers a Mu tool from its definition and hands execute the abort signal", async () => {
		const host = fakeHost();
		let received: unknown;
		await adaptMuPlugin(
			{
				name: "weather",
				tools: [
					{
						definition: {
							type: "function",
							function: { name: "forecast", description: "Forecast", parameters: { type: "object" } },
						},
						execute: (args, signal) => {
							received = signal;
							return `sunny in ${args.city}`;
						},
					},
				],
			},
			host.api,
		);
		const [tool] = host.tools;
		expect(tool).toMatchObject({ name: "forecast", description: "Forecast", parameters: { type: "object" } });
		const controller = new AbortController();
		const result = await tool.execute({ city: "Oslo" }, host.toolCtx(controller.signal));
		expect(result).toEqual({ content: "sunny in Oslo", isError: false });
		expect(received).toBe(controller.signal);
	});

	it("turns Mu's result shapes into text, errors included", async () => {
		const host = fakeHost();
		const outputs: unknown[] = ["Error: no network", { content: "partial", error: true }, { temp: 21 }];
		await adaptMuPlugin(
			{
				tools: outputs.map((output, i) => ({
					definition: { function: { name: `t${i}` } },
					execute: () => output,
				})),
			},
			host.api,
		);
		const run = (i: number) => host.tools[i].execute({}, host.toolCtx());
		expect(await run(0)).toEqual({ content: "Error: no network", isError: true });
		expect(await run(1)).toMatchObject({ content: "partial", isError: true });
		expect(await run(2)).toBe(JSON.stringify({ temp: 21 }, null, 2));
		expect(host.tools[0].parameters).toEqual({ type: "object", properties: {} });
	});

	it("accepts flat tools, whose execute receives weft's tool context", async () => {
		const host = fakeHost();
		await adaptMuPlugin(
			{
				tools: [
					{
						...spec("echo"),
						execute: (args: any, ctx: ToolExecutionContext) => `${ctx.toolCallId}:${args.x}`,
					},
				],
			},
			host.api,
		);
		expect(host.tools[0].name).toBe("echo");
		expect(await host.tools[0].execute({ x: 1 }, host.toolCtx())).toEqual({
			content: "call-1:1",
			isError: false,
		});
	});
});

describe("Mu commands", () => {
	it("registers array commands; a returned string is shown to the user", async () => {
		const host = fakeHost();
		let seen: any;
		await adaptMuPlugin(
			{
				commands: [
					{
						name: "hello",
						description: "Greets",
						execute: async (args, ctx) => {
							seen = ctx;
							return `hi ${args}`;
						},
					},
				],
			},
			host.api,
		);
		const command = host.commands.get("hello")!;
		expect(command.description).toBe("Greets");
		await command.handler("there", host.ctx);
		expect(host.notes).toEqual(["hi there"]);
		expect(seen).toMatchObject({
			cwd: "/project",
			messages: [],
			config: { model: "m-1", providerId: "p-1" },
		});
	});

	it("takes a record keyed by name with handler or run", async () => {
		const host = fakeHost();
		const calls: string[] = [];
		await adaptMuPlugin(
			{
				commands: {
					first: { description: "one", handler: (args) => void calls.push(`first ${args}`) },
					second: { run: (args) => void calls.push(`second ${args}`) },
				},
			},
			host.api,
		);
		await host.commands.get("first")!.handler("a", host.ctx);
		await host.commands.get("second")!.handler("b", host.ctx);
		expect(calls).toEqual(["first a", "second b"]);
		expect(host.notes).toEqual([]);
	});
});

describe("systemPrompt", () => {
	it("appends a string prompt after a blank line", async () => {
		const host = fakeHost();
		await adaptMuPlugin({ systemPrompt: "Always answer in French." }, host.api);
		const result = await host.emit("before_agent_start", {
			prompt: "hi",
			systemPrompt: "Base.",
			injected: [],
		});
		expect(result.payload.systemPrompt).toBe("Base.\n\nAlways answer in French.");
	});

	it("calls a prompt function with the plugin context on every run", async () => {
		const host = fakeHost();
		let runs = 0;
		await adaptMuPlugin({ systemPrompt: (context) => `run ${++runs} in ${context.cwd}` }, host.api);
		await host.emit("before_agent_start", { prompt: "a", systemPrompt: "", injected: [] });
		const second = await host.emit("before_agent_start", { prompt: "b", systemPrompt: "", injected: [] });
		expect(second.payload.systemPrompt).toBe("run 2 in /project");
	});
});

describe("hooks.transformUserInput", () => {
	const input = (text: string): EventPayload<"input"> => ({ text, images: [], source: "interactive" });

	it("rewrites the input with Mu's transform result or a plain string", async () => {
		const host = fakeHost();
		await adaptMuPlugin(
			{ hooks: { transformUserInput: (text) => ({ kind: "transform", text: `${text}!` }) } },
			host.api,
		);
		expect((await host.emit("input", input("go"))).payload.text).toBe("go!");

		const plain = fakeHost();
		await adaptMuPlugin({ hooks: { transformUserInput: (text) => text.toUpperCase() } }, plain.api);
		expect((await plain.emit("input", input("go"))).payload.text).toBe("GO");
	});

	it("treats intercept as handled and pass as no change", async () => {
		const host = fakeHost();
		await adaptMuPlugin(
			{
				hooks: {
					transformUserInput: (text) => (text.startsWith("!") ? { kind: "intercept" } : { kind: "pass" }),
				},
			},
			host.api,
		);
		expect((await host.emit("input", input("!stop"))).terminal).toEqual({ action: "handled" });
		const passed = await host.emit("input", input("hello"));
		expect(passed.terminal).toBeUndefined();
		expect(passed.payload.text).toBe("hello");
	});
});

describe("context hooks", () => {
	it("filterTools narrows the tools by the Mu tools or names it returns", async () => {
		const host = fakeHost();
		await adaptMuPlugin(
			{ hooks: { filterTools: (tools) => tools.filter((t) => t.definition.function.name !== "bash") } },
			host.api,
		);
		await adaptMuPlugin({ hooks: { filterTools: () => ["read", "bash"] } }, { ...host.api, name: "second" });
		const result = await host.emit("context", contextPayload());
		expect(result.payload.tools.map((t) => t.name)).toEqual(["read"]);
	});

	it("transformSystemPrompt rewrites the prompt before beforeLlmCall sees it", async () => {
		const host = fakeHost();
		let seen: unknown;
		await adaptMuPlugin(
			{
				hooks: {
					transformSystemPrompt: (prompt) => `<agent>${prompt}</agent>`,
					beforeLlmCall: (messages, config) => {
						seen = { ...config };
						return messages;
					},
				},
			},
			host.api,
		);
		const result = await host.emit("context", contextPayload());
		expect(result.payload.systemPrompt).toBe("<agent>base prompt</agent>");
		expect(seen).toEqual({ systemPrompt: "<agent>base prompt</agent>", model: "m-1", providerId: "p-1" });
	});

	it("beforeLlmCall sees Mu chat messages and an untouched list leaves the conversation as it was", async () => {
		const host = fakeHost();
		let seen: unknown;
		await adaptMuPlugin(
			{
				hooks: {
					beforeLlmCall: (messages) => {
						seen = structuredClone(messages);
						return [...messages];
					},
				},
			},
			host.api,
		);
		const messages = conversation();
		const result = await host.emit("context", contextPayload(messages));
		expect(result.payload.messages).toBe(messages);
		expect(seen).toEqual([
			{ role: "user", content: "look at this" },
			{
				role: "assistant",
				content: "reading",
				reasoning: "hmm",
				toolCalls: [{ id: "c1", type: "function", function: { name: "read", arguments: '{"path":"a.ts"}' } }],
			},
			{
				role: "tool",
				content: "file body",
				toolCallId: "c1",
				toolResult: { name: "read", content: "file body", error: false },
			},
		]);
	});

	it("beforeLlmCall can add and edit messages; untouched ones keep images and thinking", async () => {
		const host = fakeHost();
		await adaptMuPlugin(
			{
				hooks: {
					beforeLlmCall: (messages, config) => {
						messages[1].content = "reading carefully";
						config.systemPrompt += " (checked)";
						return [...messages, { role: "system", content: "remember the tests" }];
					},
				},
			},
			host.api,
		);
		const original = conversation();
		const result = await host.emit("context", contextPayload(original));
		const [user, edited, tool, added] = result.payload.messages;
		expect(user).toEqual(original[0]);
		expect(tool).toEqual(original[2]);
		expect(edited).toMatchObject({
			role: "assistant",
			provider: "p-1",
			content: [
				{ type: "thinking", thinking: "hmm", signature: "sig" },
				{ type: "text", text: "reading carefully" },
				call("c1", "read", { path: "a.ts" }),
			],
		});
		expect(added).toMatchObject({ role: "custom", content: "remember the tests", display: false });
		expect(result.payload.systemPrompt).toBe("base prompt (checked)");
	});
});

describe("hooks.afterLlmCall", () => {
	const turn = (): EventPayload<"turn_result"> => ({
		step: 1,
		content: "I will run it",
		thinking: "plan",
		toolCalls: [call("c1", "bash", { command: "ls" }), call("c2", "read", { path: "x" })],
		usage: { ...emptyUsage(), input: 10, output: 5 },
	});

	it("sees Mu's turn result and may rewrite content and tool calls", async () => {
		const host = fakeHost();
		let seen: any;
		await adaptMuPlugin(
			{
				hooks: {
					afterLlmCall: (result) => {
						seen = structuredClone(result);
						return {
							...result,
							content: "only reading",
							toolCalls: result.toolCalls.filter((c) => c.function.name !== "bash"),
						};
					},
				},
			},
			host.api,
		);
		const payload = turn();
		const result = await host.emit("turn_result", payload);
		expect(seen).toMatchObject({ content: "I will run it", reasoning: "plan", usage: 15 });
		expect(seen.toolCalls[0]).toEqual({
			id: "c1",
			type: "function",
			function: { name: "bash", arguments: '{"command":"ls"}' },
		});
		expect(result.payload.content).toBe("only reading");
		expect(result.payload.toolCalls).toEqual([payload.toolCalls[1]]);
	});

	it("an unchanged result leaves the turn alone", async () => {
		const host = fakeHost();
		await adaptMuPlugin({ hooks: { afterLlmCall: (result) => result } }, host.api);
		const payload = turn();
		const result = await host.emit("turn_result", payload);
		expect(result.payload.toolCalls).toBe(payload.toolCalls);
		expect(result.payload.content).toBe(payload.content);
	});
});

describe("hooks.beforeToolExec", () => {
	const toolCall = (args: Record<string, unknown> = { command: "rm -rf /" }): EventPayload<"tool_call"> => ({
		id: "c1",
		name: "bash",
		args,
		source: "model",
	});

	it("a Mu block stops the call with its content as the reason", async () => {
		const host = fakeHost();
		await adaptMuPlugin(
			{ hooks: { beforeToolExec: () => ({ blocked: true, content: "destructive command refused" }) } },
			host.api,
		);
		const result = await host.emit("tool_call", toolCall());
		expect(result.terminal).toEqual({ block: true, reason: "destructive command refused" });
	});

	it("a block with error: false substitutes its content as the result", async () => {
		const host = fakeHost();
		await adaptMuPlugin(
			{ hooks: { beforeToolExec: () => ({ blocked: true, content: "cached output", error: false }) } },
			host.api,
		);
		const result = await host.emit("tool_call", toolCall());
		expect(result.terminal).toEqual({ result: { content: "cached output", isError: false } });
	});

	it("changed arguments rewrite the args, returned or edited in place", async () => {
		const host = fakeHost();
		await adaptMuPlugin(
			{
				hooks: {
					beforeToolExec: (c) => {
						c.function.arguments = JSON.stringify({ command: "ls -la" });
						return undefined;
					},
				},
			},
			host.api,
		);
		expect((await host.emit("tool_call", toolCall({ command: "ls" }))).payload.args).toEqual({
			command: "ls -la",
		});

		const returned = fakeHost();
		await adaptMuPlugin(
			{
				hooks: {
					beforeToolExec: (c) => ({ ...c, function: { ...c.function, arguments: '{"command":"pwd"}' } }),
				},
			},
			returned.api,
		);
		const result = await returned.emit("tool_call", toolCall({ command: "ls" }));
		expect(result.terminal).toBeUndefined();
		expect(result.payload.args).toEqual({ command: "pwd" });
	});

	it("passes weft's own tool_call results through", async () => {
		const host = fakeHost();
		await adaptMuPlugin({ hooks: { beforeToolExec: () => ({ result: { content: "stubbed" } }) } }, host.api);
		expect((await host.emit("tool_call", toolCall())).terminal).toEqual({ result: { content: "stubbed" } });
	});

	it("renaming the tool fails closed, naming the plugin", async () => {
		const host = fakeHost();
		await adaptMuPlugin(
			{
				name: "router",
				hooks: { beforeToolExec: (c) => ({ ...c, function: { ...c.function, name: "safe_bash" } }) },
			},
			host.api,
		);
		const result = await host.emit("tool_call", toolCall());
		expect(result.terminal?.block).toBe(true);
		expect(host.failures[0].message).toContain('plugin "router": hooks.beforeToolExec renamed "bash"');
	});
});

describe("hooks.afterToolExec", () => {
	it("a different string replaces the result text", async () => {
		const host = fakeHost();
		let seen: unknown;
		await adaptMuPlugin(
			{
				hooks: {
					afterToolExec: (c, text) => {
						seen = c;
						return text.replace("secret", "[redacted]");
					},
				},
			},
			host.api,
		);
		const result = await host.emit("tool_result", toolResultPayload("the secret value"));
		expect(result.payload.content).toEqual([{ type: "text", text: "the [redacted] value" }]);
		expect(seen).toEqual({
			id: "c1",
			type: "function",
			function: { name: "read", arguments: '{"path":"a.ts"}' },
		});
	});

	it("returning the same text keeps the original content; an object may flag an error", async () => {
		const same = fakeHost();
		await adaptMuPlugin({ hooks: { afterToolExec: (_c, text) => text } }, same.api);
		const payload = toolResultPayload("unchanged");
		expect((await same.emit("tool_result", payload)).payload.content).toBe(payload.content);

		const flagged = fakeHost();
		await adaptMuPlugin(
			{ hooks: { afterToolExec: () => ({ content: "denied", isError: true }) } },
			flagged.api,
		);
		const result = await flagged.emit("tool_result", toolResultPayload("ok"));
		expect(result.payload).toMatchObject({ content: [{ type: "text", text: "denied" }], isError: true });
	});
});

describe("hooks.afterAgentRun", () => {
	it("observes the end of each run with Mu's reason and weft's details", async () => {
		const host = fakeHost();
		const seen: unknown[] = [];
		await adaptMuPlugin(
			{ hooks: { afterAgentRun: (reason, detail) => void seen.push([reason, detail]) } },
			host.api,
		);
		host.bus.notify("agent_end", { reason: "completed", response: "done", messages: [] });
		host.bus.notify("agent_end", { reason: "aborted", response: "", messages: [] });
		await host.bus.idle();
		expect(seen).toEqual([
			["complete", { reason: "completed", response: "done", error: undefined }],
			["aborted", { reason: "aborted", response: "", error: undefined }],
		]);
	});
});

describe("agentLoop", () => {
	const loopCtx = {} as LoopContext;
	const stock: AgentLoop = async () => ({ reason: "completed", response: "stock" });

	it("wraps the stock loop, which the plugin's loop receives", async () => {
		const host = fakeHost();
		await adaptMuPlugin(
			{
				agentLoop: async (ctx, inner) => {
					const result = await inner(ctx);
					return { ...result, response: `${result.response} (wrapped)` };
				},
			},
			host.api,
		);
		const loop = host.recorded.loop!(stock);
		expect(await loop(loopCtx)).toEqual({ reason: "completed", response: "stock (wrapped)" });
	});

	it("accepts an object with run, called as its method", async () => {
		const host = fakeHost();
		const strategy = {
			label: "mine",
			async run(this: { label: string }, _ctx: LoopContext, _stock: AgentLoop): Promise<LoopResult> {
				return { reason: "completed", response: this.label };
			},
		};
		await adaptMuPlugin({ agentLoop: strategy }, host.api);
		expect(await host.recorded.loop!(stock)(loopCtx)).toEqual({ reason: "completed", response: "mine" });
	});

	it("refuses Mu's generator strategies with a message saying what to write instead", async () => {
		const host = fakeHost();
		const plugin = { name: "looper", agentLoop: { name: "mu", async *run() {} } } as unknown as MuPlugin;
		await expect(adaptMuPlugin(plugin, host.api)).rejects.toThrow(
			/plugin "looper": agentLoop is a Mu loop strategy .*\(ctx, stock\) => Promise<LoopResult>/,
		);
		expect(host.recorded.loop).toBeUndefined();
	});
});

describe("activate and deactivate", () => {
	it("activate runs last with Mu's context and the weft API; the plugin is exposed", async () => {
		const host = fakeHost();
		let context: any;
		let toolsAtActivate = -1;
		const plugin: MuPlugin = {
			name: "life",
			tools: [{ ...spec("t"), execute: () => "" }],
			activate(ctx) {
				context = ctx;
				toolsAtActivate = host.tools.length;
			},
		};
		const result = await adaptMuPlugin(plugin, host.api);
		expect(toolsAtActivate).toBe(1);
		expect(context).toMatchObject({ cwd: "/project", config: {} });
		expect(context.weft).toBe(host.api);
		expect(context.getPlugin("peer")).toEqual({ peer: true });
		expect(host.recorded.exposed).toBe(plugin);
		expect(result).toEqual({});
	});

	it("returns deactivate for the host to call on unload", async () => {
		const host = fakeHost();
		let stopped = false;
		const result = await adaptMuPlugin(
			{
				activate() {},
				deactivate() {
					stopped = true;
				},
			},
			host.api,
		);
		await result.deactivate?.();
		expect(stopped).toBe(true);
	});
});

describe("invalid plugins", () => {
	const rejects = async (plugin: unknown, message: string) => {
		const host = fakeHost();
		await expect(adaptMuPlugin(plugin as MuPlugin, host.api)).rejects.toThrow(message);
		return host;
	};

	it("are rejected with the plugin and the bad field named", async () => {
		const ok = { ...spec("ok"), execute: () => "" };
		await rejects({ name: "x", tools: {} }, 'plugin "x": tools must be an array');
		await rejects(
			{ name: "x", tools: [ok, ok, { description: "d", execute() {} }] },
			'plugin "x": tools[2] has no name',
		);
		await rejects(
			{ name: "x", tools: [spec("nox")] },
			'plugin "x": tools[0] ("nox") has no execute function',
		);
		await rejects(
			{ name: "x", tools: [{ ...ok, parameters: "object" }] },
			'plugin "x": tools[0] ("ok") parameters must be a JSON Schema object',
		);
		await rejects({ name: "x", commands: [{ name: "go" }] }, 'plugin "x": commands[0] ("go") has no execute');
		await rejects({ name: "x", commands: [{ run() {} }] }, 'plugin "x": commands[0] has no name');
		await rejects(
			{ name: "x", hooks: { beforeToolExec: "no" } },
			'plugin "x": hooks.beforeToolExec must be a function',
		);
		await rejects({ name: "x", systemPrompt: 42 }, 'plugin "x": systemPrompt must be a string');
		await rejects({ name: "x", agentLoop: 1 }, 'plugin "x": agentLoop must be a function');
		await rejects({ name: "x", activate: "soon" }, 'plugin "x": activate must be a function');
	});

	it("fall back to the extension's name and register nothing", async () => {
		const host = await rejects(
			{ tools: [{ ...spec("fine"), execute: () => "" }], hooks: { afterToolExec: 1 } },
			'plugin "mu-file": hooks.afterToolExec must be a function',
		);
		expect(host.tools).toEqual([]);
		expect(host.bus.listHandlers()).toEqual([]);
	});

	it("hooks weft does not know are logged and ignored", async () => {
		const host = fakeHost();
		await adaptMuPlugin({ name: "deco", hooks: { decorateMessage: (m: unknown) => m } as never }, host.api);
		expect(host.logs).toEqual([
			'warn: plugin "deco": hooks.decorateMessage is not supported by weft and is ignored',
		]);
	});
});
