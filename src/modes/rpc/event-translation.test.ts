import { beforeEach, describe, expect, it } from "vitest";
import { answer } from "../../../test/support/rpc-answer.js";
import type { SessionEvent } from "../../agent/session-events.js";
import type { Message } from "../../kernel/messages.js";
import { RpcEventTranslator } from "./event-translation.js";

let conversation: Message[];
let translator: RpcEventTranslator;

beforeEach(() => {
	conversation = [];
	translator = new RpcEventTranslator({ messages: () => conversation, api: () => "openai-completions" });
});

const run = (...events: SessionEvent[]) => events.flatMap((event) => translator.translate(event));
const deltas = (events: ReturnType<typeof run>) =>
	events.map((e) => (e.type === "message_update" ? e.assistantMessageEvent.type : e.type));

describe("agent_start and agent_end", () => {
	it("agent_end carries the run's messages from its prompt on, in pi's shapes", () => {
		const earlier = answer([{ type: "text", text: "before" }]);
		conversation.push({ role: "user", content: "old", timestamp: 0 }, earlier);
		conversation.push({ role: "user", content: "new", timestamp: 2 });
		expect(run({ type: "agent_start", prompt: "new" })).toEqual([{ type: "agent_start" }]);
		conversation.push(
			answer([{ type: "toolCall", id: "c1", name: "read", args: { path: "a" } }], "tool_use"),
		);
		const end = run({ type: "agent_end", reason: "completed", response: "", messageCount: 4 }).at(-1);
		expect(end).toMatchObject({
			type: "agent_end",
			messages: [
				{ role: "user", content: "new" },
				{
					role: "assistant",
					api: "openai-completions",
					stopReason: "toolUse",
					content: [{ type: "toolCall", id: "c1", name: "read", arguments: { path: "a" } }],
					usage: {
						input: 10,
						output: 5,
						totalTokens: 15,
						cost: { input: 0.2, output: 0.3, cacheRead: 0, cacheWrite: 0, total: 0.5 },
					},
				},
			],
		});
	});
});

describe("turns", () => {
	it("turn_start has no fields; turn_end carries the answer and the tool results after it", () => {
		expect(run({ type: "turn_start", step: 0 })).toEqual([{ type: "turn_start" }]);
		const message = answer([{ type: "toolCall", id: "c1", name: "bash", args: {} }], "tool_use");
		conversation.push(message, {
			role: "toolResult",
			toolCallId: "c1",
			toolName: "bash",
			content: [{ type: "text", text: "ok" }],
			isError: false,
			details: { exitCode: 0 },
			timestamp: 3,
		});
		const end = run({ type: "turn_end", step: 0, stopReason: "tool_use", usage: message.usage, message }).at(
			-1,
		);
		expect(end).toMatchObject({
			type: "turn_end",
			message: { role: "assistant", stopReason: "toolUse" },
			toolResults: [
				{
					role: "toolResult",
					toolCallId: "c1",
					content: [{ type: "text", text: "ok" }],
					details: { exitCode: 0 },
				},
			],
		});
	});
});

describe("messages that are not answers", () => {
	it("the prompt, tool results and steering each get message_start and message_end, once", () => {
		conversation.push(
			{ role: "user", content: "old", timestamp: 0 },
			answer([{ type: "text", text: "before" }]),
		);
		conversation.push({ role: "user", content: "prompt", timestamp: 1 });
		run({ type: "agent_start", prompt: "prompt" });
		const first = run({ type: "turn_start", step: 1 });
		expect(first).toEqual([
			{ type: "turn_start" },
			{ type: "message_start", message: { role: "user", content: "prompt", timestamp: 1 } },
			{ type: "message_end", message: { role: "user", content: "prompt", timestamp: 1 } },
		]);
		const message = answer([{ type: "toolCall", id: "c1", name: "ls", args: {} }], "tool_use");
		const result = {
			role: "toolResult" as const,
			toolCallId: "c1",
			toolName: "ls",
			content: [],
			isError: false,
			timestamp: 2,
		};
		conversation.push(message);
		run({ type: "tool_execution_start", id: "c1", name: "ls", args: {}, source: "model" });
		conversation.push(result);
		const ended = run({ type: "turn_end", step: 1, stopReason: "tool_use", usage: message.usage, message });
		expect(ended.map((e) => e.type)).toEqual(["message_start", "message_end", "turn_end"]);
		expect(ended[0]).toMatchObject({ message: { role: "toolResult", toolCallId: "c1" } });
		conversation.push({ role: "user", content: "steer", timestamp: 3 });
		expect(
			run({ type: "turn_start", step: 2 }).map((e) => ("message" in e ? e.message.role : e.type)),
		).toEqual(["turn_start", "user", "user"]);
		expect(
			run({ type: "agent_end", reason: "completed", response: "", messageCount: 5 }).map((e) => e.type),
		).toEqual(["agent_end"]);
	});
});

