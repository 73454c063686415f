/**
 * What each api kind puts on the wire: a conversation with a tool call and
 * its result, images, custom messages, and thinking that goes back to the
 * provider with its signature. Asserted on the body the mock server received.
 */
import { afterEach, describe, expect, it } from "vitest";
import {
	type AssistantMessage,
	emptyUsage,
	type Message,
	type ThinkingContent,
} from "../../kernel/messages.js";
import type { ApiKind, ModelInfo, ProviderRequest } from "../../kernel/provider.js";
import { collectStream, type MockLlm, type ScriptEntry, startMockLlm } from "../../testing/mock-llm/index.js";
import { createApiProvider } from "./index.js";

const ZERO = { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 };

function model(api: ApiKind, reasoning = false): ModelInfo {
	return {
		id: "mock-model",
		provider: "mock",
		api,
		contextWindow: 100_000,
		maxOutput: 1000,
		cost: ZERO,
		reasoning,
	};
}

function assistant(content: AssistantMessage["content"], provider = "mock"): AssistantMessage {
	const usage = emptyUsage();
	return {
		role: "assistant",
		content,
		provider,
		model: "mock-model",
		usage,
		stopReason: "tool_use",
		timestamp: 2,
	};
}

/** A user asks with an image, the model calls `read`, the tool answers, an extension adds a note. */
const toolConversation: Message[] = [
	{
		role: "user",
		content: [
			{ type: "text", text: "What is in a.txt?" },
			{ type: "image", data: "aGVsbG8=", mimeType: "image/png" },
		],
		timestamp: 1,
	},
	assistant([
		{ type: "text", text: "Reading it." },
		{ type: "toolCall", id: "call_1", name: "read", args: { path: "a.txt" } },
	]),
	{
		role: "toolResult",
		toolCallId: "call_1",
		toolName: "read",
		content: [{ type: "text", text: "file body" }],
		isError: false,
		timestamp: 3,
	},
	{ role: "custom", customType: "note", content: "remember the note", display: false, timestamp: 4 },
];

const readTool = {
	name: "read",
	description: "Read a file",
	parameters: { type: "object", properties: { path: { type: "string" } }, required: ["path"] },
};

let llm: MockLlm | undefined;
afterEach(async () => {
	await llm?.close();
	llm = undefined;
});

/** Runs one request per message list against a fresh mock; returns the bodies the server saw. */
async function exchange(
	api: ApiKind,
	script: ScriptEntry[],
	requests: Array<Partial<ProviderRequest>>,
): Promise<{ bodies: any[]; results: Awaited<ReturnType<typeof collectStream>>[] }> {
	llm = await startMockLlm({ script });
	const provider = createApiProvider({
		name: "mock",
		api,
		baseUrl: llm.baseUrlFor(api),
		apiKey: "k",
		models: [],
	});
	const results = [];
	for (const overrides of requests) {
		const request: ProviderRequest = {
			model: model(api),
			systemPrompt: "Be brief.",
			messages: [],
			tools: [readTool],
			signal: new AbortController().signal,
			...overrides,
		};
		results.push(await collectStream(provider.stream(request)));
	}
	return { bodies: llm.requests.map((r) => r.body), results };
}

/** Two turns: the model thinks and answers, then the conversation continues with that answer in it. */
async function thinkingRoundTrip(api: ApiKind) {
	const question: Message = { role: "user", content: "Think first.", timestamp: 1 };
	llm = await startMockLlm({
		script: [{ thinking: "Let me consider this.", text: "Answer." }, { text: "More." }],
	});
	const provider = createApiProvider({
		name: "mock",
		api,
		baseUrl: llm.baseUrlFor(api),
		apiKey: "k",
		models: [],
	});
	const base = { model: model(api, true), systemPrompt: "", tools: [], signal: new AbortController().signal };
	const first = await collectStream(provider.stream({ ...base, messages: [question], thinking: "high" }));
	const followUp: Message = { role: "user", content: "And then?", timestamp: 3 };
	await collectStream(
		provider.stream({ ...base, messages: [question, first.message!, followUp], thinking: "high" }),
	);
	return { first, bodies: llm.requests.map((r) => r.body) };
}

