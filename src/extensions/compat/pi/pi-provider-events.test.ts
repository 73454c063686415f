import { describe, expect, it } from "vitest";
import type { AssistantMessage } from "../../../kernel/messages.js";
import {
	type ModelInfo,
	ProviderError,
	type ProviderEvent,
	type ProviderRequest,
} from "../../../kernel/provider.js";
import { calculateCost, createAssistantMessageEventStream, type PiStreamEvent } from "./pi-event-stream.js";
import { fromPiEvents, type PiModel, toPiContext, toPiEvents } from "./pi-provider-events.js";

const model: ModelInfo = {
	id: "m1",
	provider: "duo",
	api: "custom",
	contextWindow: 1000,
	maxOutput: 100,
	cost: { input: 2, output: 10, cacheRead: 0, cacheWrite: 0 },
};

const request = (signal = new AbortController().signal): ProviderRequest => ({
	model,
	systemPrompt: "sys",
	messages: [],
	tools: [],
	signal,
});

async function collect<T>(events: AsyncIterable<T>): Promise<T[]> {
	const out: T[] = [];
	for await (const event of events) out.push(event);
	return out;
}

/** What a pi provider pushes for "Hi" and one read call, as pi's docs show. */
function piAnswer(): PiStreamEvent[] {
	const partial: any = { role: "assistant", content: [] };
	const call = { type: "toolCall", id: "t1", name: "read", arguments: { path: "a" } };
	const usage = {
		input: 100_000,
		output: 10_000,
		cacheRead: 0,
		cacheWrite: 0,
		totalTokens: 110_000,
		cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, total: 0 },
	};
	return [
		{ type: "start", partial },
		{ type: "text_start", contentIndex: 0, partial },
		{ type: "text_delta", contentIndex: 0, delta: "Hi", partial },
		{ type: "text_end", contentIndex: 0, content: "Hi", partial },
		{ type: "toolcall_start", contentIndex: 1, partial: { content: [{}, { ...call, arguments: {} }] } },
		{ type: "toolcall_delta", contentIndex: 1, delta: '{"path":"a"}', partial },
		{ type: "toolcall_end", contentIndex: 1, toolCall: call, partial },
		{
			type: "done",
			reason: "toolUse",
			message: {
				role: "assistant",
				content: [{ type: "text", text: "Hi" }, call],
				usage,
				stopReason: "toolUse",
			},
		},
	];
}

