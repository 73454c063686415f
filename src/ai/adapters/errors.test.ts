import { APICallError } from "@ai-sdk/provider";
import { describe, expect, it } from "vitest";
import { type ErrorContext, toProviderError } from "./errors.js";

const ctx: ErrorContext = {
	provider: "acme",
	model: "acme-large",
	baseUrl: "https://api.acme.test/v1",
	apiKeyEnv: "ACME_API_KEY",
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
	it("tells the user which key to fix on 401", () => {
		const error = toProviderError(httpError(401, "invalid x-api-key"), ctx);
		expect(error.kind).toBe("auth");
		expect(error.message).toBe(
			"provider acme rejected the API key (401 invalid x-api-key); check the API key for provider acme: env var ACME_API_KEY or ~/.weft/auth.json",
		);
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

	it("reports aborts as aborted, whatever the SDK threw", () => {
		const controller = new AbortController();
		controller.abort();
		expect(toProviderError(new Error("anything"), { ...ctx, signal: controller.signal }).kind).toBe(
			"aborted",
		);
		expect(toProviderError(new DOMException("stop", "AbortError"), ctx).kind).toBe("aborted");
	});
});
