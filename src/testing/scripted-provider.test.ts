import { describe, expect, it } from "vitest";
import { streamWithRetry } from "../ai/retry.js";
import type { ModelInfo, ProviderRequest } from "../kernel/provider.js";
import { collectStream } from "./mock-llm/index.js";
import { scriptedProvider } from "./scripted-provider.js";

const model: ModelInfo = {
	id: "scripted-model",
	provider: "scripted",
	api: "scripted",
	contextWindow: 1000,
	maxOutput: 100,
	cost: { input: 1, output: 2, cacheRead: 0, cacheWrite: 0 },
};

function request(text: string, signal = new AbortController().signal): ProviderRequest {
	return {
		model,
		systemPrompt: "",
		messages: [{ role: "user", content: text, timestamp: 0 }],
		tools: [],
		signal,
	};
}

describe("scriptedProvider", () => {
	it("plays thinking, text and tool-call turns and records each request", async () => {
		const provider = scriptedProvider([
			{
				thinking: "hmm let me see",
				text: "I will read it",
				toolCalls: [{ name: "read", args: { path: "a" } }],
			},
			(req) => ({ text: `got ${req.messages.length} messages`, usage: { input: 10, output: 5 } }),
		]);

		const first = await collectStream(provider.stream(request("read a")));
		expect(first.thinking).toBe("hmm let me see");
		expect(first.events.filter((e) => e.type === "text_delta").length).toBe(4);
		expect(first.message).toMatchObject({
			content: [
				{ type: "thinking", thinking: "hmm let me see" },
				{ type: "text", text: "I will read it" },
				{ type: "toolCall", id: "call_1", name: "read", args: { path: "a" } },
			],
			stopReason: "tool_use",
			provider: "scripted",
		});

		const second = await collectStream(provider.stream(request("again")));
		expect(second.text).toBe("got 1 messages");
		expect(second.message?.usage).toEqual({
			input: 10,
			output: 5,
			cacheRead: 0,
			cacheWrite: 0,
			totalTokens: 15,
			cost: { input: 10 / 1e6, output: 10 / 1e6, cacheRead: 0, cacheWrite: 0, total: 20 / 1e6 },
		});
		expect(provider.requests.map((r) => r.messages[0].content)).toEqual(["read a", "again"]);
		expect(provider.remaining()).toBe(0);
	});

	it("throws the ProviderError an HTTP provider would, which streamWithRetry retries", async () => {
		const provider = scriptedProvider([{ error: { status: 429, retryAfterSeconds: 0 } }, { text: "ok" }]);
		const result = await collectStream(streamWithRetry(provider, request("hi")));

		expect(result.text).toBe("ok");
		expect(provider.requests).toHaveLength(2);
	});

	it("fails clearly when the script is exhausted", async () => {
		const provider = scriptedProvider([]);
		const { error } = await collectStream(provider.stream(request("hi")));
		expect(error).toMatchObject({ kind: "server", retryable: false });
		expect(error?.message).toContain("mock script exhausted");
	});

	it("stops with aborted when the signal fires while the turn is stalled", async () => {
		const provider = scriptedProvider([{ text: "a b c", stallAfterChunks: 1 }]);
		const controller = new AbortController();
		const events: string[] = [];
		const result = await collectStream(
			(async function* () {
				for await (const event of provider.stream(request("hi", controller.signal))) {
					events.push(event.type);
					controller.abort();
					yield event;
				}
			})(),
		);
		expect(events).toEqual(["text_delta"]);
		expect(result.error).toMatchObject({ kind: "aborted" });
	});
});
