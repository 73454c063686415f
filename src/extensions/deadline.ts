/**
 * Runs a promise against a deadline, failing with a message that says what
 * did not finish in time. The deadline's timer keeps Node's event loop
 * alive: work waiting on nothing (a promise no one will ever resolve) would
 * otherwise let the process run out of things to do and end before the
 * deadline could say so.
 */
import { formatMs } from "../kernel/timers.js";

/** What did not finish in time, and the limit it missed. */
export class DeadlineError extends Error {
	constructor(
		readonly what: string,
		readonly ms: number,
	) {
		super(`did not finish ${what} within ${formatMs(ms)}`);
		this.name = "DeadlineError";
	}
}

export async function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
	let timer: ReturnType<typeof setTimeout> | undefined;
	const deadline = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new DeadlineError(what, ms)), ms);
	});
	try {
		return await Promise.race([promise, deadline]);
	} finally {
		clearTimeout(timer);
	}
}
