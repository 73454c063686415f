/**
 * Turns whatever a provider SDK throws (HTTP errors, socket errors, aborts,
 * malformed chunks, in-stream error events) into one ProviderError whose
 * message is a single line the user can act on.
 */
import { ProviderError, type ProviderErrorKind } from "../../kernel/provider.js";

/** Where a failing request went; every message names the provider and model. */
export interface ErrorContext {
	provider: string;
	model: string;
	/** The base URL requests go to (the SDK default when none is configured). */
	baseUrl: string;
	/**
	 * What to tell the user when the key is rejected: where weft read the key
	 * it sent (or that it sent none), as a clause like "check the key in
	 * $ACME_KEY". Asked only then, because the source is known only once the
	 * request was built.
	 */
	keyHelp?: () => string | undefined;
	signal: AbortSignal;
}

/**
 * A ProviderError that also carries the server's Retry-After. streamWithRetry
 * reads `retryAfterMs` from any error that has it, so custom providers may set it too.
 */
export class RetryAfterError extends ProviderError {
	constructor(
		kind: ProviderErrorKind,
		message: string,
		status: number | undefined,
		readonly retryAfterMs: number,
	) {
		super(kind, message, status, true);
	}
}

const CONTEXT_OVERFLOW =
	/context length|context window|context_length|too many tokens|prompt is too long|maximum context|input is too long|exceeds the (?:maximum|model)|token limit/i;

const REFUSED_CODES = new Set(["ECONNREFUSED", "ConnectionRefused"]);
const DNS_CODES = new Set(["ENOTFOUND", "EAI_AGAIN"]);
const NETWORK_CODES = new Set([
	"ECONNRESET",
	"ConnectionClosed",
	"EPIPE",
	"ETIMEDOUT",
	"EHOSTUNREACH",
	"ENETUNREACH",
	"UND_ERR_SOCKET",
	"UND_ERR_CLOSED",
	"UND_ERR_CONNECT_TIMEOUT",
	"UND_ERR_HEADERS_TIMEOUT",
	"UND_ERR_BODY_TIMEOUT",
]);

export function abortedError(): ProviderError {
	return new ProviderError("aborted", "request aborted");
}

export function toProviderError(error: unknown, ctx: ErrorContext): ProviderError {
	if (error instanceof ProviderError) return error;
	if (ctx.signal.aborted || isAbortError(error)) return abortedError();
	// Checked before the status: a socket that dies mid-body fails a response that began with 200.
	const socketError = findSocketError(error);
	if (socketError) return fromSocketError(socketError, ctx);
	const status = statusOf(error);
	if (status !== undefined && status >= 400)
		return fromStatus(status, serverMessage(error), ctx, retryAfterOf(error, status));
	if (isSdkError(error, "AI_JSONParseError") || isSdkError(error, "AI_TypeValidationError")) {
		return new ProviderError(
			"server",
			`provider ${ctx.provider} sent a malformed stream chunk for model ${ctx.model}; try again`,
			undefined,
			true,
		);
	}
	if (isSdkError(error, "AI_InvalidResponseDataError")) {
		return new ProviderError(
			"server",
			`provider ${ctx.provider} sent an invalid response for model ${ctx.model} (${oneLine(messageOf(error))}); try again`,
			undefined,
			true,
		);
	}
	if (isStreamErrorObject(error)) return fromStreamErrorObject(error, ctx);
	return new ProviderError(
		"bad_request",
		`provider ${ctx.provider}, model ${ctx.model}: ${oneLine(messageOf(error))}`,
	);
}

