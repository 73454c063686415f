/**
 * Owner-tagged timers, so everything an extension scheduled stops when it
 * unloads. Callbacks run in their owner's async context.
 */
import { OwnerScopes } from "./owner-context.js";

/** The longest delay Node's timers hold; a longer one fires after 1 ms instead (with only a warning). */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** A duration for messages: "200 ms", "1.5 s", "10 s". */
export function formatMs(ms: number): string {
	return ms >= 1000 && ms % 100 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

/** Throws a RangeError naming `what` unless `ms` is a delay a timer can hold (min..2^31-1 ms). */
export function checkDelay(ms: number, what: string, min = 1): void {
	if (typeof ms === "number" && ms >= min && ms <= MAX_TIMER_MS) return;
	throw new RangeError(
		`${what} must be a number of milliseconds from ${min} to ${MAX_TIMER_MS} (about 24.8 days); got ${String(ms)}`,
	);
}

export interface TimerHandle {
	readonly id: number;
	stop(): void;
}

interface TimerEntry {
	owner: string;
	kind: "defer" | "interval";
	handle: ReturnType<typeof setTimeout>;
}

export class Timers {
	private readonly active = new Map<number, TimerEntry>();
	private next = 1;

	constructor(
		private readonly onError: (owner: string, error: unknown) => void = () => {},
		private readonly scopes = new OwnerScopes(),
	) {}

	defer(owner: string, ms: number, fn: () => unknown): TimerHandle {
		checkDelay(ms, "a deferred call's delay", 0);
		const id = this.next++;
		const handle = setTimeout(() => {
			this.active.delete(id);
			this.run(owner, fn);
		}, ms);
		handle.unref?.();
		this.active.set(id, { owner, kind: "defer", handle });
		return { id, stop: () => this.stop(id) };
	}

	interval(owner: string, ms: number, fn: () => unknown): TimerHandle {
		checkDelay(ms, "an interval's period", 0);
		const id = this.next++;
		const handle = setInterval(() => this.run(owner, fn), Math.max(1, ms));
		handle.unref?.();
		this.active.set(id, { owner, kind: "interval", handle });
		return { id, stop: () => this.stop(id) };
	}

	stop(id: number): void {
		const entry = this.active.get(id);
		if (!entry) return;
		clearTimeout(entry.handle);
		clearInterval(entry.handle);
		this.active.delete(id);
	}

	count(owner: string): { defer: number; interval: number } {
		const out = { defer: 0, interval: 0 };
		for (const entry of this.active.values()) if (entry.owner === owner) out[entry.kind]++;
		return out;
	}

	stopOwner(owner: string): number {
		let stopped = 0;
		for (const [id, entry] of this.active) {
			if (entry.owner === owner) {
				this.stop(id);
				stopped++;
			}
		}
		return stopped;
	}

	private run(owner: string, fn: () => unknown): void {
		try {
			const result = this.scopes.run(owner, fn);
			if (result && typeof (result as Promise<unknown>).catch === "function") {
				(result as Promise<unknown>).catch((error) => this.onError(owner, error));
			}
		} catch (error) {
			this.onError(owner, error);
		}
	}
}
