/**
 * What the host records and says when something an extension registered
 * fails, when the extension faults outside any call weft made to it (an
 * uncaught exception or unhandled rejection traced to it by the process
 * guard), and when its circuit breaker suspends it: kept for diagnostics,
 * counted, written to its log (a fault with its stack), and shown to the
 * user once per kind.
 */
import { errorMessage } from "../base/error-message.js";
import type { FaultOrigin } from "../kernel/owner-context.js";
import type { ExtensionDiagnostics, ExtensionRecord } from "./diagnostics.js";
import type { ExtensionState } from "./extension-state.js";
import type { CodePlace } from "./process-guard.js";

/** A failure of something it registered (a handler, timer, job, event): kept, logged, shown once per `where`. */
export function reportFailure(state: ExtensionState, where: string, message: string): void {
	state.recordError(where, message);
	state.log.write(`${where} failed: ${message}`, "error");
	if (state.shown.has(where)) return;
	state.shown.add(where);
	state.ui.notify(`${where} failed: ${message}`, "error");
}

export function reportFault(state: ExtensionState, origin: FaultOrigin, error: unknown): void {
	const message = errorMessage(error);
	if (origin === "uncaught exception") state.faults.uncaughtExceptions++;
	else state.faults.unhandledRejections++;
	state.recordError(origin, message);
	const stack = error instanceof Error && error.stack ? `\n${error.stack}` : "";
	state.log.write(`${origin}: ${message}${stack}`, "error");
	if (state.shown.has(origin)) return;
	state.shown.add(origin);
	state.ui.notify(
		`${origin} in its code: ${message} (weft keeps running; the stack is in "weft ext logs ${state.name}")`,
		"error",
	);
}

export function reportSuspension(state: ExtensionState, reason: string): void {
	state.recordError("suspended", reason);
	state.log.write(`suspended for this session: ${reason}`, "error");
	if (state.shown.has("suspended")) return;
	state.shown.add("suspended");
	state.ui.notify(
		`suspended for this session: ${reason}. Its handlers are skipped, and tool calls it checks are blocked unless it is failOpen; /reload restores it.`,
		"error",
	);
}

/** Where each in-process extension's code lives: its module, and its folder when it is a folder extension. */
export function codePlaces(records: readonly ExtensionRecord[]): CodePlace[] {
	return records.flatMap(({ name, entry, kind }) => {
		if (!entry || kind === "subprocess") return [];
		const slash = entry.lastIndexOf("/");
		const isIndex = /^index\.[cm]?[jt]s$/.test(entry.slice(slash + 1));
		return [{ owner: name, file: entry, folder: isIndex ? entry.slice(0, slash) : undefined }];
	});
}

/** "2 uncaught exceptions, 1 unhandled rejection, 40 notifications not shown"; undefined when all are 0. */
export function faultCounts(d: ExtensionDiagnostics): string | undefined {
	const counts: Array<[number, string, string]> = [
		[d.faults.uncaughtExceptions, "uncaught exception", "uncaught exceptions"],
		[d.faults.unhandledRejections, "unhandled rejection", "unhandled rejections"],
		[d.notificationsDropped, "notification not shown", "notifications not shown"],
	];
	const parts = counts.filter(([n]) => n > 0).map(([n, one, many]) => `${n} ${n === 1 ? one : many}`);
	return parts.length > 0 ? parts.join(", ") : undefined;
}
