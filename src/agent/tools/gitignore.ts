/**
 * .gitignore rules for a directory tree: the files inside it, plus those of
 * its ancestors up to the enclosing git repository's root. A deeper file's
 * rules override a shallower one's, as in git.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";
import ignore, { type Ignore } from "ignore";
import { glob } from "tinyglobby";

/** Directories no search should walk into. */
export const ALWAYS_SKIPPED = ["**/.git/**", "**/node_modules/**"];

export interface IgnoreFilter {
	/** Whether an absolute path inside the tree is ignored. */
	ignores(path: string): boolean;
}

interface RuleSet {
	base: string;
	rules: Ignore;
}

export async function loadGitignores(root: string, signal?: AbortSignal): Promise<IgnoreFilter> {
	const nested = await glob("**/.gitignore", {
		cwd: root,
		dot: true,
		absolute: true,
		ignore: ALWAYS_SKIPPED,
		signal,
	});
	const files = [...ancestorGitignores(root), ...nested.map((path) => path.split("/").join(sep))];
	const sets: RuleSet[] = [];
	for (const file of files) {
		const content = await readFile(file, "utf8").catch(() => undefined);
		if (content !== undefined) sets.push({ base: dirname(file), rules: ignore().add(content) });
	}
	sets.sort((a, b) => a.base.length - b.base.length);
	return { ignores: (path) => isIgnored(sets, path) };
}

function isIgnored(sets: readonly RuleSet[], path: string): boolean {
	let ignored = false;
	for (const { base, rules } of sets) {
		if (!path.startsWith(base + sep)) continue;
		const result = rules.test(relative(base, path).split(sep).join("/"));
		if (result.ignored) ignored = true;
		else if (result.unignored) ignored = false;
	}
	return ignored;
}

/** .gitignore files of the ancestors of `root`, up to the repository root; none when `root` is not inside a repository. */
function ancestorGitignores(root: string): string[] {
	const found: string[] = [];
	for (let dir = dirname(root); ; dir = dirname(dir)) {
		const candidate = join(dir, ".gitignore");
		if (existsSync(candidate)) found.push(candidate);
		if (existsSync(join(dir, ".git"))) return found;
		if (dirname(dir) === dir) return [];
	}
}
