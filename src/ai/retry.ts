/**
 * Retries and idle timeouts around any Provider. A failed attempt is retried
 * only when nothing reached the caller yet, so no text is ever duplicated.
 * Every retry is announced through `onRetry` before its wait, so modes can
 * say what failed and how long weft waits instead of going silent.
 */
import {
	type Provider,
	ProviderError,
	type ProviderEvent,
	type ProviderRequest,
} from "../kernel/provider.js";
import { abortedError, formatWait, RetryAfterError } from "./adapters/errors.js";

export interface RetryInfo {
	/** 1 for the first retry. */
	attempt: number;
	/** The most retries this request gets (a stall may end them sooner). */
	maxRetries: number;
	error: ProviderError;
	delayMs: number;
}

export interface RetryOptions {
	/** Retries after the first attempt; default 3. */
	maxRetries?: number;
	/** First backoff delay, doubled each retry with jitter; default 1000. */
	baseDelayMs?: number;
	/** An attempt that yields nothing for this long is aborted as `idle_timeout`; default 120000. */
	idleTimeoutMs?: number;
	onRetry?: (info: RetryInfo) => void;
}

/** A server asking for a longer wait than this is not retried: waiting that long helps no one; the error says how long. */
export const MAX_RETRY_AFTER_MS = 60_000;

/**
 * A stalled stream is retried once, not maxRetries times: each stall costs a
 * whole idle timeout (120 s by default), so four in a row were eight minutes
 * of waiting, and a provider that stalls twice in a row usually keeps
 * stalling. Errors that fail fast (429, 5xx, resets) keep the full count.
 */
export const MAX_STALL_RETRIES = 1;

export async function* streamWithRetry(
	provider: Provider,
	request: ProviderRequest,
	options: RetryOptions = {},
): AsyncGenerator<ProviderEvent> {
	const maxRetries = options.maxRetries ?? 3;
	const baseDelayMs = options.baseDelayMs ?? 1000;
	const idleTimeoutMs = options.idleTimeoutMs ?? 120_000;
	let stalls = 0;
	for (let attempt = 0; ; attempt++) {
		let yielded = false;
		try {
			for await (const event of attemptStream(provider, request, idleTimeoutMs)) {
				yielded = true;
				yield event;
			}
			return;
		} catch (error) {
			if (request.signal.aborted) throw abortedError();
			if (!(error instanceof ProviderError) || yielded || !error.retryable) throw error;
			if (attempt >= maxRetries)
				throw attempt === 0 ? error : extend(error, `gave up after ${plural(attempt, "retry", "retries")}`);
			stalls = error.kind === "idle_timeout" ? stalls + 1 : 0;
			if (stalls > MAX_STALL_RETRIES)
				throw extend(
					error,
					`it stalled ${plural(stalls, "time", "times")} in a row, so weft stopped retrying`,
				);
			const hinted = hintedDelay(error);
			if (hinted !== undefined && hinted > MAX_RETRY_AFTER_MS)
				throw extend(
					error,
					`that is longer than weft waits by itself (${formatWait(MAX_RETRY_AFTER_MS)}), so it stopped`,
				);
			const delayMs = hinted ?? backoff(attempt, baseDelayMs);
			options.onRetry?.({ attempt: attempt + 1, maxRetries, error, delayMs });
			await sleep(delayMs, request.signal);
		}
	}
}

/** The same error with why retrying ended added to its message (and its Retry-After kept). */
function extend(error: ProviderError, why: string): ProviderError {
	const message = `${error.message}; ${why}`;
	const hinted = hintedDelay(error);
	return hinted === undefined
		? new ProviderError(error.kind, message, error.status, error.retryable)
		: new RetryAfterError(error.kind, message, error.status, hinted);
}

function plural(count: number, one: string, many: string): string {
	return `${count} ${count === 1 ? one : many}`;
}

/** One attempt with its own abort signal, so an idle timeout can cancel it without the user's signal. */
async function* attemptStream(
	provider: Provider,
	request: ProviderRequest,
	idleTimeoutMs: number,
): AsyncGenerator<ProviderEvent> {
	if (request.signal.aborted) throw abortedError();
	const controller = new AbortController();
	const forwardAbort = () => controller.abort(request.signal.reason);
	request.signal.addEventListener("abort", forwardAbort, { once: true });
	const iterator = provider.stream({ ...request, signal: controller.signal })[Symbol.asyncIterator]();
	let finished = false;
	try {
		for (;;) {
			const next = await nextWithin(iterator.next(), idleTimeoutMs, request.signal, () =>
				idleError(provider, request, idleTimeoutMs),
			);
			if (next.done) {
				finished = true;
				return;
			}
			yield next.value;
		}
	} finally {
		request.signal.removeEventListener("abort", forwardAbort);
		if (!finished) {
			controller.abort();
			// Not awaited: a provider stuck in a read settles only once the abort reaches it.
			iterator.return?.()?.catch(() => {});
		}
	}
}

/** Resolves with `next` unless the stream goes idle or the user aborts first. */
function nextWithin<T>(
	next: Promise<T>,
	idleMs: number,
	signal: AbortSignal,
	onIdle: () => Error,
): Promise<T> {
	return new Promise<T>((resolve, reject) => {
		const settle = (finish: () => void) => {
			clearTimeout(timer);
			signal.removeEventListener("abort", onAbort);
			finish();
		};
		const onAbort = () => settle(() => reject(abortedError()));
		const timer = setTimeout(() => settle(() => reject(onIdle())), idleMs);
		signal.addEventListener("abort", onAbort, { once: true });
		next.then(
			(value) => settle(() => resolve(value)),
			(error: unknown) => settle(() => reject(error)),
		);
	});
}

function idleError(provider: Provider, request: ProviderRequest, idleMs: number): ProviderError {
	return new ProviderError(
		"idle_timeout",
		`model ${request.model.id} (provider ${provider.name}) sent nothing for ${formatWait(idleMs)}; the stream stalled`,
		undefined,
		true,
	);
}

/** The server's Retry-After, read from any error that carries `retryAfterMs` (custom providers may set it too). */
function hintedDelay(error: ProviderError): number | undefined {
	const hinted = (error as { retryAfterMs?: unknown }).retryAfterMs;
	return typeof hinted === "number" && Number.isFinite(hinted) && hinted >= 0 ? Math.ceil(hinted) : undefined;
}

function backoff(attempt: number, baseDelayMs: number): number {
	const exponential = baseDelayMs * 2 ** attempt;
	// Jitter spreads out clients that failed together so they don't retry in lockstep.
	return Math.round(exponential * (1 + Math.random() * 0.25));
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
	return new Promise((resolve, reject) => {
		if (signal.aborted) {
			reject(abortedError());
			return;
		}
		const onAbort = () => {
			clearTimeout(timer);
			reject(abortedError());
		};
		const timer = setTimeout(() => {
			signal.removeEventListener("abort", onAbort);
			resolve();
		}, ms);
		signal.addEventListener("abort", onAbort, { once: true });
	});
}
