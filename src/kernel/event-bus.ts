/**
 * The one dispatcher for every event in the catalog. Handlers are ordered by
 * priority (descending), then owner rank (load order), then registration
 * order, after observers (HandlerOptions.observer), which see each event as
 * emitted and decide nothing. Each runs under a guard that catches errors,
 * enforces a deadline on async handlers, applies the event's failure policy,
 * accounts time to its owner, and trips the owner's circuit breaker after
 * repeated missed deadlines (circuit-breaker.ts).
 */

import { errorMessage } from "../base/error-message.js";
import {
	type BusEvent,
	checkOwnerOptions,
	type Dispatch,
	type Handler,
	type HandlerFailure,
	type HandlerOptions,
	type OwnerOptions,
	type RunningHandler,
} from "./bus-types.js";
import { CircuitBreaker, DEFAULT_BREAK_AFTER, type SuspendListener } from "./circuit-breaker.js";
import {
	type AnyEventSpec,
	EVENTS,
	type EventName,
	type EventPayload,
	type EventResult,
	type ObserveEventName,
} from "./events.js";
import { settleWithin } from "./handler-deadline.js";
import { type EventStats, HandlerStats } from "./handler-stats.js";
import { BUILTIN_OWNER } from "./owner.js";
import { type OwnerScope, OwnerScopes, runInScope } from "./owner-context.js";
import { checkDelay } from "./timers.js";

export * from "./bus-types.js";
export type { EventStats } from "./handler-stats.js";

export const DEFAULT_DEADLINE_MS = 5_000;

interface Entry {
	event: EventName;
	fn: Handler<any>;
	owner: string;
	/** The async context the handler runs in (undefined for weft's own handlers). */
	scope: OwnerScope | undefined;
	priority: number;
	/** HandlerOptions.observer: first in every dispatch, sees the payload as emitted, decides nothing. */
	observer: boolean;
	seq: number;
}

type Settled = { ok: true; value: unknown } | { ok: false };

const isThenable = (value: unknown): value is PromiseLike<unknown> =>
	value !== null && typeof value === "object" && typeof (value as any).then === "function";

export class EventBus {
	private readonly handlers = new Map<EventName, Entry[]>();
	private readonly owners = new Map<string, OwnerOptions>();
	private readonly handlerStats = new HandlerStats();
	private readonly breaker = new CircuitBreaker();
	private readonly lastFailure = new Map<string, string>();
	private readonly observerQueues = new Map<string, Promise<void>>();
	private readonly holds = new Map<string, number>();
	private readonly failureListeners = new Set<(failure: HandlerFailure) => void>();
	private seq = 0;
	/** The handler currently executing synchronously, for diagnostics of a handler that never returns. */
	running: RunningHandler | undefined;

	/**
	 * `scopes`: the owners' async contexts, shared with the kernel's timers so
	 * a fault in anything a handler started is traced back to its owner.
	 */
	constructor(
		private readonly defaultDeadlineMs = DEFAULT_DEADLINE_MS,
		readonly scopes = new OwnerScopes(),
	) {
		checkDelay(defaultDeadlineMs, "the bus's default deadline");
	}

	/** Throws a RangeError naming the owner for a deadline no timer can hold or a negative breakAfter. */
	configureOwner(owner: string, options: OwnerOptions): void {
		checkOwnerOptions(owner, options);
		this.owners.set(owner, { ...this.owners.get(owner), ...options });
		if (options.rank !== undefined) for (const list of this.handlers.values()) this.sort(list);
	}

	on<K extends EventName>(event: K, fn: Handler<K>, options: HandlerOptions): () => void {
		if (!Object.hasOwn(EVENTS, event)) throw new Error(`unknown event "${event}"`);
		if (typeof fn !== "function") throw new Error(`handler for "${event}" must be a function`);
		const entry: Entry = {
			event,
			fn,
			owner: options.owner,
			scope: this.scopes.scope(options.owner),
			priority: options.priority ?? 0,
			observer: options.observer === true,
			seq: this.seq++,
		};
		let list = this.handlers.get(event);
		if (!list) {
			list = [];
			this.handlers.set(event, list);
		}
		list.push(entry);
		this.sort(list);
		return () => this.remove(entry);
	}

