/**
 * How one subprocess extension is doing, for diagnostics: protocol problems
 * by kind (each kind logged only its first few times, so a flood of garbage
 * cannot flood the log), intercept round trips by event, the last error.
 */
import type { ExtensionState } from "../extension-state.js";
import type { SubprocessLog } from "./subprocess-log.js";

export interface InterceptStats {
	calls: number;
	ms: number;
	maxMs: number;
	/** Calls that failed or were never answered. */
	unanswered: number;
}

export class ExtensionHealth {
	lastError: string | undefined;
	private readonly problemCounts = new Map<string, number>();
	private readonly interceptStats = new Map<string, InterceptStats>();

	constructor(
		private readonly state: ExtensionState,
		private readonly log: SubprocessLog,
	) {}

	/** Counts a problem; the first of its kind is kept as an error, the first `logLimit` are logged. */
	problem(kind: string, message: string, logLimit = 3): void {
		const count = (this.problemCounts.get(kind) ?? 0) + 1;
		this.problemCounts.set(kind, count);
		if (count === 1) {
			this.lastError = message;
			this.state.recordError("protocol", message);
		}
		if (count <= logLimit) {
			const more = count === logLimit && logLimit > 1 ? " (more like this are counted, not logged)" : "";
			this.log.write(`protocol: ${message}${more}`, "warn");
		}
	}

	interceptTime(event: string, ms: number, answered: boolean): void {
		let stats = this.interceptStats.get(event);
		if (!stats) {
			stats = { calls: 0, ms: 0, maxMs: 0, unanswered: 0 };
			this.interceptStats.set(event, stats);
		}
		stats.calls++;
		stats.ms += ms;
		stats.maxMs = Math.max(stats.maxMs, ms);
		if (!answered) stats.unanswered++;
	}

	problems(): Record<string, number> {
		return Object.fromEntries(this.problemCounts);
	}

	intercepts(): Record<string, InterceptStats> {
		return Object.fromEntries([...this.interceptStats].map(([event, s]) => [event, { ...s }]));
	}

	/** One log line with every kind of problem and its count (when the extension stops). */
	logSummary(): void {
		if (this.problemCounts.size === 0) return;
		const counts = [...this.problemCounts].map(([kind, n]) => `${kind} ×${n}`).join(", ");
		this.log.write(`protocol problems in this run: ${counts}`, "warn");
	}
}
