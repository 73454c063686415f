import { APICallError } from "@ai-sdk/provider";
import { describe, expect, it } from "vitest";
import { type ErrorContext, formatWait, toProviderError } from "./errors.js";

const ctx: ErrorContext = {
	provider: "acme",
	model: "acme-large",
	baseUrl: "https://api.acme.test/v1",
	keyHelp: () => "check the key in $ACME_KEY",
	signal: new AbortController().signal,
};

function httpError(statusCode: number, message: string, responseHeaders: Record<string, string> = {}) {
	return new APICallError({
		message,
		url: "https://api.acme.test/v1/x",
		requestBodyValues: {},
		statusCode,
		responseHeaders,
	});
}

function socketError(code: string, message = code) {
	return new TypeError("fetch failed", { cause: Object.assign(new Error(message), { code }) });
}

describe("toProviderError", () => {
	it("tells the user which key to fix on 401: the one the provider was given", () => {
		const error = toProviderError(httpError(401, "invalid x-api-key"), ctx);
		expect(error.kind).toBe("auth");
		expect(error.message).toBe(
			"provider acme rejected the API key (401 invalid x-api-key); check the key in $ACME_KEY",
		);
	});

	it("names no variable on 401 when it does not know where the key came from", () => {
		const error = toProviderError(httpError(401, "nope"), { ...ctx, keyHelp: undefined });
		expect(error.message).toBe(
			"provider acme rejected the API key (401 nope); check the API key for provider acme",
		);
	});

	it("says how long a rate-limited request is asked to wait", () => {
		const error = toProviderError(httpError(429, "slow down", { "retry-after": "900" }), ctx);
		expect(error).toMatchObject({ kind: "rate_limit", retryAfterMs: 900_000 });
		expect(error.message).toBe(
			"provider acme is rate limiting requests (429 slow down); it asks to wait 15 min before the next request",
		);
		expect(toProviderError(httpError(429, "slow down"), ctx).message).toContain("wait a moment");
	});

	it("reads the wait of a 429 from OpenAI's rate-limit reset headers, the exhausted limit first", () => {
		const error = toProviderError(
			httpError(429, "quota", {
				"x-ratelimit-reset-requests": "1h2m3s",
				"x-ratelimit-remaining-requests": "40",
				"x-ratelimit-reset-tokens": "6m0s",
				"x-ratelimit-remaining-tokens": "0",
			}),
			ctx,
		);
		expect(error).toMatchObject({ retryAfterMs: 360_000 });
		expect(toProviderError(httpError(429, "q", { "x-ratelimit-reset-tokens": "20ms" }), ctx)).toMatchObject({
			retryAfterMs: 20,
		});
	});

	it("reads the wait of a 429 from Anthropic's rate-limit reset dates", () => {
		const reset = new Date(Date.now() + 3 * 3_600_000).toISOString();
		const error = toProviderError(
			httpError(429, "limit", {
				"anthropic-ratelimit-tokens-reset": reset,
				"anthropic-ratelimit-tokens-remaining": "0",
			}),
			ctx,
		) as { retryAfterMs?: number; message: string };
		expect(error.retryAfterMs).toBeGreaterThan(2.9 * 3_600_000);
		expect(error.message).toMatch(/wait (2 h 5\d min|3 h) before/);
	});

	it("ignores reset headers on errors other than 429", () => {
		const error = toProviderError(httpError(500, "x", { "x-ratelimit-reset-tokens": "6m0s" }), ctx);
		expect((error as { retryAfterMs?: number }).retryAfterMs).toBeUndefined();
	});

	it("carries Retry-After in seconds or as an HTTP date", () => {
		expect(toProviderError(httpError(429, "slow", { "retry-after": "2" }), ctx)).toMatchObject({
			kind: "rate_limit",
			retryable: true,
			retryAfterMs: 2000,
		});
		const later = new Date(Date.now() + 60_000).toUTCString();
		const dated = toProviderError(httpError(503, "busy", { "retry-after": later }), ctx) as {
			retryAfterMs?: number;
		};
		expect(dated.retryAfterMs).toBeGreaterThan(0);
		expect(dated.retryAfterMs).toBeLessThanOrEqual(60_000);
	});

	it("treats 529 as a retryable overload", () => {
		const error = toProviderError(httpError(529, "Overloaded"), ctx);
		expect(error).toMatchObject({ kind: "server", retryable: true });
		expect(error.message).toContain("overloaded");
	});

	it("recognises context overflow in 413 responses", () => {
		const error = toProviderError(httpError(413, "request has too many tokens"), ctx);
		expect(error.kind).toBe("context_overflow");
		expect(error.message).toContain("acme-large");
	});

	it("keeps server messages on one line", () => {
		const error = toProviderError(httpError(400, "bad\n  field\tvalue"), ctx);
		expect(error).toMatchObject({
			kind: "bad_request",
			message: expect.stringContaining("(400 bad field value)"),
		});
	});

	it("maps DNS failures and resets to retryable network errors", () => {
		const dns = toProviderError(socketError("ENOTFOUND", "getaddrinfo ENOTFOUND api.acme.test"), ctx);
		expect(dns).toMatchObject({ kind: "network", retryable: true });
		expect(dns.message).toContain("cannot resolve the host of https://api.acme.test/v1");

		const reset = toProviderError(socketError("ECONNRESET", "read ECONNRESET"), ctx);
		expect(reset).toMatchObject({ kind: "network", retryable: true });
		expect(reset.message).toContain("ECONNRESET: read ECONNRESET");
	});

	it("finds a refused connection inside an AggregateError", () => {
		const refused = Object.assign(new Error("connect ECONNREFUSED ::1:8080"), { code: "ECONNREFUSED" });
		const error = toProviderError(
			new TypeError("fetch failed", { cause: new AggregateError([refused]) }),
			ctx,
		);
		expect(error.message).toBe(
			"cannot reach https://api.acme.test/v1; is the server running? (provider acme, connection refused)",
		);
	});

	it("maps Anthropic's in-stream error events by their type", () => {
		expect(toProviderError({ type: "overloaded_error", message: "Overloaded" }, ctx)).toMatchObject({
			kind: "server",
			retryable: true,
		});
		expect(toProviderError({ type: "invalid_request_error", message: "prompt is too long" }, ctx).kind).toBe(
			"context_overflow",
		);
	});

	it("formats waits as people say them", () => {
		expect([250, 1500, 45_000, 900_000, 7_500_000, 7_200_000].map(formatWait)).toEqual([
			"250 ms",
			"1.5 s",
			"45 s",
			"15 min",
			"2 h 5 min",
			"2 h",
		]);
	});

	it("reports aborts as aborted, whatever the SDK threw", () => {
		const controller = new AbortController();
		controller.abort();
		expect(toProviderError(new Error("anything"), { ...ctx, signal: controller.signal }).kind).toBe(
			"aborted",
		);
		expect(toProviderError(new DOMException("stop", "AbortError"), ctx).kind).toBe("aborted");
	});
});