describe("a pi provider's stream as weft's ProviderEvents", () => {
	it("deltas, a tool call named by its partial block, and the final message with weft's stop reason and cost", async () => {
		const stream = createAssistantMessageEventStream();
		for (const event of piAnswer()) stream.push(event);
		stream.end();
		const events = await collect(fromPiEvents(stream, request(), ProviderError, "duo"));
		expect(events.slice(0, 4)).toEqual([
			{ type: "text_delta", text: "Hi" },
			{ type: "toolcall_start", id: "t1", name: "read" },
			{ type: "toolcall_delta", id: "t1", text: '{"path":"a"}' },
			{ type: "toolcall_end", call: { type: "toolCall", id: "t1", name: "read", args: { path: "a" } } },
		]);
		const done = events[4] as Extract<ProviderEvent, { type: "done" }>;
		expect(done.message).toMatchObject({
			provider: "duo",
			model: "m1",
			stopReason: "tool_use",
			content: [
				{ type: "text", text: "Hi" },
				{ type: "toolCall", id: "t1", name: "read", args: { path: "a" } },
			],
			usage: { input: 100_000, output: 10_000, cost: { input: 0.2, output: 0.1, total: 0.3 } },
		});
	});

	it("an error event is a ProviderError of the kind its message names; an abort is kind aborted even if the stream never ends", async () => {
		const failed = createAssistantMessageEventStream();
		failed.push({ type: "error", reason: "error", error: { errorMessage: "429 rate limit reached" } });
		const error = await collect(fromPiEvents(failed, request(), ProviderError, "duo")).catch((e) => e);
		expect(error).toBeInstanceOf(ProviderError);
		expect(error.kind).toBe("rate_limit");
		expect(error.message).toContain('provider "duo" (a pi extension): 429 rate limit reached');

		const controller = new AbortController();
		const hanging = createAssistantMessageEventStream();
		const pending = collect(fromPiEvents(hanging, request(controller.signal), ProviderError, "duo")).catch(
			(e) => e,
		);
		controller.abort();
		expect((await pending).kind).toBe("aborted");
	});

	it("a stream that ends without done or error fails with what to check", async () => {
		const stream = createAssistantMessageEventStream();
		stream.push({ type: "text_delta", contentIndex: 0, delta: "x" });
		stream.end();
		const error = await collect(fromPiEvents(stream, request(), ProviderError, "duo")).catch((e) => e);
		expect(error.message).toMatch(/ended without a done or error event; check the extension's streamSimple/);
	});
});

describe("weft's ProviderEvents as pi-ai's stream", () => {
	const piModel = { id: "m1", api: "anthropic-messages", provider: "duo" } as PiModel;
	const answer: AssistantMessage = {
		role: "assistant",
		content: [
			{ type: "thinking", thinking: "hm", signature: "sig" },
			{ type: "text", text: "Hi there" },
			{ type: "toolCall", id: "c1", name: "bash", args: { command: "ls" } },
		],
		provider: "duo",
		model: "m1",
		usage: {
			input: 3,
			output: 4,
			cacheRead: 0,
			cacheWrite: 0,
			totalTokens: 7,
			cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, total: 0.5 },
		},
		stopReason: "tool_use",
		timestamp: 1,
	};

	it("blocks with start / delta / end and content indexes, tool-call JSON parsed as it grows, done in pi's shape", async () => {
		async function* weft(): AsyncGenerator<ProviderEvent> {
			yield { type: "thinking_delta", text: "hm" };
			yield { type: "text_delta", text: "Hi " };
			yield { type: "text_delta", text: "there" };
			yield { type: "toolcall_start", id: "c1", name: "bash" };
			yield { type: "toolcall_delta", id: "c1", text: '{"command":' };
			yield { type: "toolcall_delta", id: "c1", text: '"ls"}' };
			yield {
				type: "toolcall_end",
				call: { type: "toolCall", id: "c1", name: "bash", args: { command: "ls" } },
			};
			yield { type: "done", message: answer };
		}
		const events = await collect(toPiEvents(weft(), piModel, undefined));
		expect(events.map((e) => `${e.type}${e.contentIndex === undefined ? "" : `@${e.contentIndex}`}`)).toEqual(
			[
				"start",
				"thinking_start@0",
				"thinking_delta@0",
				"thinking_end@0",
				"text_start@1",
				"text_delta@1",
				"text_delta@1",
				"text_end@1",
				"toolcall_start@2",
				"toolcall_delta@2",
				"toolcall_delta@2",
				"toolcall_end@2",
				"done",
			],
		);
		expect(events[7]).toMatchObject({ content: "Hi there" });
		expect(events[10].partial.content[2].arguments).toEqual({ command: "ls" });
		const done = events.at(-1) as PiStreamEvent;
		expect(done.reason).toBe("toolUse");
		expect(done.message).toMatchObject({
			api: "anthropic-messages",
			stopReason: "toolUse",
			content: [
				{ type: "thinking", thinking: "hm", thinkingSignature: "sig" },
				{ type: "text", text: "Hi there" },
				{ type: "toolCall", id: "c1", name: "bash", arguments: { command: "ls" } },
			],
			usage: { input: 3, output: 4, totalTokens: 7, cost: { total: 0.5 } },
		});
	});

	it("a failure is pi's error event with the message so far and its reason", async () => {
		async function* weft(): AsyncGenerator<ProviderEvent> {
			yield { type: "text_delta", text: "partly" };
			throw new ProviderError("server", "boom");
		}
		const events = await collect(toPiEvents(weft(), piModel, undefined));
		expect(events.at(-1)).toMatchObject({
			type: "error",
			reason: "error",
			error: { stopReason: "error", errorMessage: "boom", content: [{ type: "text", text: "partly" }] },
		});
	});
});

describe("weft's request as pi-ai's Context, and calculateCost", () => {
	it("tool calls carry arguments, custom messages are user text, tools keep their schema", () => {
		const context = toPiContext({
			...request(),
			messages: [
				{ role: "custom", customType: "note", content: "remember", display: true, timestamp: 2 },
				{
					role: "assistant",
					content: [{ type: "toolCall", id: "c1", name: "ls", args: {} }],
					provider: "duo",
					model: "m1",
					usage: {
						input: 0,
						output: 0,
						cacheRead: 0,
						cacheWrite: 0,
						totalTokens: 0,
						cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, total: 0 },
					},
					stopReason: "tool_use",
					timestamp: 3,
				},
			],
			tools: [{ name: "ls", description: "list", parameters: { type: "object" } }],
		});
		expect(context.systemPrompt).toBe("sys");
		expect(context.messages[0]).toEqual({ role: "user", content: "remember", timestamp: 2 });
		expect(context.messages[1]).toMatchObject({ stopReason: "toolUse", content: [{ arguments: {} }] });
		expect(context.tools).toEqual([{ name: "ls", description: "list", parameters: { type: "object" } }]);
	});

	it("calculateCost prices each kind of token per million and totals them", () => {
		const usage = {
			input: 1_000_000,
			output: 500_000,
			cacheRead: 0,
			cacheWrite: 0,
			totalTokens: 0,
			cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, total: 0 },
		};
		expect(calculateCost({ cost: { input: 3, output: 15, cacheRead: 0, cacheWrite: 0 } }, usage).total).toBe(
			10.5,
		);
		expect(usage.cost.output).toBe(7.5);
	});
});
