/**
 * What a repository has checked out, read from its HEAD file rather than by
 * running git, so the start-up header costs a small file read. A `.git`
 * file (worktree, submodule) points at the real git directory. (pi's
 * `footerData` keeps its own copy: see pi-footer-data.ts.)
 */
import { readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/** A branch, or a detached HEAD's commit. A reftable repository's HEAD names the placeholder branch ".invalid". */
export type GitHead = { branch: string } | { detached: string };

/** The HEAD file of the repository holding `dir`; undefined outside one (or when `.git` cannot be read). */
function gitHeadPath(dir: string): string | undefined {
	for (let current = resolve(dir); ; current = dirname(current)) {
		const gitDir = gitDirOf(join(current, ".git"), current);
		if (gitDir) return join(gitDir, "HEAD");
		if (dirname(current) === current) return undefined;
	}
}

/** What the repository holding `dir` has checked out; undefined outside one or when HEAD cannot be read. */
export function readGitHead(dir: string): GitHead | undefined {
	const path = gitHeadPath(dir);
	if (!path) return undefined;
	let head: string;
	try {
		head = readFileSync(path, "utf8").trim();
	} catch {
		return undefined;
	}
	const ref = /^ref:\s*refs\/heads\/(.+)$/.exec(head)?.[1];
	if (ref) return { branch: ref };
	return /^[0-9a-f]{7,}$/.test(head) ? { detached: head } : undefined;
}

function gitDirOf(dotGit: string, parent: string): string | undefined {
	try {
		if (statSync(dotGit).isDirectory()) return dotGit;
		const pointer = /^gitdir:\s*(.+)$/m.exec(readFileSync(dotGit, "utf8"))?.[1]?.trim();
		return pointer ? resolve(parent, pointer) : undefined;
	} catch {
		// Nothing there (or unreadable): look further up.
		return undefined;
	}
}
