import { afterEach, describe, expect, it } from "vitest";
import type { ModelInfo, Provider, ProviderEvent, ProviderRequest } from "../kernel/provider.js";
import { collectStream, type MockLlm, type ScriptEntry, startMockLlm } from "../testing/mock-llm/index.js";
import { createApiProvider } from "./adapters/index.js";
import { type RetryInfo, streamWithRetry } from "./retry.js";

const model: ModelInfo = {
	id: "mock-model",
	provider: "mock",
	api: "openai-completions",
	contextWindow: 10_000,
	maxOutput: 100,
	cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 },
};

function request(signal = new AbortController().signal): ProviderRequest {
	return {
		model,
		systemPrompt: "",
		messages: [{ role: "user", content: "hi", timestamp: 0 }],
		tools: [],
		signal,
	};
}

let llm: MockLlm | undefined;
afterEach(async () => {
	await llm?.close();
	llm = undefined;
});

async function serve(...script: ScriptEntry[]): Promise<Provider> {
	llm = await startMockLlm({ script });
	const api = "openai-completions";
	return createApiProvider({ name: "mock", api, baseUrl: llm.baseUrlFor(api), models: [model] });
}

describe("streamWithRetry", () => {
	it("retries a rate-limited request and then streams the answer", async () => {
		const provider = await serve({ error: { status: 429 } }, { text: "second time lucky" });
		const retries: RetryInfo[] = [];
		const result = await collectStream(
			streamWithRetry(provider, request(), { baseDelayMs: 1, onRetry: (info) => retries.push(info) }),
		);

		expect(result.error).toBeUndefined();
		expect(result.text).toBe("second time lucky");
		expect(llm?.requests).toHaveLength(2);
		expect(retries).toHaveLength(1);
		expect(retries[0]).toMatchObject({ attempt: 1, maxRetries: 3, error: { kind: "rate_limit" } });
	});

	it("stops at once when the server asks for a longer wait than weft waits, saying how long", async () => {
		const provider = await serve({ error: { status: 429, retryAfterSeconds: 3600 } }, { text: "unused" });
		const retries: RetryInfo[] = [];
		const result = await collectStream(
			streamWithRetry(provider, request(), { baseDelayMs: 1, onRetry: (info) => retries.push(info) }),
		);

		expect(retries).toHaveLength(0);
		expect(llm?.requests).toHaveLength(1);
		expect(result.error).toMatchObject({ kind: "rate_limit", retryAfterMs: 3_600_000 });
		expect(result.error?.message).toContain("it asks to wait 60 min before the next request");
		expect(result.error?.message).toContain("longer than weft waits by itself (60 s), so it stopped");
	});

	it("waits as long as the server's Retry-After says instead of its own backoff", async () => {
		const provider = await serve({ error: { status: 429, retryAfterSeconds: 0 } }, { text: "ok" });
		const retries: RetryInfo[] = [];
		const result = await collectStream(
			streamWithRetry(provider, request(), { baseDelayMs: 600_000, onRetry: (info) => retries.push(info) }),
		);

		expect(result.text).toBe("ok");
		expect(retries.map((r) => r.delayMs)).toEqual([0]);
	});

	it("gives up after maxRetries and throws the last error", async () => {
		const provider = await serve(...Array.from({ length: 5 }, () => ({ error: { status: 500 } })));
		const result = await collectStream(
			streamWithRetry(provider, request(), { maxRetries: 2, baseDelayMs: 1 }),
		);

		expect(result.error).toMatchObject({ kind: "server", status: 500 });
		expect(result.error?.message).toMatch(/\(500 .*; gave up after 2 retries$/);
		expect(llm?.requests).toHaveLength(3);
	});

	it("backs off exponentially between retries", async () => {
		const provider = await serve(...Array.from({ length: 4 }, () => ({ error: { status: 503 } })));
		const delays: number[] = [];
		await collectStream(
			streamWithRetry(provider, request(), {
				maxRetries: 3,
				baseDelayMs: 4,
				onRetry: (i) => delays.push(i.delayMs),
			}),
		);

		expect(delays).toHaveLength(3);
		delays.forEach((delay, n) => {
			expect(delay).toBeGreaterThanOrEqual(4 * 2 ** n);
			expect(delay).toBeLessThanOrEqual(4 * 2 ** n * 1.25);
		});
	});

	it("does not retry errors that are not transient", async () => {
		const provider = await serve({ error: { status: 401 } }, { text: "never sent" });
		const result = await collectStream(streamWithRetry(provider, request(), { baseDelayMs: 1 }));

		expect(result.error).toMatchObject({ kind: "auth" });
		expect(llm?.requests).toHaveLength(1);
	});

	it("never retries once events reached the caller, so no text is duplicated", async () => {
		const provider = await serve(
			{ text: "one two three four five", dropAfterChunks: 3, delayMs: 20 },
			{ text: "again" },
		);
		const result = await collectStream(streamWithRetry(provider, request(), { baseDelayMs: 1 }));

		expect(result.text).toBe("one two ");
		expect(result.error).toMatchObject({ kind: "network" });
		expect(llm?.requests).toHaveLength(1);
	});

	it("aborts a stalled stream as idle_timeout and retries it when nothing was yielded", async () => {
		const provider = await serve({ text: "never arrives", stallAfterChunks: 0 }, { text: "recovered" });
		const retries: RetryInfo[] = [];
		const result = await collectStream(
			streamWithRetry(provider, request(), {
				idleTimeoutMs: 200,
				baseDelayMs: 1,
				onRetry: (i) => retries.push(i),
			}),
		);

		expect(result.text).toBe("recovered");
		expect(retries[0].error).toMatchObject({ kind: "idle_timeout", retryable: true });
		expect(retries[0].error.message).toContain("mock-model");
	});

	it("retries a stalled stream only once, since every stall costs a whole idle timeout", async () => {
		const stall = { text: "never arrives", stallAfterChunks: 0 };
		const provider = await serve(stall, stall, { text: "not asked for" });
		const retries: RetryInfo[] = [];
		const result = await collectStream(
			streamWithRetry(provider, request(), {
				maxRetries: 3,
				idleTimeoutMs: 200,
				baseDelayMs: 1,
				onRetry: (i) => retries.push(i),
			}),
		);

		expect(retries).toHaveLength(1);
		expect(llm?.requests).toHaveLength(2);
		expect(result.error).toMatchObject({ kind: "idle_timeout" });
		expect(result.error?.message).toBe(
			"model mock-model (provider mock) sent nothing for 200 ms; the stream stalled; it stalled 2 times in a row, so weft stopped retrying",
		);
	});

	it("throws idle_timeout when a stream stalls after it started", async () => {
		const provider = await serve({ text: "one two three four", stallAfterChunks: 3 }, { text: "unused" });
		const result = await collectStream(
			streamWithRetry(provider, request(), { idleTimeoutMs: 200, baseDelayMs: 1 }),
		);

		expect(result.text).toBe("one two ");
		expect(result.error).toMatchObject({ kind: "idle_timeout" });
		expect(llm?.requests).toHaveLength(1);
	});

	it("stops waiting for a backoff as soon as the user aborts", async () => {
		const provider = await serve({ error: { status: 500 } }, { text: "unused" });
		const controller = new AbortController();
		const result = await collectStream(
			streamWithRetry(provider, request(controller.signal), {
				baseDelayMs: 600_000,
				onRetry: () => controller.abort(),
			}),
		);

		expect(result.error).toMatchObject({ kind: "aborted" });
		expect(llm?.requests).toHaveLength(1);
	});

	it("returns at once on abort even when the provider ignores the signal", async () => {
		const stuck: Provider = {
			name: "stuck",
			models: [],
			stream: () => ({
				[Symbol.asyncIterator]: () => ({ next: () => new Promise<IteratorResult<ProviderEvent>>(() => {}) }),
			}),
		};
		const controller = new AbortController();
		setTimeout(() => controller.abort(), 20);
		const result = await collectStream(streamWithRetry(stuck, request(controller.signal)));

		expect(result.error).toMatchObject({ kind: "aborted" });
	});
});