function fromStatus(
	status: number,
	detail: string,
	ctx: ErrorContext,
	retryAfterMs: number | undefined,
): ProviderError {
	const said = detail ? ` ${detail}` : "";
	const { provider, model } = ctx;
	if (status === 401) {
		const help = ctx.keyHelp?.() ?? `check the API key for provider ${provider}`;
		return new ProviderError(
			"auth",
			`provider ${provider} rejected the API key (401${said}); ${help}`,
			status,
		);
	}
	if (status === 403) {
		return new ProviderError(
			"forbidden",
			`provider ${provider} refused access to model ${model} (403${said}); check that your API key may use this model`,
			status,
		);
	}
	if (status === 404) {
		return new ProviderError(
			"model_not_found",
			`model ${model} was not found at provider ${provider} (404${said}); check the model id and the provider's baseUrl (${ctx.baseUrl})`,
			status,
		);
	}
	if (status === 429) {
		return retryable(
			"rate_limit",
			`provider ${provider} is rate limiting requests (429${said}); ${waitAdvice(retryAfterMs, "wait a moment and try again")}`,
			status,
			retryAfterMs,
		);
	}
	if (status === 529 || status >= 500) {
		const what = status === 529 ? "is overloaded" : "had a server error";
		return retryable(
			"server",
			`provider ${provider} ${what} (${status}${said}); ${waitAdvice(retryAfterMs, "try again later")}`,
			status,
			retryAfterMs,
		);
	}
	if ((status === 400 || status === 413) && CONTEXT_OVERFLOW.test(detail)) {
		return new ProviderError(
			"context_overflow",
			`the conversation is too long for model ${model} (${status}${said}); compact it (/compact) or start a new session`,
			status,
		);
	}
	if (status === 408 || status === 409) {
		return retryable(
			"server",
			`provider ${provider} could not complete the request (${status}${said}); ${waitAdvice(retryAfterMs, "try again")}`,
			status,
			retryAfterMs,
		);
	}
	return new ProviderError(
		"bad_request",
		`provider ${provider} rejected the request for model ${model} (${status}${said})`,
		status,
	);
}

/** The server's own wait when it gave one, else the generic advice. */
function waitAdvice(retryAfterMs: number | undefined, otherwise: string): string {
	return retryAfterMs === undefined
		? otherwise
		: `it asks to wait ${formatWait(retryAfterMs)} before the next request`;
}

function retryable(
	kind: ProviderErrorKind,
	message: string,
	status: number,
	retryAfterMs: number | undefined,
) {
	return retryAfterMs === undefined
		? new ProviderError(kind, message, status, true)
		: new RetryAfterError(kind, message, status, retryAfterMs);
}

function fromSocketError({ code, message }: SocketError, ctx: ErrorContext): ProviderError {
	if (REFUSED_CODES.has(code)) {
		return new ProviderError(
			"network",
			`cannot reach ${ctx.baseUrl}; is the server running? (provider ${ctx.provider}, connection refused)`,
			undefined,
			true,
		);
	}
	if (DNS_CODES.has(code)) {
		return new ProviderError(
			"network",
			`cannot resolve the host of ${ctx.baseUrl}; check your network and the baseUrl of provider ${ctx.provider}`,
			undefined,
			true,
		);
	}
	return new ProviderError(
		"network",
		`the connection to provider ${ctx.provider} at ${ctx.baseUrl} failed (${code}: ${oneLine(message)}); check your network and try again`,
		undefined,
		true,
	);
}

/** Error events inside a stream, e.g. Anthropic's `{ type: "overloaded_error", message }`. */
function fromStreamErrorObject(error: { type?: unknown; message: string }, ctx: ErrorContext): ProviderError {
	const statusByType: Record<string, number> = {
		authentication_error: 401,
		permission_error: 403,
		not_found_error: 404,
		rate_limit_error: 429,
		overloaded_error: 529,
		api_error: 500,
		invalid_request_error: 400,
		request_too_large: 413,
	};
	const status = typeof error.type === "string" ? statusByType[error.type] : undefined;
	const detail = oneLine(error.message);
	if (status !== undefined) return fromStatus(status, detail, ctx, undefined);
	if (CONTEXT_OVERFLOW.test(detail)) return fromStatus(400, detail, ctx, undefined);
	return new ProviderError(
		"server",
		`provider ${ctx.provider} reported an error mid-stream: ${detail}; try again`,
		undefined,
		true,
	);
}

function isAbortError(error: unknown): boolean {
	return (
		error instanceof Error &&
		(error.name === "AbortError" || error.name === "ResponseAborted" || error.name === "TimeoutError")
	);
}

function isSdkError(error: unknown, name: string): boolean {
	return error instanceof Error && error.name === name;
}

function statusOf(error: unknown): number | undefined {
	if (!isSdkError(error, "AI_APICallError")) return undefined;
	const status = (error as { statusCode?: unknown }).statusCode;
	return typeof status === "number" ? status : undefined;
}

/** The server's own words: the SDK puts the parsed error message (or status text) in `message`. */
function serverMessage(error: unknown): string {
	return oneLine(messageOf(error));
}

