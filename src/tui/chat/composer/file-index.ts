/**
 * The project's files for `@` completion, respecting .gitignore. ripgrep
 * lists them fastest (and knows every ignore rule git does); without it, a
 * tinyglobby walk filtered by the root .gitignore stands in. The list is
 * cached briefly so each keystroke does not walk the tree again.
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import ignore from "ignore";
import { glob } from "tinyglobby";
import { findRipgrep } from "../../../agent/tools/ripgrep.js";

export const FILE_LIMIT = 50_000;
const CACHE_MS = 5_000;

export interface FileIndexOptions {
	/** How files are listed; defaults to ripgrep, falling back to a glob walk. */
	list?: (cwd: string, limit: number) => Promise<string[]>;
	now?: () => number;
}

export class FileIndex {
	private cached: { at: number; files: Promise<string[]> } | undefined;
	private readonly list: (cwd: string, limit: number) => Promise<string[]>;
	private readonly now: () => number;

	constructor(
		readonly cwd: string,
		options: FileIndexOptions = {},
	) {
		this.list = options.list ?? listProjectFiles;
		this.now = options.now ?? (() => performance.now());
	}

	/** Paths relative to cwd with "/" separators, sorted, at most FILE_LIMIT. */
	files(): Promise<string[]> {
		const now = this.now();
		if (!this.cached || now - this.cached.at > CACHE_MS) {
			const files = this.list(this.cwd, FILE_LIMIT);
			this.cached = { at: now, files };
			// A failed listing is not cached: the next keystroke tries again.
			files.catch(() => {
				if (this.cached?.files === files) this.cached = undefined;
			});
		}
		return this.cached.files;
	}
}

/** ripgrep when it runs, else the glob walk. */
export async function listProjectFiles(cwd: string, limit: number): Promise<string[]> {
	let rg: string | undefined;
	try {
		rg = await findRipgrep();
	} catch {
		rg = undefined;
	}
	const listed = rg ? await listWithRipgrep(rg, cwd, limit).catch(() => undefined) : undefined;
	return listed ?? listWithGlob(cwd, limit);
}

export function listWithRipgrep(rg: string, cwd: string, limit: number): Promise<string[]> {
	return new Promise((resolve, reject) => {
		const child = spawn(rg, ["--files", "--hidden", "--glob", "!.git"], {
			cwd,
			stdio: ["ignore", "pipe", "ignore"],
		});
		const files: string[] = [];
		let rest = "";
		child.stdout.setEncoding("utf8");
		child.stdout.on("data", (chunk: string) => {
			const lines = (rest + chunk).split("\n");
			rest = lines.pop() ?? "";
			for (const line of lines) {
				if (files.length >= limit) break;
				if (line) files.push(toSlashes(line.replace(/^\.\//, "")));
			}
			// Enough for completion: stop ripgrep rather than read a huge tree.
			if (files.length >= limit) child.kill();
		});
		child.once("error", reject);
		child.once("close", (code) => {
			if (rest && files.length < limit) files.push(toSlashes(rest));
			// 1 means "no files"; a kill after reaching the limit has no exit code.
			if (code === 0 || code === 1 || files.length >= limit) resolve(files.sort());
			else reject(new Error(`ripgrep --files exited with code ${code} in ${cwd}`));
		});
	});
}

export async function listWithGlob(cwd: string, limit: number): Promise<string[]> {
	const rules = ignore().add([".git"]);
	const gitignore = join(cwd, ".gitignore");
	if (existsSync(gitignore)) rules.add(readFileSync(gitignore, "utf8"));
	const found = await glob("**/*", {
		cwd,
		dot: true,
		onlyFiles: true,
		ignore: ["**/.git/**", "**/node_modules/**"],
	});
	return found
		.map(toSlashes)
		.filter((file) => !rules.ignores(file))
		.sort()
		.slice(0, limit);
}

function toSlashes(path: string): string {
	return path.replace(/\\/g, "/");
}
