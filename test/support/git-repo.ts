/**
 * Local git repositories for install tests: a folder the test fills, then
 * commits and tags, reached through a `file://` URL.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

export interface TestRepo {
	dir: string;
	url: string;
	/** Writes the files, commits them all; returns the commit. */
	commit(files: Record<string, string>, message?: string): string;
	tag(name: string): void;
	git(...args: string[]): string;
}

export function makeRepo(dir: string): TestRepo {
	mkdirSync(dir, { recursive: true });
	const git = (...args: string[]) =>
		execFileSync("git", ["-c", "user.name=Test", "-c", "user.email=test@example.com", ...args], {
			cwd: dir,
			encoding: "utf8",
		}).trim();
	git("init", "--quiet", "--initial-branch=main");
	return {
		dir,
		url: `file://${dir}`,
		git,
		commit(files, message = "change") {
			for (const [file, text] of Object.entries(files)) {
				mkdirSync(dirname(join(dir, file)), { recursive: true });
				writeFileSync(join(dir, file), text);
			}
			git("add", "-A");
			git("commit", "--quiet", "-m", message);
			return git("rev-parse", "HEAD");
		},
		tag: (name) => void git("tag", "-a", name, "-m", name),
	};
}
