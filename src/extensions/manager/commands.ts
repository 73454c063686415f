/**
 * The manager's verbs as words: `install|remove|enable|disable|update|
 * outdated|info|init|verify|sync` with their flags, parsed and run to lines
 * of text. `weft ext …` prints them; `/ext …` in the terminal UI shows the
 * same lines. Loaded only when one of them runs.
 */
import { join } from "node:path";
import { displayPath } from "../../base/paths.js";
import { extensionLogFile } from "../extension-log.js";
import { isTrusted } from "../trust.js";
import type { ManagerAction } from "./actions.js";
import { initExtension } from "./init.js";
import { describeResolved, type InstallOptions, install } from "./install.js";
import { type LockEntry, readLockfile } from "./lockfile.js";
import { outdated, remove, setEnabled, sync, update, verify } from "./operations.js";
import { type Scope, scopeOf } from "./scope.js";
import { readList } from "./settings-file.js";
import { parseSource } from "./source-spec.js";
import { verifyInstalled } from "./verify.js";

export { isManagerAction, MANAGER_ACTIONS, type ManagerAction } from "./actions.js";

/** A malformed call (the CLI exits 2 on it). */
export class ManagerUsageError extends Error {}

export const MANAGER_USAGE: Record<ManagerAction, string> = {
	install: "install SOURCE [--project] [--force] [--allow-scripts]",
	remove: "remove NAME [--project]",
	enable: "enable NAME [--project]",
	disable: "disable NAME [--project]",
	update: "update [NAME] [--project] [--allow-scripts]",
	outdated: "outdated [--project]",
	info: "info NAME [--project]",
	init: "init [--lang ts|node|python|shell] NAME",
	verify: "verify [NAME] [--project] [--allow-scripts]",
	sync: "sync [--project] [--allow-scripts]",
};

/** Words an action takes: [least, most]. */
const WORDS: Record<ManagerAction, [number, number]> = {
	install: [1, 1],
	remove: [1, 1],
	enable: [1, 1],
	disable: [1, 1],
	update: [0, 1],
	outdated: [0, 0],
	info: [1, 1],
	init: [1, 1],
	verify: [0, 1],
	sync: [0, 0],
};

export interface ManagerContext {
	home: string;
	cwd: string;
	env: NodeJS.ProcessEnv;
	/** How usage lines start: "weft ext" or "/ext". */
	prefix: string;
}

export interface ManagerCall {
	action: ManagerAction;
	words: string[];
	flags: Set<string>;
	lang?: string;
	scope: Scope;
	options: InstallOptions;
}

export interface ManagerResult {
	lines: string[];
	/** For `info`: the installed extension, so the caller can add what it registers. */
	installed?: { name: string; dir: string; project: boolean; loadable: boolean };
}

export function parseManagerCall(
	action: ManagerAction,
	args: readonly string[],
	ctx: ManagerContext,
): ManagerCall {
	const usage = `usage: ${ctx.prefix} ${MANAGER_USAGE[action]}`;
	const allowed: string[] = MANAGER_USAGE[action].match(/--[a-z-]+/g) ?? [];
	const flags = new Set<string>();
	const words: string[] = [];
	let lang: string | undefined;
	for (let i = 0; i < args.length; i++) {
		const arg = args[i];
		if (!arg.startsWith("-")) words.push(arg);
		else if (!allowed.includes(arg)) throw new ManagerUsageError(`unknown option ${arg} (${usage})`);
		else if (arg === "--lang") {
			lang = args[++i];
			if (lang === undefined) throw new ManagerUsageError(`--lang needs a value (${usage})`);
		} else flags.add(arg);
	}
	const [least, most] = WORDS[action];
	if (words.length < least || words.length > most) throw new ManagerUsageError(usage);
	return {
		action,
		words,
		flags,
		lang,
		scope: scopeOf(ctx.home, ctx.cwd, flags.has("--project")),
		options: { force: flags.has("--force"), allowScripts: flags.has("--allow-scripts"), env: ctx.env },
	};
}