describe("message_start, message_update and message_end", () => {
	it("text streams as text_start, text_delta… and text_end at message_end, each with the partial answer", () => {
		const message = answer([]);
		const events = [
			...run({ type: "message_start", message }),
			...(() => {
				message.content.push({ type: "text", text: "Hel" });
				return run({ type: "message_update", delta: { type: "text", text: "Hel" }, message });
			})(),
			...(() => {
				(message.content[0] as { text: string }).text += "lo";
				return run({ type: "message_update", delta: { type: "text", text: "lo" }, message });
			})(),
			...run({ type: "message_end", message }),
		];
		expect(deltas(events)).toEqual([
			"message_start",
			"text_start",
			"text_delta",
			"text_delta",
			"text_end",
			"message_end",
		]);
		expect(events[2]).toMatchObject({
			type: "message_update",
			message: { content: [{ type: "text", text: "Hel" }] },
			assistantMessageEvent: {
				type: "text_delta",
				contentIndex: 0,
				delta: "Hel",
				partial: { role: "assistant" },
			},
		});
		expect(events[4]).toMatchObject({
			assistantMessageEvent: { type: "text_end", contentIndex: 0, content: "Hello" },
		});
	});

	it("a new kind of block ends the open one; a tool call's deltas end with toolcall_end and the whole call", () => {
		const message = answer([]);
		run({ type: "message_start", message });
		message.content.push({ type: "thinking", thinking: "hm" });
		const thinking = run({ type: "message_update", delta: { type: "thinking", text: "hm" }, message });
		const args = run({ type: "message_update", delta: { type: "toolcall", text: '{"pa' }, message });
		message.content.push({ type: "toolCall", id: "c1", name: "read", args: { path: "x" } });
		const end = run({ type: "message_end", message });
		expect(deltas([...thinking, ...args, ...end])).toEqual([
			"thinking_start",
			"thinking_delta",
			"thinking_end",
			"toolcall_start",
			"toolcall_delta",
			"toolcall_end",
			"message_end",
		]);
		expect(args[0]).toMatchObject({ assistantMessageEvent: { type: "thinking_end", content: "hm" } });
		expect(args[1]).toMatchObject({ assistantMessageEvent: { type: "toolcall_start", contentIndex: 1 } });
		expect(end[0]).toMatchObject({
			assistantMessageEvent: {
				type: "toolcall_end",
				contentIndex: 1,
				toolCall: { type: "toolCall", id: "c1", name: "read", arguments: { path: "x" } },
			},
		});
	});

	it("tool calls streaming side by side (OpenAI's parallel calls) each keep their own block", () => {
		const message = answer([]);
		run({ type: "message_start", message });
		const streamed = [
			...run({ type: "message_update", delta: { type: "toolcall", text: '{"a":1}', id: "c1" }, message }),
			...run({ type: "message_update", delta: { type: "toolcall", text: '{"b":', id: "c2" }, message }),
			...run({ type: "message_update", delta: { type: "toolcall", text: "2}", id: "c2" }, message }),
		];
		message.content.push(
			{ type: "toolCall", id: "c1", name: "ls", args: { a: 1 } },
			{ type: "toolCall", id: "c2", name: "ls", args: { b: 2 } },
		);
		const end = run({ type: "message_end", message });
		const blocks = [...streamed, ...end].flatMap((e) =>
			e.type === "message_update"
				? [[e.assistantMessageEvent.type, e.assistantMessageEvent.contentIndex]]
				: [],
		);
		expect(blocks).toEqual([
			["toolcall_start", 0],
			["toolcall_delta", 0],
			["toolcall_start", 1],
			["toolcall_delta", 1],
			["toolcall_delta", 1],
			["toolcall_end", 0],
			["toolcall_end", 1],
		]);
		expect(end[1]).toMatchObject({ assistantMessageEvent: { toolCall: { id: "c2", arguments: { b: 2 } } } });
	});

	it("a tool call that arrived whole still starts and ends before message_end", () => {
		const message = answer([]);
		run({ type: "message_start", message });
		message.content.push({ type: "toolCall", id: "c2", name: "ls", args: {} });
		expect(deltas(run({ type: "message_end", message }))).toEqual([
			"toolcall_start",
			"toolcall_end",
			"message_end",
		]);
	});
});

