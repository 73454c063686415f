/**
 * Subprocess extensions still starting when a session is bound (`loadAll`
 * does not wait for slow ones): the session's runs wait for them before
 * calling the model, saying which they wait for, so their tools are
 * offered; and the lifecycle events they missed meanwhile are kept, to be
 * sent to each one as it becomes ready.
 */
import type { AgentSession } from "../../agent/session.js";
import type { UIPort } from "../../kernel/ui-port.js";

/** Session events an extension that becomes ready after them still receives (when it subscribed to them). */
const LIFECYCLE_EVENTS = new Set(["session_load", "session_start", "startup"] as const);
export type LifecycleEvent = typeof LIFECYCLE_EVENTS extends Set<infer T> ? T : never;

/** The status-line segment that says which extensions a run waits for. */
const STATUS_ID = "weft:extensions-starting";

export class LateStarts {
	private seen: Array<{ event: LifecycleEvent; payload: object }> = [];
	private gate: ((signal: AbortSignal) => Promise<void>) | undefined;

	constructor(
		private readonly ui: UIPort,
		/** Names of the extensions still starting. */
		private readonly starting: () => string[],
	) {}

	/** Lifecycle events of the held session so far, in order. */
	get missed(): ReadonlyArray<{ event: LifecycleEvent; payload: object }> {
		return this.seen;
	}

	/** Holds the session's runs until `starts` settles, and records its lifecycle events meanwhile. */
	hold(session: AgentSession, starts: Promise<void>): void {
		this.seen = [];
		const unsubscribe = session.subscribe(({ type, ...payload }) => {
			if (LIFECYCLE_EVENTS.has(type as LifecycleEvent))
				this.seen.push({ event: type as LifecycleEvent, payload });
		});
		const gate = (signal: AbortSignal) => this.wait(starts, signal);
		this.gate = gate;
		session.waitBeforeRuns(gate);
		void starts.then(() => {
			unsubscribe();
			// Unless a reload has held the session for its own starts since.
			if (this.gate === gate) session.waitBeforeRuns(undefined);
		});
	}

	/** One line on stderr (print, JSON) or a status segment (terminal UI) while a run waits. */
	private async wait(starts: Promise<void>, signal: AbortSignal): Promise<void> {
		const waiting = this.starting();
		if (waiting.length === 0 || signal.aborted) return;
		const names = waiting.map((name) => `"${name}"`).join(", ");
		const text = `waiting for extension${waiting.length === 1 ? "" : "s"} ${names} to start…`;
		if (this.ui.interactive) this.ui.setStatus(STATUS_ID, text);
		else this.ui.notify(text);
		try {
			await new Promise<void>((resolve) => {
				signal.addEventListener("abort", () => resolve(), { once: true });
				void starts.then(resolve);
			});
		} finally {
			if (this.ui.interactive) this.ui.setStatus(STATUS_ID, undefined);
		}
	}
}

/** Resolves when `promise` settles or after `ms`, whichever is first. */
export function settledOrAfter(promise: Promise<unknown>, ms: number): Promise<void> {
	let timer: ReturnType<typeof setTimeout> | undefined;
	const after = new Promise<void>((resolve) => {
		timer = setTimeout(resolve, ms);
	});
	return Promise.race([promise.then(() => {}), after]).finally(() => clearTimeout(timer));
}
