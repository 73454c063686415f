/**
 * The one line that announces a retry, in every mode: what failed, how long
 * weft waits, and which attempt comes next out of how many, so a stall or a
 * rate limit is never minutes of silence.
 */
import type { RetryEvent } from "../agent/session-events.js";
import { formatWait } from "../ai/adapters/errors.js";

/**
 * "<error> — retrying in 1.5 s (attempt 2 of 4)", from a session `retry`
 * event (`attempt` is 1 for the first retry).
 */
export function retryNotice(event: Omit<RetryEvent, "kind">): string {
	const next = event.attempt + 1;
	const of = event.maxRetries === undefined ? "" : ` of ${event.maxRetries + 1}`;
	return `${event.error} — retrying in ${formatWait(event.delayMs)} (attempt ${next}${of})`;
}