describe("tool execution", () => {
	it("start, update (with the call's arguments) and end use pi's field names", () => {
		const args = { command: "ls" };
		const events = run(
			{ type: "tool_execution_start", id: "c1", name: "bash", args, source: "model" },
			{ type: "tool_execution_update", id: "c1", name: "bash", partial: [{ type: "text", text: "a" }] },
			{
				type: "tool_execution_end",
				id: "c1",
				name: "bash",
				content: [{ type: "text", text: "a\nb" }],
				isError: false,
			},
		);
		expect(events).toEqual([
			{ type: "tool_execution_start", toolCallId: "c1", toolName: "bash", args },
			{
				type: "tool_execution_update",
				toolCallId: "c1",
				toolName: "bash",
				args,
				partialResult: { content: [{ type: "text", text: "a" }], details: null },
			},
			{
				type: "tool_execution_end",
				toolCallId: "c1",
				toolName: "bash",
				result: { content: [{ type: "text", text: "a\nb" }], details: null },
				isError: false,
			},
		]);
	});

	it("carries the tool's details in updates and at the end, as pi's events do", () => {
		const events = run(
			{ type: "tool_execution_start", id: "c1", name: "bash", args: {}, source: "model" },
			{
				type: "tool_execution_update",
				id: "c1",
				name: "bash",
				partial: [{ type: "text", text: "a" }],
				details: { lines: 1 },
			},
			{
				type: "tool_execution_end",
				id: "c1",
				name: "bash",
				content: [{ type: "text", text: "a" }],
				isError: false,
				details: { exitCode: 0 },
			},
		);
		expect(events[1]).toMatchObject({ partialResult: { details: { lines: 1 } } });
		expect(events[2]).toMatchObject({ result: { details: { exitCode: 0 } } });
	});

	it("a call that never ran (skipped for steering) starts and ends before its result's message", () => {
		conversation.push({ role: "user", content: "go", timestamp: 1 });
		run({ type: "agent_start", prompt: "go" }, { type: "turn_start", step: 0 });
		const message = answer(
			[
				{ type: "toolCall", id: "c1", name: "bash", args: { command: "a" } },
				{ type: "toolCall", id: "c2", name: "bash", args: { command: "b" } },
			],
			"tool_use",
		);
		conversation.push(message);
		run({ type: "tool_execution_start", id: "c1", name: "bash", args: { command: "a" }, source: "model" });
		run({ type: "tool_execution_end", id: "c1", name: "bash", content: [], isError: false });
		const skipped = [{ type: "text" as const, text: "Tool call skipped: a user message arrived." }];
		conversation.push(
			{ role: "toolResult", toolCallId: "c1", toolName: "bash", content: [], isError: false, timestamp: 2 },
			{
				role: "toolResult",
				toolCallId: "c2",
				toolName: "bash",
				content: skipped,
				isError: true,
				timestamp: 2,
			},
		);
		const ended = run({ type: "turn_end", step: 0, stopReason: "tool_use", usage: message.usage, message });
		expect(ended.map((e) => ("toolCallId" in e ? `${e.type} ${e.toolCallId}` : e.type))).toEqual([
			"message_start",
			"message_end",
			"tool_execution_start c2",
			"tool_execution_end c2",
			"message_start",
			"message_end",
			"turn_end",
		]);
		expect(ended[2]).toMatchObject({ args: { command: "b" } });
		expect(ended[3]).toMatchObject({ result: { content: skipped }, isError: true });
	});
});
