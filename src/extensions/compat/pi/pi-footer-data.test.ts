import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createPiFooterData, recordPiStatus } from "./pi-footer-data.js";

let dir: string | undefined;
afterEach(() => {
	if (dir) rmSync(dir, { recursive: true, force: true });
	dir = undefined;
	recordPiStatus("mode", undefined);
});

function repo(head: string): string {
	dir = mkdtempSync(join(tmpdir(), "weft-pi-footer-"));
	mkdirSync(join(dir, ".git"));
	writeFileSync(join(dir, ".git", "HEAD"), head);
	return dir;
}

describe("pi's footerData", () => {
	it("reports the branch as pi does: the name, detached, or null outside a repository", () => {
		const root = repo("ref: refs/heads/main\n");
		const data = createPiFooterData(root);
		expect(data.getGitBranch()).toBe("main");
		writeFileSync(join(root, ".git", "HEAD"), "0123456789abcdef0123456789abcdef01234567\n");
		expect(data.getGitBranch()).toBe("detached");
		rmSync(join(root, ".git"), { recursive: true });
		expect(data.getGitBranch()).toBeNull();
	});

	it("follows a worktree's .git file to its git directory", () => {
		const root = repo("ref: refs/heads/main\n");
		const gitDir = join(root, ".git", "worktrees", "wt");
		mkdirSync(gitDir, { recursive: true });
		writeFileSync(join(gitDir, "HEAD"), "ref: refs/heads/topic\n");
		mkdirSync(join(root, "wt"));
		writeFileSync(join(root, "wt", ".git"), "gitdir: ../.git/worktrees/wt\n");
		expect(createPiFooterData(join(root, "wt")).getGitBranch()).toBe("topic");
	});

	it("tells listeners when a checkout changes the branch, and stops with the last one", async () => {
		const root = repo("ref: refs/heads/main\n");
		const data = createPiFooterData(root);
		let heard = 0;
		const stop = data.onBranchChange(() => heard++);
		writeFileSync(join(root, ".git", "HEAD.lock"), "ref: refs/heads/topic\n");
		renameSync(join(root, ".git", "HEAD.lock"), join(root, ".git", "HEAD"));
		for (let i = 0; i < 500 && heard === 0; i++) await new Promise((r) => setTimeout(r, 10));
		expect(heard).toBe(1);
		expect(data.getGitBranch()).toBe("topic");
		stop();
		writeFileSync(join(root, ".git", "HEAD"), "ref: refs/heads/other\n");
		// Not watching any more: the branch is read afresh.
		expect(data.getGitBranch()).toBe("other");
	});

	it("has the statuses pi extensions set", () => {
		recordPiStatus("mode", "plan");
		expect(createPiFooterData(tmpdir()).getExtensionStatuses().get("mode")).toBe("plan");
		recordPiStatus("mode", undefined);
		expect(createPiFooterData(tmpdir()).getExtensionStatuses().has("mode")).toBe(false);
	});
});
