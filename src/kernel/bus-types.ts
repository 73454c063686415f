/** The shapes the event bus works with: handlers, owner options (and their check), failures, dispatch results. */
import type { EventName, EventPayload, EventResult } from "./events.js";
import { checkDelay } from "./timers.js";

export interface EventControl {
	/** No later handler runs for this dispatch. */
	stop(): void;
	/** The default action of a UI event (e.g. a key binding) is skipped. */
	consume(): void;
}

export type BusEvent<K extends EventName> = EventPayload<K> & EventControl & { readonly type: K };

export type HandlerReturn<K extends EventName> = EventResult<K> | undefined | void;

export type Handler<K extends EventName> = (
	event: BusEvent<K>,
) => HandlerReturn<K> | Promise<HandlerReturn<K>>;

export interface HandlerOptions {
	owner: string;
	priority?: number;
	/**
	 * Only looks: the handler runs before every other handler of a dispatch,
	 * with the payload as emitted (before any rewrite), whatever a later
	 * handler blocks; its result, `stop()` and failures change nothing (a
	 * failure is reported, never fails the event closed), and `emit` does not
	 * wait for it. Subprocess extensions' `subscribe.events` are observers.
	 */
	observer?: boolean;
}

export interface OwnerOptions {
	/** Load order; lower runs first among equal priorities. Built-ins default to 0, others to 1000. */
	rank?: number;
	/** Deadline for async handlers of this owner: whole milliseconds, 1 to 2^31-1. */
	deadlineMs?: number;
	/** When true, this owner's failures never block a fail-closed event (e.g. tool_call). */
	failOpen?: boolean;
	/** Missed deadlines in a row before the owner is suspended for the session (default 3; 0: never). */
	breakAfter?: number;
}

/** Throws a RangeError naming the owner for a deadline no timer can hold or a breakAfter that is not a count. */
export function checkOwnerOptions(owner: string, { deadlineMs, breakAfter }: OwnerOptions): void {
	if (deadlineMs !== undefined) checkDelay(deadlineMs, `deadlineMs of "${owner}"`);
	if (breakAfter !== undefined && !(Number.isInteger(breakAfter) && breakAfter >= 0))
		throw new RangeError(`breakAfter of "${owner}" must be a whole number ≥ 0 (0: never); got ${breakAfter}`);
}

export interface HandlerFailure {
	owner: string;
	event: EventName;
	message: string;
	error: unknown;
	timedOut: boolean;
}

export interface Dispatch<K extends EventName> {
	/** The payload after every rewrite. */
	payload: EventPayload<K>;
	/** The result that ended dispatch (gate events), if any. */
	terminal?: NonNullable<EventResult<K>>;
	terminalOwner?: string;
	stopped: boolean;
	consumed: boolean;
}

export interface RunningHandler {
	owner: string;
	event: EventName;
	since: number;
}
