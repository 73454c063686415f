/**
 * `/ext`: what every extension is doing, as `weft ext list` shows it — status
 * and source, what it registered, handler time and errors, its process when
 * it is a subprocess extension — from the running host, so it reflects this
 * session rather than a fresh load. `/ext install|remove|enable|disable|
 * update|outdated|info|init|verify|sync …` runs the extension manager as
 * `weft ext …` does and shows the same lines.
 */
import { displayPath } from "../../../base/paths.js";
import type { ExtensionDiagnostics } from "../../../extensions/diagnostics.js";
import { faultCounts } from "../../../extensions/fault-notices.js";
// Static: a dynamic import would be a bundle entry of its own and split -p's shared modules into more chunks.
import * as manager from "../../../extensions/manager/commands.js";
import type { SubprocessDiagnostics } from "../../../extensions/subprocess/connection.js";
import type { CommandDefinition } from "../../../kernel/command.js";
import type { InteractiveServices } from "../services.js";
import { errorText } from "./arguments.js";
import { plural } from "./format.js";

const LABEL_WIDTH = 10;
const SHOWN_ERRORS = 3;

export function extCommand(services: InteractiveServices): CommandDefinition {
	return {
		description: "Show the extensions; /ext install|remove|update|… manages them",
		handler: async (args) => {
			const { ui } = services;
			const [action, ...rest] = args.trim().split(/\s+/).filter(Boolean);
			if (action !== undefined) return manage(services, action, rest);
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

/** Actions after which the running extensions no longer match what is installed or enabled. */
const CHANGING = new Set(["install", "remove", "enable", "disable", "update", "verify", "sync"]);

/**
 * `/ext ACTION …`: the manager's verbs, as `weft ext ACTION …` runs them;
 * `sync` asks first, and a change offers a reload.
 */
async function manage(services: InteractiveServices, action: string, args: string[]): Promise<void> {
	const { ui } = services;
	if (!manager.isManagerAction(action)) {
		ui.notify(
			`/ext: unknown action "${action}"; /ext alone shows the extensions, or use one of ${manager.MANAGER_ACTIONS.join(", ")}`,
			"error",
		);
		return;
	}
	const ctx = { home: services.home, cwd: services.cwd, env: process.env, prefix: "/ext" };
	try {
		const call = manager.parseManagerCall(action, args, ctx);
		if (
			action === "sync" &&
			!(await ui.confirm(
				"Install the extensions your settings list but are missing?",
				"Fetches them with npm and git (install scripts run only with --allow-scripts); pinned ones as the lockfile pins them.",
			))
		)
			return;
		const result = await manager.runManagerCall(call, ctx);
		const loaded =
			result.installed && services.host?.diagnostics().find((d) => d.name === result.installed?.name);
		const text = [...result.lines, ...(loaded ? ["", formatExtension(loaded)] : [])].join("\n");
		ui.print({ kind: "info", title: `/ext ${action}`, text });
		if (!CHANGING.has(action)) return;
		if (await ui.confirm("Reload the extensions now?", "Reloads the settings and every extension.")) {
			services.reloadSettings();
			await services.reloadExtensions();
		}
	} catch (error) {
		ui.notify(`/ext ${action}: ${errorText(error)}`, "error");
	}
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
	for (const line of latestLog(d)) row("log", line);
	return lines.join("\n");
}

/** The last few lines the extension logged, debug left out (an MCP server's state, a permission decision), as `weft ext list` shows them. */
function latestLog(d: ExtensionDiagnostics, count = 3): string[] {
	return d.log
		.filter((line) => line.level !== "debug")
		.slice(-count)
		.map((line) => (line.level === "info" ? line.message : `${line.level}: ${line.message}`));
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
