/**
 * pi's `footerData`, the third argument of a footer (and widget) factory:
 * the git branch (pi's shape: null outside a repository, "detached" for a
 * detached HEAD), the status texts pi extensions set, and a subscription to
 * branch changes. The branch is read from the repository's HEAD file (a
 * `.git` file followed for worktrees) on each call, or kept while someone
 * listens for changes and HEAD's folder is watched; the watch ends with the
 * last listener. The start-up header reads HEAD the same way
 * (base/git-head.ts); this copy keeps the pi shims importing nothing the
 * rest of weft bundles (see pi-adapter.ts).
 */
import { spawnSync } from "node:child_process";
import { type FSWatcher, readFileSync, statSync, watch } from "node:fs";
import { dirname, join, resolve } from "node:path";

/** The statuses every pi extension in this process set with `ctx.ui.setStatus`, by key. */
const statuses = new Map<string, string>();

export function recordPiStatus(key: string, text: string | undefined): void {
	if (text === undefined) statuses.delete(key);
	else statuses.set(key, text);
}

export interface PiFooterData {
	getGitBranch(): string | null;
	getExtensionStatuses(): ReadonlyMap<string, string>;
	onBranchChange(callback: () => void): () => void;
}

export function createPiFooterData(cwd: string): PiFooterData {
	const listeners = new Set<() => void>();
	let stopWatching: (() => void) | undefined;
	let known: string | null = null;
	const changed = () => {
		const now = branchOf(cwd);
		if (now === known) return;
		known = now;
		for (const listener of [...listeners]) listener();
	};
	return {
		getGitBranch: () => (stopWatching ? known : branchOf(cwd)),
		getExtensionStatuses: () => new Map(statuses),
		onBranchChange(callback) {
			if (typeof callback !== "function") throw new Error("footerData.onBranchChange needs a function");
			listeners.add(callback);
			if (!stopWatching) {
				known = branchOf(cwd);
				stopWatching = watchHead(cwd, changed);
			}
			return () => {
				listeners.delete(callback);
				if (listeners.size > 0 || !stopWatching) return;
				stopWatching();
				stopWatching = undefined;
			};
		},
	};
}

function branchOf(cwd: string): string | null {
	const path = headPath(cwd);
	if (!path) return null;
	let head: string;
	try {
		head = readFileSync(path, "utf8").trim();
	} catch {
		return null;
	}
	const branch = /^ref:\s*refs\/heads\/(.+)$/.exec(head)?.[1];
	if (!branch) return "detached";
	// A reftable repository keeps this placeholder in HEAD; its branch is in the tables, which only git reads.
	return branch === ".invalid" ? (askGit(cwd) ?? "detached") : branch;
}

/** The HEAD file of the repository holding `dir`, following a worktree's `.git` file. */
function headPath(dir: string): string | undefined {
	for (let current = resolve(dir); ; current = dirname(current)) {
		const dotGit = join(current, ".git");
		try {
			if (statSync(dotGit).isDirectory()) return join(dotGit, "HEAD");
			const pointer = /^gitdir:\s*(.+)$/m.exec(readFileSync(dotGit, "utf8"))?.[1]?.trim();
			if (pointer) return join(resolve(current, pointer), "HEAD");
		} catch {
			// Nothing there (or unreadable): look further up.
		}
		if (dirname(current) === current) return undefined;
	}
}

/** Calls `onChange` when HEAD's folder changes; nothing is watched outside a repository or where it cannot be. */
function watchHead(cwd: string, onChange: () => void): () => void {
	const path = headPath(cwd);
	if (!path) return () => {};
	let watcher: FSWatcher;
	try {
		// The folder, not the file: git writes HEAD anew and renames it over the old one, which ends a watch on the file.
		watcher = watch(dirname(path), { persistent: false }, (_event, file) => {
			if (!file || file === "HEAD") onChange();
		});
	} catch {
		return () => {};
	}
	watcher.on("error", () => watcher.close());
	return () => watcher.close();
}

function askGit(cwd: string): string | undefined {
	const result = spawnSync("git", ["--no-optional-locks", "symbolic-ref", "--quiet", "--short", "HEAD"], {
		cwd,
		encoding: "utf8",
		timeout: 2000,
	});
	const branch = result.status === 0 ? result.stdout.trim() : "";
	return branch === "" ? undefined : branch;
}
