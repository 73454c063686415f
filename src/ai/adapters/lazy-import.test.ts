/** Start-up must not pay for the AI SDK: its packages load on the first request of their api only. */
import { describe, expect, it, vi } from "vitest";
import { collectStream, startMockLlm } from "../../testing/mock-llm/index.js";

const loaded = vi.hoisted(() => [] as string[]);

vi.mock("@ai-sdk/anthropic", async (original) => {
	loaded.push("@ai-sdk/anthropic");
	return original();
});
vi.mock("@ai-sdk/openai", async (original) => {
	loaded.push("@ai-sdk/openai");
	return original();
});
vi.mock("@ai-sdk/openai-compatible", async (original) => {
	loaded.push("@ai-sdk/openai-compatible");
	return original();
});
vi.mock("@ai-sdk/google", async (original) => {
	loaded.push("@ai-sdk/google");
	return original();
});
vi.mock("@ai-sdk/provider", async (original) => {
	loaded.push("@ai-sdk/provider");
	return original();
});

describe("the adapters' SDK loading", () => {
	it("imports no SDK package with the adapters, and only the one a request needs", async () => {
		const { createApiProvider } = await import("./index.js");
		const llm = await startMockLlm({ script: [{ text: "hi" }] });
		try {
			const provider = createApiProvider({
				name: "mock",
				api: "anthropic-messages",
				baseUrl: llm.baseUrlFor("anthropic-messages"),
				apiKey: "k",
				models: [],
			});
			expect(loaded).toEqual([]);

			const model = {
				id: "m",
				provider: "mock",
				api: "anthropic-messages",
				contextWindow: 1000,
				maxOutput: 100,
				cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 },
			};
			const signal = new AbortController().signal;
			const request = { model, systemPrompt: "", messages: [], tools: [], signal };
			const result = await collectStream(provider.stream(request));

			expect(result.text).toBe("hi");
			expect(loaded).toEqual(["@ai-sdk/anthropic"]);
		} finally {
			await llm.close();
		}
	});
});
