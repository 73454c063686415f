import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { gitBranch } from "./startup-header.js";

let root: string;
afterEach(() => rmSync(root, { recursive: true, force: true }));

function repo(head: string): string {
	root = mkdtempSync(join(tmpdir(), "weft-header-"));
	mkdirSync(join(root, ".git"));
	writeFileSync(join(root, ".git", "HEAD"), head);
	return root;
}

describe("gitBranch", () => {
	it("reads the branch from .git/HEAD, also from a folder inside the repository", () => {
		const dir = repo("ref: refs/heads/main\n");
		mkdirSync(join(dir, "src", "deep"), { recursive: true });
		expect(gitBranch(join(dir, "src", "deep"))).toBe("main");
	});

	it("gives the short commit of a detached HEAD", () => {
		expect(gitBranch(repo("0123456789abcdef0123456789abcdef01234567\n"))).toBe("0123456");
	});

	it("follows a .git file to a worktree's git directory", () => {
		const dir = repo("ref: refs/heads/main\n");
		const worktree = join(dir, "wt");
		mkdirSync(join(dir, ".git", "worktrees", "wt"), { recursive: true });
		writeFileSync(join(dir, ".git", "worktrees", "wt", "HEAD"), "ref: refs/heads/topic\n");
		mkdirSync(worktree);
		writeFileSync(join(worktree, ".git"), `gitdir: ${join(dir, ".git", "worktrees", "wt")}\n`);
		expect(gitBranch(worktree)).toBe("topic");
	});
});