	/** Removes every handler the owner registered; returns how many. */
	removeOwner(owner: string): number {
		let removed = 0;
		for (const [event, list] of this.handlers) {
			const kept = list.filter((e) => e.owner !== owner);
			removed += list.length - kept.length;
			this.handlers.set(event, kept);
		}
		this.observerQueues.delete(owner);
		return removed;
	}

	hasHandlers(event: EventName): boolean {
		const list = this.handlers.get(event);
		return list !== undefined && list.length > 0;
	}

	/** Handlers in dispatch order, for diagnostics. */
	listHandlers(owner?: string): Array<{ event: EventName; owner: string; priority: number }> {
		const out: Array<{ event: EventName; owner: string; priority: number }> = [];
		for (const [event, list] of this.handlers) {
			for (const e of list)
				if (!owner || e.owner === owner) out.push({ event, owner: e.owner, priority: e.priority });
		}
		return out;
	}

	onFailure(listener: (failure: HandlerFailure) => void): () => void {
		this.failureListeners.add(listener);
		return () => this.failureListeners.delete(listener);
	}

	/**
	 * Suspends deadline expiry for the owner's pending handlers until the
	 * returned release function is called — for handlers waiting on the user
	 * (a confirmation dialog is not a hung handler). Holds nest.
	 */
	holdDeadlines(owner: string): () => void {
		this.holds.set(owner, (this.holds.get(owner) ?? 0) + 1);
		let released = false;
		return () => {
			if (released) return;
			released = true;
			const left = (this.holds.get(owner) ?? 1) - 1;
			if (left > 0) this.holds.set(owner, left);
			else this.holds.delete(owner);
		};
	}

	/** Time and error accounting for one owner, per event. */
	stats(owner: string): Map<EventName, EventStats> {
		return this.handlerStats.of(owner);
	}

	totalStats(owner: string): EventStats {
		return this.handlerStats.total(owner);
	}

	/**
	 * Suspends the owner for the session: its handlers are no longer called; a
	 * fail-closed event it handles (unless it is fail-open) ends at once with
	 * the event's fail-closed result, naming the owner and `reason`.
	 */
	suspend(owner: string, reason: string): void {
		this.breaker.suspend(owner, reason);
	}

	/** Lifts a suspension and forgets missed deadlines (a reload starts afresh). */
	resume(owner: string): void {
		this.breaker.resume(owner);
	}

	/** Why the owner is suspended, or undefined when it is not. */
	suspendedReason(owner: string): string | undefined {
		return this.breaker.reason(owner);
	}

	/** Hears each suspension once, whether the breaker tripped or `suspend` was called. */
	onSuspend(listener: SuspendListener): () => void {
		return this.breaker.onSuspend(listener);
	}