/** How long the server asks to wait: Retry-After (ms, seconds or a date), else the rate-limit reset headers of a 429. */
function retryAfterOf(error: unknown, status: number, now = Date.now()): number | undefined {
	const headers = (error as { responseHeaders?: Record<string, string> }).responseHeaders;
	if (!headers) return undefined;
	const ms = Number(headers["retry-after-ms"]);
	if (headers["retry-after-ms"] !== undefined && Number.isFinite(ms) && ms >= 0) return ms;
	const value = headers["retry-after"];
	if (value !== undefined) {
		const seconds = Number(value);
		if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
		const date = Date.parse(value);
		if (!Number.isNaN(date)) return Math.max(0, date - now);
	}
	return status === 429 ? rateLimitResetOf(headers, now) : undefined;
}

const RATE_LIMITS = ["requests", "tokens", "input-tokens", "output-tokens"];

/**
 * The wait until the exhausted rate limit resets. OpenAI sends
 * `x-ratelimit-reset-<limit>` as a duration ("6m0s"), Anthropic sends
 * `anthropic-ratelimit-<limit>-reset` as a date. The limits at zero
 * remaining are the ones that matter; without that information, the longest.
 */
function rateLimitResetOf(headers: Record<string, string>, now: number): number | undefined {
	const waits: Array<{ ms: number; exhausted: boolean }> = [];
	for (const limit of RATE_LIMITS) {
		const openai = headers[`x-ratelimit-reset-${limit}`];
		const anthropic = headers[`anthropic-ratelimit-${limit}-reset`];
		const ms =
			openai !== undefined
				? parseGoDuration(openai)
				: anthropic !== undefined && !Number.isNaN(Date.parse(anthropic))
					? Math.max(0, Date.parse(anthropic) - now)
					: undefined;
		if (ms === undefined) continue;
		const remaining =
			headers[`x-ratelimit-remaining-${limit}`] ?? headers[`anthropic-ratelimit-${limit}-remaining`];
		waits.push({ ms, exhausted: remaining !== undefined && Number(remaining) <= 0 });
	}
	const exhausted = waits.filter((w) => w.exhausted);
	const relevant = exhausted.length > 0 ? exhausted : waits;
	return relevant.length > 0 ? Math.max(...relevant.map((w) => w.ms)) : undefined;
}

/** "1h2m3.5s", "6m0s", "20ms" → milliseconds. */
function parseGoDuration(text: string): number | undefined {
	const units: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };
	const parts = [...text.trim().matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)];
	if (parts.length === 0 || parts.map((p) => p[0]).join("") !== text.trim()) return undefined;
	return parts.reduce((total, [, amount, unit]) => total + Number(amount) * units[unit], 0);
}

/** A wait as people say it: "250 ms", "1.5 s", "45 s", "15 min", "2 h 5 min". */
export function formatWait(ms: number): string {
	if (ms < 1000) return `${Math.round(ms)} ms`;
	if (ms < 10_000) return `${Math.round(ms / 100) / 10} s`;
	if (ms < 120_000) return `${Math.round(ms / 1000)} s`;
	const minutes = Math.round(ms / 60_000);
	if (minutes < 120) return `${minutes} min`;
	const rest = minutes % 60;
	return `${Math.floor(minutes / 60)} h${rest > 0 ? ` ${rest} min` : ""}`;
}

interface SocketError {
	code: string;
	message: string;
}

/** Walks `cause` chains (and AggregateError members) for a socket error code. */
function findSocketError(error: unknown): SocketError | undefined {
	const seen = new Set<unknown>();
	const queue: unknown[] = [error];
	while (queue.length > 0) {
		const current = queue.shift();
		if (!(current instanceof Error) || seen.has(current)) continue;
		seen.add(current);
		const code = (current as { code?: unknown }).code;
		if (
			typeof code === "string" &&
			(REFUSED_CODES.has(code) || DNS_CODES.has(code) || NETWORK_CODES.has(code))
		) {
			return { code, message: current.message };
		}
		queue.push(current.cause);
		if (current instanceof AggregateError) queue.push(...current.errors);
	}
	return undefined;
}

function isStreamErrorObject(error: unknown): error is { type?: unknown; message: string } {
	return (
		typeof error === "object" &&
		error !== null &&
		!(error instanceof Error) &&
		typeof (error as { message?: unknown }).message === "string"
	);
}

function messageOf(error: unknown): string {
	if (error instanceof Error) return error.message;
	if (typeof error === "string") return error;
	try {
		return JSON.stringify(error);
	} catch {
		return String(error);
	}
}

/** Server messages can span lines or run long; users get one readable line. */
function oneLine(text: string): string {
	const flat = text.replace(/\s+/g, " ").trim();
	return flat.length > 300 ? `${flat.slice(0, 297)}...` : flat;
}
