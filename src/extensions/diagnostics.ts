/**
 * Diagnostics for one extension, read from where each thing lives: its
 * registrations and handler accounting from the kernel (by owner), its
 * processes, custom-event subscriptions, errors and log from the host.
 * This is what `weft ext list` shows.
 */
import type { EventStats } from "../kernel/event-bus.js";
import type { Kernel } from "../kernel/kernel.js";
import type { KeymapTarget } from "../kernel/keymap.js";
import type { Conflict } from "../kernel/registry.js";
import type { LogLine } from "./extension-log.js";
import type { ErrorNote, ExtensionState } from "./extension-state.js";
import type { ExtensionSource } from "./sources.js";
import type { SubprocessDiagnostics } from "./subprocess/connection.js";
import type { FlagSpec } from "./types.js";

/**
 * "starting": a subprocess extension whose hello or registration has not finished yet.
 * "suspended" (diagnostics only; its record stays "loaded"): its circuit breaker tripped, see `suspended`.
 */
export type ExtensionStatus =
	| "loaded"
	| "starting"
	| "suspended"
	| "failed"
	| "disabled"
	| "untrusted"
	| "shadowed";

/** One discovered extension (where discovery found it, sources.ts) and what became of it. */
export interface ExtensionRecord extends Omit<ExtensionSource, "status"> {
	status: ExtensionStatus;
	/** Why it is not loaded (failed, disabled, untrusted, shadowed). */
	reason?: string;
	/** Import plus factory time, for extensions that were loaded (or failed while loading). */
	loadMs?: number;
}

export interface ExtensionDiagnostics extends ExtensionRecord {
	commands: string[];
	tools: string[];
	providers: string[];
	flags: Array<FlagSpec & { name: string }>;
	/** Keymaps and shortcuts (shortcuts are global bindings at priority 100). */
	keymaps: Array<{ key: string; target: KeymapTarget; priority: number; description?: string }>;
	renderers: { messages: string[]; tools: string[] };
	/** Handlers by event: how many, and their priorities in dispatch order. */
	handlers: Record<string, { count: number; priorities: number[] }>;
	timers: { defer: number; interval: number };
	/** Running jobs and exec processes. */
	jobs: number;
	customEventHandlers: number;
	/** Handler calls, time (ms), errors and timeouts, over all events and per event. */
	handlerStats: EventStats;
	statsByEvent: Record<string, EventStats>;
	/** Names this extension lost to (or took from) another owner. */
	conflicts: Conflict[];
	/** Why it is suspended for the session (its handlers missed their deadline too often in a row). */
	suspended?: string;
	/** Uncaught exceptions and unhandled rejections traced to its code; weft kept running. */
	faults: { uncaughtExceptions: number; unhandledRejections: number };
	/** Its notifications not shown because it sent more than 10 a second. */
	notificationsDropped: number;
	/** The most recent failures (handlers, timers, custom events, jobs…), oldest first. */
	errors: ErrorNote[];
	log: LogLine[];
	exposesApi: boolean;
	setsAgentLoop: boolean;
	/** For subprocess extensions: the process, protocol, uptime, restarts, last error, intercept times. */
	subprocess?: SubprocessDiagnostics;
}

export interface DiagnosticsSources {
	kernel: Kernel;
	jobs: { count(owner: string): number };
	events: { count(owner: string): number };
	subprocess?: (name: string) => SubprocessDiagnostics | undefined;
}

export function describeExtension(
	record: ExtensionRecord,
	state: ExtensionState | undefined,
	{ kernel, jobs, events, subprocess }: DiagnosticsSources,
): ExtensionDiagnostics {
	const owner = record.name;
	const active = record.status === "loaded";
	const handlers: ExtensionDiagnostics["handlers"] = {};
	if (active) {
		for (const { event, priority } of kernel.bus.listHandlers(owner)) {
			const entry = handlers[event] ?? { count: 0, priorities: [] };
			entry.count++;
			entry.priorities.push(priority);
			handlers[event] = entry;
		}
	}
	const statsByEvent: Record<string, EventStats> = {};
	for (const [event, stats] of kernel.bus.stats(owner)) statsByEvent[event] = { ...stats };
	const registries = [
		kernel.tools,
		kernel.commands,
		kernel.providers,
		kernel.messageRenderers,
		kernel.toolRenderers,
	];
	const suspended = active ? kernel.bus.suspendedReason(owner) : undefined;
	return {
		...record,
		...(suspended !== undefined && { status: "suspended" as const, suspended }),
		commands: active ? kernel.commands.names(owner) : [],
		tools: active ? kernel.tools.names(owner) : [],
		providers: active ? kernel.providers.names(owner) : [],
		flags: state && active ? [...state.flags].map(([name, spec]) => ({ name, ...spec })) : [],
		keymaps: active
			? kernel.keymaps
					.list(owner)
					.map(({ key, target, priority, description }) => ({ key, target, priority, description }))
			: [],
		renderers: {
			messages: active ? kernel.messageRenderers.names(owner) : [],
			tools: active ? kernel.toolRenderers.names(owner) : [],
		},
		handlers,
		timers: kernel.timers.count(owner),
		jobs: jobs.count(owner),
		customEventHandlers: events.count(owner),
		handlerStats: kernel.bus.totalStats(owner),
		statsByEvent,
		conflicts: registries.flatMap((r) => r.conflicts.filter((c) => c.winner === owner || c.loser === owner)),
		faults: state ? { ...state.faults } : { uncaughtExceptions: 0, unhandledRejections: 0 },
		notificationsDropped: state?.notifyLimit?.dropped ?? 0,
		errors: state ? [...state.errors] : [],
		log: state ? state.log.tail() : [],
		exposesApi: state?.exposed !== undefined,
		setsAgentLoop: state?.loop !== undefined,
		...(record.kind === "subprocess" ? { subprocess: subprocess?.(owner) } : {}),
	};
}