	/**
	 * Dispatches an event and folds handler results according to its kind.
	 * Async handlers are awaited with their owner's deadline.
	 */
	async emit<K extends EventName>(event: K, payload: EventPayload<K>): Promise<Dispatch<K>> {
		const spec = EVENTS[event] as AnyEventSpec<K>;
		const state = { stopped: false, consumed: false };
		const current = { ...payload } as EventPayload<K>;
		const dispatch: Dispatch<K> = { payload: current, stopped: false, consumed: false };
		const list = this.handlers.get(event);
		if (!list || list.length === 0) return dispatch;
		const handlerEvent = this.makeEvent(event, current, state);
		// Observers are sorted first: they get their own copy of the payload as emitted, before any rewrite.
		let observed: BusEvent<K> | undefined;
		for (const entry of [...list]) {
			if (entry.observer) {
				observed ??= this.makeEvent(event, { ...payload }, { stopped: false, consumed: false });
				this.observe(entry, observed);
				continue;
			}
			let terminal: NonNullable<EventResult<K>> | undefined;
			const suspended = this.breaker.reason(entry.owner);
			if (suspended !== undefined) {
				terminal = this.failClosedResult(spec, entry, `it is suspended for this session (${suspended})`);
				if (!terminal) continue;
			} else {
				const invoked = this.invoke(entry, handlerEvent);
				// A synchronous handler's outcome is used at once: no promise, no extra turn per handler.
				const settled = invoked instanceof Promise ? await invoked : invoked;
				if (!settled.ok) terminal = this.failClosedResult(spec, entry, this.lastFailure.get(entry.owner));
				else if (spec.kind !== "observe" && settled.value !== null && typeof settled.value === "object") {
					const result = settled.value as NonNullable<EventResult<K>>;
					if (spec.isTerminal?.(result)) terminal = result;
					else if (spec.apply && !this.applyResult(spec.apply, entry, current, result))
						terminal = this.failClosedResult(spec, entry, this.lastFailure.get(entry.owner));
					if (!terminal) Object.assign(handlerEvent, current);
				}
			}
			// Whatever produced it (a gate's verdict, a failure that fails closed), a terminal result ends dispatch here.
			if (terminal) {
				dispatch.terminal = terminal;
				dispatch.terminalOwner = entry.owner;
				break;
			}
			if (state.stopped) break;
		}
		dispatch.stopped = state.stopped;
		dispatch.consumed = state.consumed;
		return dispatch;
	}

	/**
	 * Dispatches an observe event without making the caller wait. Each owner
	 * still receives its events in order: an owner whose handler is still
	 * running gets later events queued behind it.
	 */
	notify<K extends ObserveEventName>(event: K, payload: EventPayload<K>): void {
		const list = this.handlers.get(event);
		if (!list || list.length === 0) return;
		const state = { stopped: false, consumed: false };
		const handlerEvent = this.makeEvent(event, { ...payload }, state);
		let observed: BusEvent<K> | undefined;
		for (const entry of [...list]) {
			// An observer's stop() stops nothing: it gets an event of its own.
			if (entry.observer)
				observed ??= this.makeEvent(event, { ...payload }, { stopped: false, consumed: false });
			this.observe(entry, entry.observer ? observed! : handlerEvent);
			if (state.stopped) break;
		}
	}

	/** Runs an observing handler without waiting for it, behind whatever its owner is still observing. */
	private observe(entry: Entry, event: BusEvent<any>): void {
		if (this.breaker.reason(entry.owner) !== undefined) return;
		const pending = this.observerQueues.get(entry.owner);
		if (pending) {
			// The owner may have been removed (unloaded) or suspended while this event waited in its queue.
			const deliver = async () => {
				if (this.isRegistered(entry) && this.breaker.reason(entry.owner) === undefined)
					await this.invoke(entry, event);
			};
			this.enqueue(entry.owner, pending.then(deliver));
		} else {
			const result = this.invoke(entry, event);
			if (result instanceof Promise)
				this.enqueue(
					entry.owner,
					result.then(() => {}),
				);
		}
	}

	/** Resolves once every queued observer has run (or timed out). */
	async idle(): Promise<void> {
		while (this.observerQueues.size > 0) await Promise.all([...this.observerQueues.values()]);
	}

	private enqueue(owner: string, promise: Promise<void>): void {
		const tracked = promise.finally(() => {
			if (this.observerQueues.get(owner) === tracked) this.observerQueues.delete(owner);
		});
		this.observerQueues.set(owner, tracked);
	}

	private makeEvent<K extends EventName>(
		type: K,
		payload: EventPayload<K>,
		state: { stopped: boolean; consumed: boolean },
	): BusEvent<K> {
		return Object.assign({}, payload, {
			type,
			stop: () => {
				state.stopped = true;
			},
			consume: () => {
				state.consumed = true;
			},
		}) as BusEvent<K>;
	}

