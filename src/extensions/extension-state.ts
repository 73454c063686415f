/**
 * What the host keeps for one loaded extension besides what it registered
 * in the kernel (which the kernel tracks by owner): its log, recent errors,
 * flags, exposed object, requested agent loop, and the operations it asked
 * for before a session existed.
 */
import type { AgentLoop } from "../agent/agent-loop.js";
import type { AgentSession } from "../agent/session.js";
import type { UIPort } from "../kernel/ui-port.js";
import type { ExtensionLog } from "./extension-log.js";
import type { NotifyLimit } from "./notify-limit.js";
import type { ExtensionContext, FlagSpec } from "./types.js";

export interface ErrorNote {
	time: number;
	/** What failed: "tool_call handler", "timer", "event my-ext:thing", … */
	where: string;
	message: string;
}

const KEPT_ERRORS = 10;

export class ExtensionState {
	/** False once unloaded (or failed): late calls from its timers or promises are then ignored. */
	alive = true;
	readonly errors: ErrorNote[] = [];
	readonly flags = new Map<string, FlagSpec>();
	exposed: unknown;
	loop: ((stock: AgentLoop) => AgentLoop) | undefined;
	/** Operations that need a session, in call order, applied when one is bound. */
	readonly pending: Array<(session: AgentSession) => void> = [];
	/** A Mu-style plugin object, whose `deactivate` runs on unload. */
	plugin: { deactivate?: () => unknown } | undefined;
	/** Failure kinds already shown to the user (each is shown once, then only counted). */
	readonly shown = new Set<string>();
	/** Set by the host right after construction. */
	ctx!: ExtensionContext;
	/** The module it was loaded from (none for an extension given as a value): its commands' origin. */
	entry?: string;
	/** In-process extensions: the limit on what they notify (their `ui` and `ctx.ui` go through it). */
	notifyLimit: NotifyLimit | undefined;
	/** Uncaught exceptions and unhandled rejections traced to its code (process-guard.ts). */
	readonly faults = { uncaughtExceptions: 0, unhandledRejections: 0 };

	constructor(
		readonly name: string,
		readonly ui: UIPort,
		readonly log: ExtensionLog,
	) {}

	/** Applies the operations queued before a session was bound, in call order; one that throws is `failed`. */
	deliverPending(session: AgentSession, failed: (error: unknown) => void): void {
		for (const op of this.pending.splice(0)) {
			try {
				op(session);
			} catch (error) {
				failed(error);
			}
		}
	}

	recordError(where: string, message: string): void {
		this.errors.push({ time: Date.now(), where, message });
		if (this.errors.length > KEPT_ERRORS) this.errors.shift();
	}
}
