import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { readGitHead } from "./git-head.js";

let dir: string | undefined;
afterEach(() => {
	if (dir) rmSync(dir, { recursive: true, force: true });
	dir = undefined;
});

function repo(head: string): string {
	dir = mkdtempSync(join(tmpdir(), "weft-git-"));
	mkdirSync(join(dir, ".git"));
	writeFileSync(join(dir, ".git", "HEAD"), head);
	mkdirSync(join(dir, "src", "deep"), { recursive: true });
	return dir;
}

describe("readGitHead", () => {
	it("reads the branch from a folder inside the repository, and a detached HEAD's commit", () => {
		const root = repo("ref: refs/heads/feature/x\n");
		expect(readGitHead(join(root, "src", "deep"))).toEqual({ branch: "feature/x" });
		writeFileSync(join(root, ".git", "HEAD"), "0123456789abcdef0123456789abcdef01234567\n");
		expect(readGitHead(root)).toEqual({ detached: "0123456789abcdef0123456789abcdef01234567" });
	});

	it("follows a worktree's .git file to its git directory", () => {
		const root = repo("ref: refs/heads/main\n");
		const gitDir = join(root, ".git", "worktrees", "wt");
		mkdirSync(gitDir, { recursive: true });
		writeFileSync(join(gitDir, "HEAD"), "ref: refs/heads/topic\n");
		const worktree = join(root, "wt");
		mkdirSync(worktree);
		writeFileSync(join(worktree, ".git"), `gitdir: ${gitDir}\n`);
		expect(readGitHead(worktree)).toEqual({ branch: "topic" });
	});
});
