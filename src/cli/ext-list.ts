/**
 * `weft ext list`: one block per extension — status and source first, then
 * only the lines that have something to say (registrations, handlers by
 * event, timers and jobs, handler time, why it is suspended, faults,
 * errors, the latest log lines). `--json` prints the full diagnostics instead.
 */
import { displayPath } from "../base/paths.js";
import type { ExtensionDiagnostics } from "../extensions/diagnostics.js";
import { faultCounts } from "../extensions/fault-notices.js";
import type { SubprocessDiagnostics } from "../extensions/subprocess/connection.js";

export interface ExtListReport {
	running: { owner: string; what: string; since: number } | null;
	notices: string[];
	extensions: ExtensionDiagnostics[];
}

export function formatExtList(report: ExtListReport): string {
	if (report.extensions.length === 0) {
		return [
			"No extensions found.",
			"Put .ts/.js files in .weft/extensions/ (this project) or ~/.weft/extensions/ (everywhere),",
			'list them in settings "extensions": ["path:…"], or pass -e PATH.',
		].join("\n");
	}
	const blocks = report.extensions.map(formatOne);
	if (report.running) {
		const seconds = ((Date.now() - report.running.since) / 1000).toFixed(1);
		blocks.push(`running now: "${report.running.owner}" ${report.running.what} (for ${seconds} s)`);
	}
	return blocks.join("\n\n");
}

function formatOne(d: ExtensionDiagnostics): string {
	const timing = d.loadMs !== undefined ? `, loaded in ${d.loadMs.toFixed(0)} ms` : "";
	const origin = d.origin === "settings" && d.project ? "project settings" : d.origin;
	const lines = [`${d.name}  ${d.status}  (${origin}${timing})`];
	const row = (label: string, value: string | undefined) => {
		if (value) lines.push(`  ${label.padEnd(10)} ${value}`);
	};
	row("source", displayPath(d.entry ?? d.source));
	row("reason", d.reason);
	if (d.subprocess) for (const [label, value] of subprocessRows(d.subprocess)) row(label, value);
	row("commands", d.commands.map((c) => `/${c}`).join(", "));
	row("tools", d.tools.join(", "));
	row("providers", d.providers.join(", "));
	row("flags", d.flags.map((f) => `--${f.name}${f.type === "string" ? " VALUE" : ""}`).join(", "));
	row("keymaps", d.keymaps.map((k) => `${k.key} (${k.target}, priority ${k.priority})`).join(", "));
	const renderers = [
		...d.renderers.messages.map((m) => `message ${m}`),
		...d.renderers.tools.map((t) => `tool ${t}`),
	];
	row("renderers", renderers.join(", "));
	row(
		"handlers",
		Object.entries(d.handlers)
			.map(([event, h]) => `${event} ×${h.count} [${h.priorities.join(", ")}]`)
			.join(", "),
	);
	const timers = d.timers.defer + d.timers.interval;
	if (timers > 0 || d.jobs > 0) {
		row("running", `${d.timers.defer} deferred, ${d.timers.interval} intervals, ${d.jobs} processes`);
	}
	const s = d.handlerStats;
	if (s.calls > 0 || s.errors > 0 || s.timeouts > 0) {
		row(
			"time",
			`${s.ms.toFixed(1)} ms in ${s.calls} handler calls; ${s.errors} errors, ${s.timeouts} timeouts`,
		);
	}
	row("suspended", d.suspended && `${d.suspended}; /reload restores it`);
	row("faults", faultCounts(d));
	for (const conflict of d.conflicts) {
		row(
			"conflict",
			`${conflict.kind} "${conflict.name}" kept by ${conflict.winner}, refused for ${conflict.loser}`,
		);
	}
	for (const error of d.errors.slice(-3)) row("error", `${error.where}: ${error.message}`);
	for (const line of latestLog(d)) row("log", line);
	return lines.join("\n");
}

/**
 * The last few lines the extension logged, debug left out: what it reports
 * about its own state (an MCP server ready or failed, a permission decision,
 * a skill held back). `weft ext logs NAME` has them all.
 */
function latestLog(d: ExtensionDiagnostics, count = 3): string[] {
	return d.log
		.filter((line) => line.level !== "debug")
		.slice(-count)
		.map((line) => (line.level === "info" ? line.message : `${line.level}: ${line.message}`));
}

/** The process behind a subprocess extension: how it runs, how its intercepts perform, what went wrong. */
function subprocessRows(p: SubprocessDiagnostics): Array<[string, string]> {
	const rows: Array<[string, string]> = [];
	const protocol = p.protocol ? `protocol v${p.protocol}` : "no handshake";
	const restarts = `${p.restarts} restart${p.restarts === 1 ? "" : "s"}`;
	const state =
		p.pid !== undefined
			? `pid ${p.pid}, ${protocol}, up ${seconds(p.uptimeMs)}, ${restarts}`
			: `not running (${p.phase}), ${protocol}, ${restarts}`;
	rows.push(["process", `${state}: ${p.exec}`]);
	const intercepts = Object.entries(p.intercepts).map(
		([event, s]) =>
			`${event} ${s.calls}× avg ${(s.ms / Math.max(1, s.calls)).toFixed(2)} ms, max ${s.maxMs.toFixed(1)} ms${s.unanswered ? `, ${s.unanswered} unanswered` : ""}`,
	);
	if (intercepts.length > 0) rows.push(["intercepts", intercepts.join("; ")]);
	const problems = Object.entries(p.problems).map(([kind, n]) => `${kind} ×${n}`);
	if (problems.length > 0) rows.push(["protocol", problems.join(", ")]);
	if (p.missedInARow) rows.push(["missed", `${p.missedInARow} replies in a row past their deadline`]);
	if (p.lastError) rows.push(["last error", p.lastError]);
	rows.push(["log", displayPath(p.logFile)]);
	return rows;
}

function seconds(ms: number): string {
	return ms < 60_000
		? `${(ms / 1000).toFixed(1)} s`
		: `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}
