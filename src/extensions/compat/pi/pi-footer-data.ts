/**
 * pi's `footerData`, the third argument of a footer (and widget) factory:
 * the git branch (pi's shape: null outside a repository, "detached" for a
 * detached HEAD), the status texts pi extensions set, and a subscription to
 * branch changes. The branch is read from HEAD (base/git-head.ts) on each
 * call, or kept while someone listens for changes and HEAD's folder is
 * watched; the watch ends with the last listener.
 */
import { spawnSync } from "node:child_process";
import { readGitHead, watchGitHead } from "../../../base/git-head.js";

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
				stopWatching = watchGitHead(cwd, changed);
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
	const head = readGitHead(cwd);
	if (!head) return null;
	if ("detached" in head) return "detached";
	// A reftable repository keeps this placeholder in HEAD; its branch is in the tables, which only git reads.
	return head.branch === ".invalid" ? (askGit(cwd) ?? "detached") : head.branch;
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