describe("openai-completions on the wire", () => {
	it("sends tool calls, tool results and images in chat completions shape", async () => {
		const { bodies } = await exchange(
			"openai-completions",
			[{ text: "ok" }],
			[{ messages: toolConversation }],
		);
		expect(bodies[0].messages).toEqual([
			{ role: "system", content: "Be brief." },
			{
				role: "user",
				content: [
					{ type: "text", text: "What is in a.txt?" },
					{ type: "image_url", image_url: { url: "data:image/png;base64,aGVsbG8=" } },
				],
			},
			{
				role: "assistant",
				content: "Reading it.",
				tool_calls: [
					{ id: "call_1", type: "function", function: { name: "read", arguments: '{"path":"a.txt"}' } },
				],
			},
			{ role: "tool", tool_call_id: "call_1", content: "file body" },
			{ role: "user", content: "remember the note" },
		]);
		expect(bodies[0].tools[0]).toEqual({
			type: "function",
			function: { name: "read", description: "Read a file", parameters: readTool.parameters },
		});
		expect(bodies[0].stream_options).toEqual({ include_usage: true });
	});

	it("moves tool-result images into a user message after the tool messages", async () => {
		const messages: Message[] = [
			toolConversation[0],
			assistant([
				{ type: "toolCall", id: "c1", name: "read", args: {} },
				{ type: "toolCall", id: "c2", name: "read", args: {} },
			]),
			{
				role: "toolResult",
				toolCallId: "c1",
				toolName: "read",
				content: [
					{ type: "text", text: "a screenshot" },
					{ type: "image", data: "aW1n", mimeType: "image/png" },
				],
				isError: false,
				timestamp: 3,
			},
			{ role: "toolResult", toolCallId: "c2", toolName: "read", content: [], isError: true, timestamp: 4 },
		];
		const { bodies } = await exchange("openai-completions", [{ text: "ok" }], [{ messages }]);
		const roles = bodies[0].messages.map((m: { role: string }) => m.role);
		expect(roles).toEqual(["system", "user", "assistant", "tool", "tool", "user"]);
		expect(bodies[0].messages[3]).toEqual({ role: "tool", tool_call_id: "c1", content: "a screenshot" });
		expect(bodies[0].messages[5].content[1]).toEqual({
			type: "image_url",
			image_url: { url: "data:image/png;base64,aW1n" },
		});
	});

	it("asks for reasoning and streams reasoning_content as thinking", async () => {
		const { first, bodies } = await thinkingRoundTrip("openai-completions");
		expect(bodies[0].reasoning_effort).toBe("high");
		expect(first.thinking).toBe("Let me consider this.");
		expect(first.message?.content[0]).toEqual({ type: "thinking", thinking: "Let me consider this." });
		// Without a signature there is nothing the server could verify, so thinking is not sent back.
		expect(JSON.stringify(bodies[1])).not.toContain("Let me consider this.");
	});
});

describe("openai-responses on the wire", () => {
	it("sends function calls and their outputs as Responses input items", async () => {
		const { bodies } = await exchange("openai-responses", [{ text: "ok" }], [{ messages: toolConversation }]);
		expect(bodies[0].store).toBe(false);
		expect(bodies[0].input).toEqual([
			{ role: "system", content: "Be brief." },
			{
				role: "user",
				content: [
					{ type: "input_text", text: "What is in a.txt?" },
					{ type: "input_image", image_url: "data:image/png;base64,aGVsbG8=" },
				],
			},
			{ role: "assistant", content: [{ type: "output_text", text: "Reading it." }] },
			{ type: "function_call", call_id: "call_1", name: "read", arguments: '{"path":"a.txt"}' },
			{ type: "function_call_output", call_id: "call_1", output: "file body" },
			{ role: "user", content: [{ type: "input_text", text: "remember the note" }] },
		]);
	});

	it("streams the reasoning summary and sends the encrypted reasoning back", async () => {
		const { first, bodies } = await thinkingRoundTrip("openai-responses");
		expect(bodies[0].reasoning).toEqual({ effort: "high", summary: "auto" });
		expect(bodies[0].include).toContain("reasoning.encrypted_content");
		expect(first.thinking).toBe("Let me consider this.");
		const reasoning = bodies[1].input.find((item: { type?: string }) => item.type === "reasoning");
		expect(reasoning).toMatchObject({
			encrypted_content: expect.stringMatching(/^mock-encrypted-/),
			summary: [{ type: "summary_text", text: "Let me consider this." }],
		});
	});
});

