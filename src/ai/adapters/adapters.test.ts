/**
 * The behaviour every api kind shares, driven through createApiProvider
 * against the mock LLM server speaking that api's real wire format.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { Message } from "../../kernel/messages.js";
import type { ApiKind, ModelInfo, ProviderRequest } from "../../kernel/provider.js";
import { collectStream, type MockLlm, type ScriptEntry, startMockLlm } from "../../testing/mock-llm/index.js";
import { API_KINDS } from "../types.js";
import { createApiProvider } from "./index.js";

const COST = { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 };

function modelFor(api: ApiKind): ModelInfo {
	return { id: `mock-${api}`, provider: "mock", api, contextWindow: 100_000, maxOutput: 1024, cost: COST };
}

function requestFor(api: ApiKind, overrides: Partial<ProviderRequest> = {}): ProviderRequest {
	const messages: Message[] = [{ role: "user", content: "Say hello", timestamp: 1 }];
	return {
		model: modelFor(api),
		systemPrompt: "You are a test.",
		messages,
		tools: [{ name: "read", description: "Read a file", parameters: { type: "object", properties: {} } }],
		signal: new AbortController().signal,
		...overrides,
	};
}

let llm: MockLlm | undefined;
afterEach(async () => {
	await llm?.close();
	llm = undefined;
});

async function serve(api: ApiKind, ...script: ScriptEntry[]) {
	llm = await startMockLlm({ script });
	return createApiProvider({
		name: "mock",
		api,
		baseUrl: llm.baseUrlFor(api),
		apiKey: "test-key",
		models: [],
	});
}

describe.each(API_KINDS)("the %s adapter", (api) => {
	it("streams text as several deltas and ends with the message, usage and cost", async () => {
		// Spaced out, so each delta arrives in a read of its own (deltas sharing a read are merged).
		const provider = await serve(api, {
			text: "Hello there from the mock server",
			usage: { input: 100, output: 20 },
			delayMs: 5,
		});
		const result = await collectStream(provider.stream(requestFor(api)));

		expect(result.error).toBeUndefined();
		expect(result.events.filter((e) => e.type === "text_delta").length).toBeGreaterThan(2);
		expect(result.text).toBe("Hello there from the mock server");
		expect(result.events.at(-1)?.type).toBe("done");
		expect(result.message).toMatchObject({
			role: "assistant",
			content: [{ type: "text", text: "Hello there from the mock server" }],
			provider: "mock",
			model: `mock-${api}`,
			stopReason: "end",
			usage: { input: 100, output: 20, cacheRead: 0, cacheWrite: 0 },
		});
		expect(result.message?.usage.cost.total).toBeCloseTo((100 * 3 + 20 * 15) / 1_000_000, 12);
		expect(result.message?.usage.cost.output).toBeCloseTo((20 * 15) / 1_000_000, 12);
	});

	it("prepares without sending anything, and the first real request still works", async () => {
		const provider = await serve(api, { text: "ready" });
		await provider.prepare?.(modelFor(api));
		expect(llm!.requests).toHaveLength(0);
		const result = await collectStream(provider.stream(requestFor(api)));
		expect(result.text).toBe("ready");
		expect(llm!.requests).toHaveLength(1);
	});

	it("delivers a flood of small deltas complete and in order, merged per network read", async () => {
		const text = "x".repeat(1500) + "y".repeat(1500);
		const provider = await serve(api, { text, deltas: 3000 });
		const result = await collectStream(provider.stream(requestFor(api)));

		const deltas = result.events.filter((e) => e.type === "text_delta");
		expect(deltas.length).toBeGreaterThan(0);
		expect(deltas.length).toBeLessThan(3000);
		expect(result.text).toBe(text);
		expect(result.message?.content).toEqual([{ type: "text", text }]);
	});

	it("streams a tool call and ends with parsed arguments and stop reason tool_use", async () => {
		const args = { path: "src/a.ts", limit: 5, nested: { deep: [1, 2] } };
		const provider = await serve(api, {
			text: "Let me look.",
			toolCalls: [{ name: "read", args, id: "call_abc" }],
		});
		const result = await collectStream(provider.stream(requestFor(api)));

		expect(result.error).toBeUndefined();
		const types = result.events.map((e) => e.type);
		expect(types).toContain("toolcall_start");
		expect(types.indexOf("toolcall_start")).toBeLessThan(types.indexOf("toolcall_end"));
		expect(result.events).toContainEqual({ type: "toolcall_start", id: "call_abc", name: "read" });
		expect(result.events).toContainEqual({
			type: "toolcall_end",
			call: { type: "toolCall", id: "call_abc", name: "read", args },
		});
		expect(result.message?.content).toEqual([
			{ type: "text", text: "Let me look." },
			{ type: "toolCall", id: "call_abc", name: "read", args },
		]);
		expect(result.message?.stopReason).toBe("tool_use");
	});

	it("passes the raw request body through onPayload and sends the rewritten body", async () => {
		const provider = await serve(api, { text: "ok" });
		const seen: unknown[] = [];
		const result = await collectStream(
			provider.stream(
				requestFor(api, {
					onPayload: (payload) => {
						seen.push(payload);
						return { ...(payload as object), weft_marker: "rewritten" };
					},
				}),
			),
		);

		expect(result.error).toBeUndefined();
		expect(JSON.stringify(seen[0])).toContain("Say hello");
		expect(llm?.requests[0].body.weft_marker).toBe("rewritten");
	});

	it("ends with an aborted error when the caller aborts mid-stream", async () => {
		const provider = await serve(api, {
			text: "one two three four five six seven eight",
			stallAfterChunks: 5,
		});
		const controller = new AbortController();
		const events: string[] = [];
		let caught: unknown;
		try {
			for await (const event of provider.stream(requestFor(api, { signal: controller.signal }))) {
				events.push(event.type);
				if (event.type === "text_delta") controller.abort();
			}
		} catch (error) {
			caught = error;
		}
		expect(events).toContain("text_delta");
		expect(caught).toMatchObject({ name: "ProviderError", kind: "aborted" });
	});

	it.each([
		{ status: 401, kind: "auth", retryable: false, says: ["check the API key for provider mock"] },
		{ status: 403, kind: "forbidden", retryable: false, says: [`mock-${api}`] },
		{ status: 404, kind: "model_not_found", retryable: false, says: [`mock-${api}`, "mock"] },
		{ status: 429, kind: "rate_limit", retryable: true, says: ["429"] },
		{ status: 500, kind: "server", retryable: true, says: ["500"] },
		{ status: 400, kind: "bad_request", retryable: false, says: ["tools.0 is invalid"] },
	])("maps HTTP $status to a $kind error", async ({ status, kind, retryable, says }) => {
		const message = status === 400 ? "tools.0 is invalid" : `mock error ${status}`;
		const provider = await serve(api, { error: { status, message } });
		const { error } = await collectStream(provider.stream(requestFor(api)));

		expect(error).toMatchObject({ kind, retryable, status });
		for (const phrase of says) expect(error?.message).toContain(phrase);
		expect(error?.message).not.toContain("\n");
	});

	it("maps a prompt-too-long rejection to context_overflow", async () => {
		const provider = await serve(api, {
			error: { status: 400, message: "prompt is too long: 250000 tokens > 200000 maximum" },
		});
		const { error } = await collectStream(provider.stream(requestFor(api)));
		expect(error).toMatchObject({ kind: "context_overflow", retryable: false });
	});

	it("reports a refused connection as a retryable network error naming the URL", async () => {
		const port = await closedPort();
		const baseUrl = `http://127.0.0.1:${port}/v1`;
		const provider = createApiProvider({ name: "mock", api, baseUrl, apiKey: "k", models: [] });
		const { error } = await collectStream(provider.stream(requestFor(api)));

		expect(error).toMatchObject({ kind: "network", retryable: true });
		expect(error?.message).toContain(`cannot reach ${baseUrl}; is the server running?`);
	});

	it("fails with a retryable error when a stream chunk is malformed", async () => {
		const provider = await serve(api, { text: "one two three four five six", malformed: true });
		const { error } = await collectStream(provider.stream(requestFor(api)));
		expect(error).toMatchObject({ kind: "server", retryable: true });
	});

	it("fails with a network error when the connection drops mid-stream", async () => {
		const provider = await serve(api, { text: "one two three four five six", dropAfterChunks: 3 });
		const { error } = await collectStream(provider.stream(requestFor(api)));
		expect(error).toMatchObject({ kind: "network", retryable: true });
	});

	it("says so when the mock script is exhausted", async () => {
		const provider = await serve(api);
		const { error } = await collectStream(provider.stream(requestFor(api)));
		expect(error).toMatchObject({ kind: "server" });
		expect(error?.message).toContain("mock script exhausted");
	});
});

/** A port nothing listens on: bind one, then release it. */
async function closedPort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
	const { port } = server.address() as AddressInfo;
	await new Promise<void>((resolve) => server.close(() => resolve()));
	return port;
}

describe("keyProblem", () => {
	it("says why a request would be refused for want of a key, without sending one", () => {
		let key: string | undefined;
		const provider = createApiProvider({
			name: "acme",
			api: "openai-completions",
			models: [],
			apiKey: () => {
				if (key === undefined) throw new Error("no API key for acme: set ACME_API_KEY");
				return key;
			},
		});
		expect(provider.keyProblem?.()).toBe("no API key for acme: set ACME_API_KEY");
		key = "sk-1";
		expect(provider.keyProblem?.()).toBeUndefined();
		expect(
			createApiProvider({ name: "local", api: "openai-completions", models: [] }).keyProblem?.(),
		).toBeUndefined();
	});
});
