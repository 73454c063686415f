/**
 * Requests the host sent to an extension and is waiting on (tool calls,
 * command invocations, intercepts), by id. Each has a timeout; all of them
 * fail at once when the child goes away. A response whose id is not waiting
 * is reported by the caller: recently expired ids are told apart from ids
 * the host never issued. While `held()` says so (the extension has a dialog
 * open, waiting on the user), timeouts wait another round instead of firing.
 *
 * A request may also have a deadline before its timeout: past it the reply
 * is late (the caller has moved on: an intercept past the bus's deadline),
 * but it is still awaited until the timeout, so a late answer is told apart
 * from an id that was never issued.
 */
import type { Frame } from "./protocol.js";

export type RequestKind = "tool" | "command" | "intercept";

/** The frame type that answers each kind of request. */
const RESPONSE_TYPE: Record<RequestKind, string> = {
	tool: "tool_result",
	command: "command_response",
	intercept: "event_intercept_response",
};

interface Entry {
	kind: RequestKind;
	/** "tool \"grep\"", "command /todo", "tool_call intercept": for error messages. */
	label: string;
	resolve(frame: Frame): void;
	reject(error: Error): void;
	timer: ReturnType<typeof setTimeout> | undefined;
	lateTimer: ReturnType<typeof setTimeout> | undefined;
	onUpdate?: (frame: Frame) => void;
}

/** A deadline before the timeout: `onLate` runs once when it passes without a reply. */
export interface LateMark {
	afterMs: number;
	onLate(): void;
}

export type SettleOutcome = "settled" | "unknown" | "expired" | "wrong-type";

const REMEMBERED_EXPIRED = 1_000;
const PREFIX: Record<RequestKind, string> = { tool: "t", command: "c", intercept: "i" };

export class PendingRequests {
	private readonly entries = new Map<string, Entry>();
	private readonly expired = new Set<string>();
	private next = 1;

	constructor(private readonly held: () => boolean = () => false) {}

	get size(): number {
		return this.entries.size;
	}

	/** A new request id and the promise of its response frame. */
	create(
		kind: RequestKind,
		label: string,
		timeoutMs: number,
		onTimeout: () => Error,
		onUpdate?: (frame: Frame) => void,
		late?: LateMark,
	): { id: string; response: Promise<Frame> } {
		const id = `${PREFIX[kind]}${this.next++}`;
		const response = new Promise<Frame>((resolve, reject) => {
			const entry: Entry = { kind, label, resolve, reject, timer: undefined, lateTimer: undefined, onUpdate };
			const expire = () => {
				if (this.held()) arm();
				else this.fail(id, onTimeout());
			};
			const arm = () => {
				entry.timer = setTimeout(expire, timeoutMs);
				entry.timer.unref();
			};
			const mark = () => {
				if (this.held()) armLate();
				else late?.onLate();
			};
			const armLate = () => {
				entry.lateTimer = setTimeout(mark, late!.afterMs);
				entry.lateTimer.unref();
			};
			const timed = timeoutMs > 0 && Number.isFinite(timeoutMs);
			if (timed) arm();
			if (late && late.afterMs > 0 && (!timed || late.afterMs < timeoutMs)) armLate();
			this.entries.set(id, entry);
		});
		return { id, response };
	}

	/** Delivers a response frame to the request it answers. */
	settle(id: string, frame: Frame): SettleOutcome {
		const entry = this.entries.get(id);
		if (!entry) return this.expired.has(id) ? "expired" : "unknown";
		if (RESPONSE_TYPE[entry.kind] !== frame.type) return "wrong-type";
		this.remove(id, entry);
		entry.resolve(frame);
		return "settled";
	}

	/** A progress frame (`tool_update`) for a waiting tool call; false when none is waiting. */
	update(id: string, frame: Frame): boolean {
		const entry = this.entries.get(id);
		if (!entry?.onUpdate) return false;
		entry.onUpdate(frame);
		return true;
	}

	/** Gives up on one request (timeout, abort). */
	fail(id: string, error: Error): void {
		const entry = this.entries.get(id);
		if (!entry) return;
		this.remove(id, entry);
		entry.reject(error);
	}

	/** Fails every waiting request; `why` builds each error from the request's label. */
	failAll(why: (label: string) => Error): void {
		for (const [id, entry] of [...this.entries]) {
			this.remove(id, entry);
			entry.reject(why(entry.label));
		}
	}

	private remove(id: string, entry: Entry): void {
		if (entry.timer) clearTimeout(entry.timer);
		if (entry.lateTimer) clearTimeout(entry.lateTimer);
		this.entries.delete(id);
		this.expired.add(id);
		if (this.expired.size > REMEMBERED_EXPIRED) {
			const oldest = this.expired.values().next().value as string;
			this.expired.delete(oldest);
		}
	}
}
