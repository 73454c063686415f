/**
 * The manager's other verbs, over one scope (global or project): remove,
 * enable and disable, outdated and update, verify (and repair), sync. Each
 * returns lines to print; the CLI and `/ext` show them the same way.
 */
import { rmSync } from "node:fs";
import { join } from "node:path";
import { discoverExtensions } from "../sources.js";
import { latestGitCommit } from "./fetch-git.js";
import { latestNpmVersion } from "./fetch-npm.js";
import { describeResolved, InstallError, type InstallOptions, install, installPinned } from "./install.js";
import { type LockEntry, lockEntryFor, readLockfile, writeLockfile } from "./lockfile.js";
import type { Scope } from "./scope.js";
import { editList, readList } from "./settings-file.js";
import { parseSource } from "./source-spec.js";
import { forgetVerified, verifyInstalled } from "./verify.js";

const INSTALLABLE = /^(npm|git|github):/;

function where(scope: Scope): string {
	return scope.project ? "this project (.weft/)" : "the global home";
}

function entryOf(name: string, scope: Scope): LockEntry {
	const entry = readLockfile(scope.root).extensions[name];
	if (entry) return entry;
	const other = scope.project ? "" : " (add --project for this project's installs)";
	throw new InstallError(
		`no extension named "${name}" is installed in ${where(scope)}${other}; weft ext list shows what is`,
	);
}

export function remove(name: string, scope: Scope): string[] {
	const entry = entryOf(name, scope);
	editList(scope.settingsFile, "extensions", (list) => list.filter((e) => e !== entry.source));
	editList(scope.settingsFile, "disabledExtensions", (list) => list.filter((e) => e !== name));
	const lock = readLockfile(scope.root);
	delete lock.extensions[name];
	writeLockfile(scope.root, lock);
	forgetVerified(scope.root, name);
	rmSync(join(scope.root, entry.dir), { recursive: true, force: true });
	return [`Removed ${name} (${entry.source}).`];
}

/** Through settings' `disabledExtensions`; any extension discovery finds, installed or not. */
export function setEnabled(name: string, enabled: boolean, scope: Scope): string[] {
	const known = discoverExtensions({ cwd: scope.cwd, home: scope.home, trusted: () => true }).some(
		(s) => s.name === name,
	);
	const listed = readList(scope.settingsFile, "disabledExtensions").includes(name);
	if (!known && !listed) {
		throw new InstallError(`no extension named "${name}" was found; weft ext list shows the names`);
	}
	const changed = editList(scope.settingsFile, "disabledExtensions", (list) =>
		enabled ? list.filter((e) => e !== name) : [...list.filter((e) => e !== name), name],
	);
	const state = enabled ? "enabled" : "disabled";
	if (!changed) return [`${name} is already ${state} in ${where(scope)}'s settings.`];
	return [
		`${name} is ${state} (disabledExtensions in ${scope.settingsFile}); it takes effect on the next start or /reload.`,
	];
}

export interface Outdated {
	name: string;
	current: string;
	latest: string;
	source: string;
}

/** What is installed against what its spec's range or moving ref names now; pinned sources are skipped. */
export async function outdated(scope: Scope, only?: string, env?: NodeJS.ProcessEnv): Promise<Outdated[]> {
	const entries = Object.entries(readLockfile(scope.root).extensions).filter(
		([name]) => !only || name === only,
	);
	if (only && entries.length === 0) entryOf(only, scope);
	const out: Outdated[] = [];
	for (const [name, entry] of entries) {
		const latest = await latestOf(entry, scope, env);
		const current = currentOf(entry);
		if (latest !== undefined && latest !== current) out.push({ name, current, latest, source: entry.source });
	}
	return out;
}

function currentOf(entry: LockEntry): string {
	const r = entry.resolved;
	return r.type === "npm" ? r.version : r.type === "git" ? r.commit : entry.integrity;
}

async function latestOf(
	entry: LockEntry,
	scope: Scope,
	env?: NodeJS.ProcessEnv,
): Promise<string | undefined> {
	const spec = parseSource(entry.source, scope.cwd);
	if (spec.kind === "npm") return latestNpmVersion(spec.spec, env);
	if (spec.kind === "git") return latestGitCommit(spec);
	return undefined;
}

/** Reinstalls what `outdated` lists (all, or one); prints old → new, or that all is current. */
export async function update(
	scope: Scope,
	only: string | undefined,
	options: InstallOptions,
): Promise<string[]> {
	const stale = await outdated(scope, only, options.env);
	if (stale.length === 0)
		return [only ? `${only} is up to date.` : "Every installed extension is up to date."];
	const lines: string[] = [];
	for (const item of stale) {
		const done = await install(parseSource(item.source, scope.cwd), scope, { ...options, force: true });
		const before = done.previous ? describeResolved(done.previous.resolved) : item.current;
		lines.push(`${item.name}: ${before} → ${describeResolved(done.entry.resolved)}`);
	}
	return lines;
}

/**
 * Hashes every installed file (no cache) against the lockfile and reinstalls
 * what the lockfile pins for each install that fails; lines say which file
 * was wrong and what was done.
 */
export async function verify(
	scope: Scope,
	only: string | undefined,
	options: InstallOptions,
): Promise<string[]> {
	const entries = Object.entries(readLockfile(scope.root).extensions).filter(
		([name]) => !only || name === only,
	);
	if (only && entries.length === 0) entryOf(only, scope);
	if (entries.length === 0) return [`Nothing is installed in ${where(scope)}.`];
	const lines: string[] = [];
	for (const [name, entry] of entries) {
		const verdict = verifyInstalled(scope.root, name, entry, { full: true });
		if (verdict.ok) {
			lines.push(`${name}: ok (${entry.integrity.slice(0, 22)}…, ${Object.keys(entry.files).length} files)`);
			continue;
		}
		await installPinned(name, entry, scope, options);
		lines.push(
			`${name}: ${verdict.file} was ${verdict.problem}; reinstalled ${describeResolved(entry.resolved)}`,
		);
	}
	return lines;
}

/**
 * Installs what the settings' `"extensions"` list names (npm:, git:, github:)
 * that is not installed, from the lockfile's pins when it has them (a
 * committed project lockfile reproduces the same bytes), and repairs installs
 * that no longer verify.
 */
export async function sync(scope: Scope, options: InstallOptions): Promise<string[]> {
	const wanted = readList(scope.settingsFile, "extensions").filter((e) => INSTALLABLE.test(e));
	const lines: string[] = [];
	for (const source of wanted) {
		const found = lockEntryFor(readLockfile(scope.root), source);
		if (found) {
			const [name, entry] = found;
			if (verifyInstalled(scope.root, name, entry).ok) continue;
			await installPinned(name, entry, scope, options);
			lines.push(`${name}: installed ${describeResolved(entry.resolved)} (as locked)`);
			continue;
		}
		const done = await install(parseSource(source, scope.cwd), scope, options);
		lines.push(`${done.name}: installed ${describeResolved(done.entry.resolved)}`);
	}
	return lines.length > 0
		? lines
		: [`Every extension the ${scope.project ? "project's" : "global"} settings list is installed.`];
}
