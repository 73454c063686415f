import type { LanguageModelV3StreamPart, LanguageModelV3Usage } from "@ai-sdk/provider";
import { describe, expect, it } from "vitest";
import type { ModelInfo } from "../../kernel/provider.js";
import { StreamTranslator } from "./stream-translator.js";

const model: ModelInfo = {
	id: "m",
	provider: "p",
	api: "openai-completions",
	contextWindow: 1000,
	maxOutput: 100,
	cost: { input: 1, output: 1, cacheRead: 1, cacheWrite: 1 },
};

const usage: LanguageModelV3Usage = {
	inputTokens: { total: 12, noCache: undefined, cacheRead: 2, cacheWrite: 0 },
	outputTokens: { total: 3, text: 3, reasoning: 0 },
};

function translate(parts: LanguageModelV3StreamPart[]) {
	const translator = new StreamTranslator({
		api: "openai-completions",
		provider: "p",
		model,
		errors: {
			provider: "p",
			model: "m",
			baseUrl: "http://x",
			signal: new AbortController().signal,
		},
	});
	const events = parts.flatMap((part) => translator.push(part));
	const end = translator.finish();
	return { events: [...events, ...end.events], message: end.message };
}

describe("StreamTranslator", () => {
	it("keeps going with empty args when a tool call's JSON is invalid", () => {
		const { events, message } = translate([
			{ type: "tool-input-start", id: "t1", toolName: "read" },
			{ type: "tool-input-delta", id: "t1", delta: '{"path": "a' },
			{ type: "tool-call", toolCallId: "t1", toolName: "read", input: '{"path": "a' },
			{ type: "text-delta", id: "x", delta: "after" },
			{ type: "finish", usage, finishReason: { unified: "tool-calls", raw: "tool_calls" } },
		]);
		expect(events).toContainEqual({
			type: "toolcall_end",
			call: { type: "toolCall", id: "t1", name: "read", args: {} },
		});
		expect(message.content).toEqual([
			{ type: "toolCall", id: "t1", name: "read", args: {} },
			{ type: "text", text: "after" },
		]);
	});

	it("counts uncached input when the SDK gives only the total", () => {
		const { message } = translate([
			{ type: "finish", usage, finishReason: { unified: "stop", raw: "stop" } },
		]);
		expect(message.usage).toMatchObject({ input: 10, output: 3, cacheRead: 2, cacheWrite: 0 });
		expect(message.usage.cost.total).toBeCloseTo(15 / 1e6, 15);
	});

	it("reports tool_use when a server says stop after tool calls", () => {
		const { message } = translate([
			{ type: "tool-call", toolCallId: "t1", toolName: "ls", input: "{}" },
			{ type: "finish", usage, finishReason: { unified: "stop", raw: "stop" } },
		]);
		expect(message.stopReason).toBe("tool_use");
	});

	it("ends with stop reason error when a content filter stopped the response", () => {
		const { message } = translate([
			{ type: "finish", usage, finishReason: { unified: "content-filter", raw: "x" } },
		]);
		expect(message).toMatchObject({
			stopReason: "error",
			errorMessage: expect.stringContaining("content filter"),
		});
	});

	it("fails as a retryable network error when the stream ends without finishing", () => {
		expect(() => translate([{ type: "text-delta", id: "x", delta: "partial" }])).toThrow(
			expect.objectContaining({ kind: "network", retryable: true }),
		);
	});
});