	/**
	 * Runs one handler under the guard. A synchronous handler's outcome is
	 * returned as is (no timer, no promise; `notify` need not queue it); an
	 * async handler's comes as a promise, settled by its deadline at the latest.
	 */
	private invoke(entry: Entry, event: BusEvent<any>): Settled | Promise<Settled> {
		const start = performance.now();
		this.running = { owner: entry.owner, event: entry.event, since: Date.now() };
		let value: unknown;
		try {
			value = runInScope(entry.scope, () => entry.fn(event));
		} catch (error) {
			this.running = undefined;
			this.fail(entry, error, false, performance.now() - start);
			return { ok: false };
		}
		this.running = undefined;
		if (!isThenable(value)) {
			this.account(entry, performance.now() - start);
			return { ok: true, value };
		}
		const options = this.owners.get(entry.owner);
		const deadline = options?.deadlineMs ?? this.defaultDeadlineMs;
		const held = () => (this.holds.get(entry.owner) ?? 0) > 0;
		return settleWithin(value, deadline, held).then((outcome): Settled => {
			const ms = performance.now() - start;
			if (outcome.ok) {
				this.breaker.finishedInTime(entry.owner);
				this.account(entry, ms);
				return outcome;
			}
			this.fail(entry, outcome.error, outcome.timedOut, ms);
			if (outcome.timedOut)
				this.breaker.missed(entry.owner, options?.breakAfter ?? DEFAULT_BREAK_AFTER, deadline);
			else this.breaker.finishedInTime(entry.owner);
			return { ok: false };
		});
	}

	private applyResult<K extends EventName>(
		apply: (payload: EventPayload<K>, result: NonNullable<EventResult<K>>) => void,
		entry: Entry,
		payload: EventPayload<K>,
		result: NonNullable<EventResult<K>>,
	): boolean {
		// Apply to a copy so a result that throws halfway leaves no partial rewrite behind;
		// a shallow copy suffices because apply only replaces top-level fields.
		const next = { ...payload };
		try {
			apply(next, result);
		} catch (error) {
			this.report(entry, new Error(`returned an invalid result: ${errorMessage(error)}`), false);
			return false;
		}
		Object.assign(payload, next);
		return true;
	}

	private failClosedResult<K extends EventName>(
		spec: AnyEventSpec<K>,
		entry: Entry,
		why = "handler failed",
	): NonNullable<EventResult<K>> | undefined {
		if (!spec.failClosed || this.owners.get(entry.owner)?.failOpen) return undefined;
		return spec.failClosed(entry.owner, why);
	}

	private fail(entry: Entry, error: unknown, timedOut: boolean, ms: number): void {
		this.account(entry, ms);
		this.report(entry, error, timedOut);
	}

	/** Counts and broadcasts a failure of a call that has already been accounted. */
	private report(entry: Entry, error: unknown, timedOut: boolean): void {
		const stats = this.handlerStats.for(entry.owner, entry.event);
		if (timedOut) stats.timeouts++;
		else stats.errors++;
		const message = errorMessage(error);
		this.lastFailure.set(entry.owner, message);
		const failure: HandlerFailure = { owner: entry.owner, event: entry.event, message, error, timedOut };
		for (const listener of this.failureListeners) {
			try {
				listener(failure);
			} catch {
				// A failing failure listener must not break dispatch; there is nowhere left to report it.
			}
		}
	}

	private account(entry: Entry, ms: number): void {
		const stats = this.handlerStats.for(entry.owner, entry.event);
		stats.calls++;
		stats.ms += ms;
	}

	private isRegistered(entry: Entry): boolean {
		return this.handlers.get(entry.event)?.includes(entry) ?? false;
	}

	private remove(entry: Entry): void {
		const list = this.handlers.get(entry.event);
		if (!list) return;
		const index = list.indexOf(entry);
		if (index >= 0) list.splice(index, 1);
	}

	private rank(owner: string): number {
		return this.owners.get(owner)?.rank ?? (owner === BUILTIN_OWNER ? 0 : 1000);
	}

	private sort(list: Entry[]): void {
		list.sort(
			(a, b) =>
				Number(b.observer) - Number(a.observer) ||
				b.priority - a.priority ||
				this.rank(a.owner) - this.rank(b.owner) ||
				a.seq - b.seq,
		);
	}
}
