/**
 * `/ext`: what every extension is doing, as `weft ext list` shows it — status
 * and source, what it registered, handler time and errors, its process when
 * it is a subprocess extension — from the running host, so it reflects this
 * session rather than a fresh load.
 */
import { displayPath } from "../../../base/paths.js";
import type { ExtensionDiagnostics } from "../../../extensions/diagnostics.js";
import { faultCounts } from "../../../extensions/fault-notices.js";
import type { SubprocessDiagnostics } from "../../../extensions/subprocess/connection.js";
import type { CommandDefinition } from "../../../kernel/command.js";
import type { InteractiveServices } from "../services.js";
import { noArguments } from "./arguments.js";
import { plural } from "./format.js";

const LABEL_WIDTH = 10;
const SHOWN_ERRORS = 3;

export function extCommand(services: InteractiveServices): CommandDefinition {
	return {
		description: "Show the extensions: status, registrations, time, errors",
		handler: (args) => {
			const { ui } = services;
			if (!noArguments(ui, "ext", args)) return;
			const host = services.host;
			const extensions = host?.diagnostics() ?? [];
			if (!host || extensions.length === 0) {
				ui.notify(
					"No extensions loaded. Put .ts/.js files in .weft/extensions/ (this project) or ~/.weft/extensions/",
					"info",
				);
				return;
			}
			const blocks = extensions.map(formatExtension);
			const running = host.running();
			if (running) {
				const seconds = ((Date.now() - running.since) / 1000).toFixed(1);
				blocks.push(`running now: ${running.owner} ${running.what} (for ${seconds} s)`);
			}
			const failed = extensions.filter((e) => e.status === "failed").length;
			ui.print({
				kind: failed > 0 ? "error" : "info",
				title: "Extensions",
				subtitle: summary(extensions),
				text: blocks.join("\n\n"),
			});
		},
	};
}

/** "2 loaded, 1 failed". */
function summary(extensions: readonly ExtensionDiagnostics[]): string {
	const counts = new Map<string, number>();
	for (const e of extensions) counts.set(e.status, (counts.get(e.status) ?? 0) + 1);
	return [...counts].map(([status, n]) => `${n} ${status}`).join(", ");
}

function formatExtension(d: ExtensionDiagnostics): string {
	const origin = d.origin === "settings" && d.project ? "project settings" : d.origin;
	const timing = d.loadMs !== undefined ? `, loaded in ${d.loadMs.toFixed(0)} ms` : "";
	const lines = [`${d.name}  ${d.status}  (${origin}${timing})`];
	const row = (label: string, value: string | undefined) => {
		if (value) lines.push(`  ${label.padEnd(LABEL_WIDTH)} ${value}`);
	};
	row("source", displayPath(d.entry ?? d.source));
	row("reason", d.reason);
	if (d.subprocess) for (const [label, value] of processRows(d.subprocess)) row(label, value);
	row("adds", registrations(d).join(", "));
	const handlers = Object.entries(d.handlers).map(([event, h]) => `${event} ×${h.count}`);
	row("handlers", handlers.join(", "));
	const stats = d.handlerStats;
	if (stats.calls > 0 || stats.errors > 0 || stats.timeouts > 0) {
		row(
			"time",
			`${stats.ms.toFixed(1)} ms in ${plural(stats.calls, "call")}; ${plural(stats.errors, "error")}, ${plural(stats.timeouts, "timeout")}`,
		);
	}
	const timers = d.timers.defer + d.timers.interval;
	if (timers > 0 || d.jobs > 0) row("running", `${plural(timers, "timer")}, ${plural(d.jobs, "process")}`);
	row("suspended", d.suspended && `${d.suspended}; /reload restores it`);
	row("faults", faultCounts(d));
	for (const c of d.conflicts)
		row("conflict", `${c.kind} "${c.name}" kept by ${c.winner}, refused for ${c.loser}`);
	for (const error of d.errors.slice(-SHOWN_ERRORS)) row("error", `${error.where}: ${error.message}`);
	return lines.join("\n");
}

function registrations(d: ExtensionDiagnostics): string[] {
	return [
		...d.commands.map((c) => `/${c}`),
		...d.tools.map((t) => `tool ${t}`),
		...d.providers.map((p) => `provider ${p}`),
		...d.flags.map((f) => `--${f.name}`),
		...d.keymaps.map((k) => `key ${k.key}`),
		...d.renderers.messages.map((m) => `message renderer ${m}`),
		...d.renderers.tools.map((t) => `tool renderer ${t}`),
	];
}

/** The process behind a subprocess extension: whether it runs, for how long, how often it restarted. */
function processRows(p: SubprocessDiagnostics): Array<[string, string]> {
	const protocol = p.protocol ? `protocol v${p.protocol}` : "no handshake";
	const restarts = plural(p.restarts, "restart");
	const state =
		p.pid !== undefined
			? `pid ${p.pid}, ${protocol}, up ${duration(p.uptimeMs)}, ${restarts}`
			: `not running (${p.phase}), ${protocol}, ${restarts}`;
	const rows: Array<[string, string]> = [["process", `${state}: ${p.exec}`]];
	if (p.lastError) rows.push(["last error", p.lastError]);
	rows.push(["log", displayPath(p.logFile)]);
	return rows;
}

function duration(ms: number): string {
	return ms < 60_000
		? `${(ms / 1000).toFixed(1)} s`
		: `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}
