/**
 * Fetching from git with the system `git`, so the user's credentials, SSH
 * keys and URL rewrites apply: a clone, the ref (a branch, tag or commit;
 * the remote's default branch when none is given) checked out, and the
 * repository (or its subfolder) copied without its .git folder.
 */
import { cpSync, existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import type { Resolved } from "./lockfile.js";
import { runTool, ToolError } from "./run-tool.js";

export interface GitSpec {
	url: string;
	ref?: string;
	subdir?: string;
}

/** Copies the repository at `spec.ref` (or its subfolder) into `target`; returns the commit it resolved to. */
export async function fetchGit(spec: GitSpec, target: string): Promise<Extract<Resolved, { type: "git" }>> {
	const work = mkdtempSync(join(tmpdir(), "weft-git-"));
	try {
		const clone = join(work, "repo");
		await runTool("git", ["clone", "--quiet", "--no-checkout", spec.url, clone], {
			doing: `cloning ${spec.url}`,
		});
		const commit = await resolveRef(clone, spec);
		await runTool("git", ["-C", clone, "checkout", "--quiet", commit], { doing: `checking out ${commit}` });
		const from = spec.subdir ? join(clone, spec.subdir) : clone;
		if (!existsSync(from) || !statSync(from).isDirectory()) {
			throw new ToolError(
				`${spec.url} has no folder "${spec.subdir}" at ${spec.ref ?? "its default branch"}`,
			);
		}
		cpSync(from, target, { recursive: true, filter: (path) => basename(path) !== ".git" });
		return { type: "git", url: spec.url, ref: spec.ref, subdir: spec.subdir, commit };
	} finally {
		rmSync(work, { recursive: true, force: true });
	}
}

/** The commit a ref names in a fresh clone: a tag or commit as given, a branch through origin/. */
async function resolveRef(clone: string, spec: GitSpec): Promise<string> {
	const candidates = spec.ref ? [spec.ref, `origin/${spec.ref}`] : ["origin/HEAD", "HEAD"];
	for (const candidate of candidates) {
		try {
			const out = await runTool(
				"git",
				["-C", clone, "rev-parse", "--verify", "--quiet", `${candidate}^{commit}`],
				{
					doing: `resolving ${candidate}`,
				},
			);
			if (out.trim()) return out.trim();
		} catch {
			// not this form of the ref; try the next
		}
	}
	throw new ToolError(
		spec.ref
			? `${spec.url} has no branch, tag or commit "${spec.ref}"`
			: `${spec.url} has no commits on its default branch`,
	);
}

/** The commit the ref (or the default branch) names on the remote now; undefined when the ref is a commit. */
export async function latestGitCommit(spec: GitSpec): Promise<string | undefined> {
	if (spec.ref && /^[0-9a-f]{7,40}$/i.test(spec.ref)) return undefined;
	const ref = spec.ref ?? "HEAD";
	const out = await runTool("git", ["ls-remote", spec.url, ref, `${ref}^{}`], {
		doing: `asking ${spec.url} about ${ref}`,
	});
	const rows = out
		.split("\n")
		.filter(Boolean)
		.map((line) => line.split("\t") as [string, string]);
	// An annotated tag lists itself and, peeled ("^{}"), the commit it points at: the commit is what counts.
	const peeled = rows.find(([, name]) => name.endsWith("^{}"));
	const exact = rows.find(
		([, name]) => name === ref || name === `refs/heads/${ref}` || name === `refs/tags/${ref}`,
	);
	const row = peeled ?? exact ?? rows[0];
	if (!row) throw new ToolError(`${spec.url} has no branch or tag "${ref}"`);
	return row[0];
}