/** Runs a parsed call; errors are thrown with what failed and what to do. */
export async function runManagerCall(call: ManagerCall, ctx: ManagerContext): Promise<ManagerResult> {
	const { words, scope, options } = call;
	switch (call.action) {
		case "install": {
			const done = await install(parseSource(words[0], ctx.cwd), scope, options);
			return { lines: installedLines(done.name, done.entry, scope, ctx) };
		}
		case "remove":
			return { lines: remove(words[0], scope) };
		case "enable":
		case "disable":
			return { lines: setEnabled(words[0], call.action === "enable", scope) };
		case "update":
			return { lines: await update(scope, words[0], options) };
		case "outdated": {
			const stale = await outdated(scope, undefined, ctx.env);
			return {
				lines:
					stale.length === 0
						? ["Every installed extension is up to date."]
						: stale.map((s) => `${s.name}  ${short(s.current)} → ${short(s.latest)}  (${s.source})`),
			};
		}
		case "info":
			return info(words[0], scope, ctx);
		case "init":
			return { lines: initExtension(words[0], call.lang ?? "ts", ctx.cwd) };
		case "verify":
			return { lines: await verify(scope, words[0], options) };
		case "sync":
			if (scope.project && !isTrusted(ctx.home, ctx.cwd)) {
				throw new Error(
					"this folder is not trusted, so its project extensions are not installed; trust it first (weft trust, or /trust; see docs/security.md)",
				);
			}
			return { lines: await sync(scope, options) };
	}
}

function installedLines(name: string, entry: LockEntry, scope: Scope, ctx: ManagerContext): string[] {
	const lines = [
		`Installed ${name} (${describeResolved(entry.resolved)}) into ${displayPath(join(scope.root, entry.dir))}.`,
		`Listed in ${displayPath(scope.settingsFile)}; locked with ${entry.integrity.slice(0, 22)}… over ${Object.keys(entry.files).length} files.`,
	];
	if (scope.project && !isTrusted(ctx.home, ctx.cwd)) {
		lines.push(
			"This folder is not trusted, so it will not load here until you trust it (weft trust, or /trust).",
		);
	}
	return lines;
}

/** What the lockfile says and whether the files still match; the caller adds what it registers. */
function info(name: string, scope: Scope, ctx: ManagerContext): ManagerResult {
	const scopes = scope.project ? [scope] : [scope, scopeOf(ctx.home, ctx.cwd, true)];
	const found = scopes
		.map((s) => ({ s, entry: readLockfile(s.root).extensions[name] }))
		.find((f) => f.entry !== undefined);
	if (!found)
		throw new Error(`no extension named "${name}" is installed (weft ext list shows every extension)`);
	const { s, entry } = found;
	const dir = join(s.root, entry.dir);
	const verdict = verifyInstalled(s.root, name, entry, { full: true });
	const r = entry.resolved;
	const row = (label: string, value: string) => `  ${label.padEnd(10)} ${value}`;
	const disabled = readList(s.settingsFile, "disabledExtensions").includes(name);
	const lines = [
		`${name}  (${s.project ? "project" : "global"})`,
		row("source", entry.source),
		row("resolved", describeResolved(r)),
		...(r.type === "npm" ? [row("npm", r.integrity)] : []),
		...(r.type === "git" ? [row("commit", r.commit)] : []),
		row("integrity", `${entry.integrity} (${Object.keys(entry.files).length} files)`),
		row("verified", verdict.ok ? "yes" : `no: ${verdict.file} is ${verdict.problem}`),
		row("folder", displayPath(dir)),
		row("installed", entry.installedAt),
		row("enabled", disabled ? "no (disabledExtensions)" : "yes"),
		row("log", displayPath(extensionLogFile(ctx.home, name))),
	];
	const trusted = !s.project || isTrusted(ctx.home, ctx.cwd);
	if (verdict.ok && !trusted) lines.push(row("adds", "not loaded: this folder is not trusted"));
	return { lines, installed: { name, dir, project: s.project, loadable: verdict.ok && trusted } };
}

function short(version: string): string {
	return /^[0-9a-f]{40}$/.test(version) ? version.slice(0, 12) : version;
}