describe("anthropic-messages on the wire", () => {
	it("sends tool_use and tool_result blocks, images and custom messages as user text", async () => {
		const { bodies } = await exchange(
			"anthropic-messages",
			[{ text: "ok" }],
			[{ messages: toolConversation }],
		);
		expect(bodies[0].system).toEqual([{ type: "text", text: "Be brief." }]);
		expect(bodies[0].messages).toEqual([
			{
				role: "user",
				content: [
					{ type: "text", text: "What is in a.txt?" },
					{ type: "image", source: { type: "base64", media_type: "image/png", data: "aGVsbG8=" } },
				],
			},
			{
				role: "assistant",
				content: [
					{ type: "text", text: "Reading it." },
					{ type: "tool_use", id: "call_1", name: "read", input: { path: "a.txt" } },
				],
			},
			{
				role: "user",
				content: [
					{ type: "tool_result", tool_use_id: "call_1", content: "file body" },
					{ type: "text", text: "remember the note" },
				],
			},
		]);
		expect(llm?.requests[0].headers["x-api-key"]).toBe("k");
	});

	it("enables thinking and sends thinking back with its signature", async () => {
		const { first, bodies } = await thinkingRoundTrip("anthropic-messages");
		expect(bodies[0].thinking).toEqual({ type: "enabled", budget_tokens: 24576 });
		expect(first.message?.content[0]).toEqual({
			type: "thinking",
			thinking: "Let me consider this.",
			signature: expect.stringMatching(/^mock-signature-/),
		});
		expect(bodies[1].messages[1].content[0]).toEqual({
			type: "thinking",
			thinking: "Let me consider this.",
			signature: (first.message!.content[0] as ThinkingContent).signature,
		});
	});

	it("never sends another provider's thinking", async () => {
		const foreign = assistant(
			[
				{ type: "thinking", thinking: "secret", signature: "sig" },
				{ type: "text", text: "hi" },
			],
			"other",
		);
		const messages: Message[] = [{ role: "user", content: "q", timestamp: 1 }, foreign];
		const { bodies } = await exchange("anthropic-messages", [{ text: "ok" }], [{ messages }]);
		expect(bodies[0].messages[1]).toEqual({ role: "assistant", content: [{ type: "text", text: "hi" }] });
	});
});

describe("google-generative-ai on the wire", () => {
	it("sends functionCall and functionResponse parts", async () => {
		const { bodies } = await exchange(
			"google-generative-ai",
			[{ text: "ok" }],
			[{ messages: toolConversation }],
		);
		expect(llm?.requests[0].path).toBe("/v1beta/models/mock-model:streamGenerateContent");
		expect(llm?.requests[0].query).toBe("alt=sse");
		expect(bodies[0].systemInstruction).toEqual({ parts: [{ text: "Be brief." }] });
		expect(bodies[0].contents).toEqual([
			{
				role: "user",
				parts: [{ text: "What is in a.txt?" }, { inlineData: { mimeType: "image/png", data: "aGVsbG8=" } }],
			},
			{
				role: "model",
				parts: [
					{ text: "Reading it." },
					{ functionCall: { id: "call_1", name: "read", args: { path: "a.txt" } } },
				],
			},
			{
				role: "user",
				parts: [
					{
						functionResponse: {
							id: "call_1",
							name: "read",
							response: { name: "read", content: "file body" },
						},
					},
				],
			},
			{ role: "user", parts: [{ text: "remember the note" }] },
		]);
	});

	it("streams thought parts as thinking and sends them back with the thought signature", async () => {
		const { first, bodies } = await thinkingRoundTrip("google-generative-ai");
		expect(bodies[0].generationConfig.thinkingConfig).toEqual({
			includeThoughts: true,
			thinkingLevel: "high",
		});
		expect(first.thinking).toBe("Let me consider this.");
		expect(bodies[1].contents[1].parts[0]).toEqual({
			text: "Let me consider this.",
			thought: true,
			thoughtSignature: expect.stringMatching(/^mock-thought-signature-/),
		});
	});
});
