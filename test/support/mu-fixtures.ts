/** Shared fixtures for the Mu plugin adapter tests: a fake ExtensionAPI on a real bus, and event payloads. */
import type { AgentLoop } from "../../src/agent/agent-loop.js";
import type {
	ExtensionAPI,
	ExtensionCommand,
	ExtensionContext,
	ExtensionTool,
	ToolExecutionContext,
} from "../../src/extensions/types.js";
import { EventBus, type HandlerFailure } from "../../src/kernel/event-bus.js";
import type { EventName, EventPayload } from "../../src/kernel/events.js";
import { type AssistantMessage, emptyUsage, type Message, type ToolCall } from "../../src/kernel/messages.js";
import type { ModelInfo } from "../../src/kernel/provider.js";
import type { UIPort } from "../../src/kernel/ui-port.js";

/** A stand-in ExtensionAPI: handlers go onto a real bus (so results fold as in a session), the rest is recorded. */
export function fakeHost(name = "mu-file") {
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
			bus.on(event, (e) => handler(e, ctx), { owner: name, priority: options?.priority }),
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
	const emit = <K extends EventName>(event: K, payload: EventPayload<K>) => bus.emit(event, payload);
	const toolCtx = (signal: AbortSignal = new AbortController().signal): ToolExecutionContext => ({
		...ctx,
		toolCallId: "call-1",
		signal,
		onUpdate() {},
		runSubagent: () => Promise.reject(new Error("no sub-agents in this fixture")),
	});
	return { api, bus, emit, failures, tools, commands, logs, notes, recorded, ctx, toolCtx };
}

export const spec = (name: string) => ({ name, description: `${name} tool`, parameters: { type: "object" } });
export const call = (id: string, name: string, args: Record<string, unknown>): ToolCall => ({
	type: "toolCall",
	id,
	name,
	args,
});
export const assistant = (content: AssistantMessage["content"]): AssistantMessage => ({
	role: "assistant",
	content,
	provider: "p-1",
	model: "m-1",
	usage: emptyUsage(),
	stopReason: "tool_use",
	timestamp: 2,
});
export const conversation = (): Message[] => [
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
export const contextPayload = (messages = conversation()): EventPayload<"context"> => ({
	step: 1,
	messages,
	tools: [spec("read"), spec("bash"), spec("edit")],
	systemPrompt: "base prompt",
});
export const toolResultPayload = (text: string): EventPayload<"tool_result"> => ({
	id: "c1",
	name: "read",
	args: { path: "a.ts" },
	source: "model",
	content: [{ type: "text", text }],
	isError: false,
});
