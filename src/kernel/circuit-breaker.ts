/**
 * The bus's circuit breaker. An owner whose async handlers miss their
 * deadline `breakAfter` times in a row is suspended for the session: its
 * handlers are skipped, and a gate that fails closed blocks at once instead
 * of waiting out the deadline again on every call. An async handler that
 * settles in time resets the count; `resume` (what /reload does) lifts a
 * suspension.
 */
import { formatMs } from "./timers.js";

/** Consecutive missed deadlines before an owner is suspended, unless its options say otherwise. */
export const DEFAULT_BREAK_AFTER = 3;

export type SuspendListener = (owner: string, reason: string) => void;

export class CircuitBreaker {
	private readonly misses = new Map<string, number>();
	private readonly suspended = new Map<string, string>();
	private readonly listeners = new Set<SuspendListener>();

	/** Counts one missed deadline; the `breakAfter`-th in a row suspends the owner (0: never). */
	missed(owner: string, breakAfter: number, deadlineMs: number): void {
		if (breakAfter <= 0 || this.suspended.has(owner)) return;
		const count = (this.misses.get(owner) ?? 0) + 1;
		if (count < breakAfter) {
			this.misses.set(owner, count);
			return;
		}
		const times = count === 1 ? "" : ` ${count} times in a row`;
		this.suspend(owner, `its handlers missed their ${formatMs(deadlineMs)} deadline${times}`);
	}

	/** An async handler settled before its deadline: the owner is answering again. */
	finishedInTime(owner: string): void {
		if (this.misses.size > 0) this.misses.delete(owner);
	}

	/** Suspends the owner for the session; listeners hear about it once, however often this is called. */
	suspend(owner: string, reason: string): void {
		if (this.suspended.has(owner)) return;
		this.misses.delete(owner);
		this.suspended.set(owner, reason);
		for (const listener of this.listeners) {
			try {
				listener(owner, reason);
			} catch {
				// A failing listener must not break dispatch; there is nowhere left to report it.
			}
		}
	}

	resume(owner: string): void {
		this.misses.delete(owner);
		this.suspended.delete(owner);
	}

	/** Why the owner is suspended, or undefined when it is not. */
	reason(owner: string): string | undefined {
		return this.suspended.size === 0 ? undefined : this.suspended.get(owner);
	}

	onSuspend(listener: SuspendListener): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}
}
