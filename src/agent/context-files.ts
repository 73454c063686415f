/**
 * Project instructions the model reads with every prompt: the global
 * AGENTS.md (or CLAUDE.md) in weft's home, then one file per directory from
 * the file-system root down to the working directory, outermost first, so
 * the most specific instructions come last.
 */
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/** In order of preference: one file per directory. */
export const CONTEXT_FILE_NAMES = ["AGENTS.md", "CLAUDE.md"] as const;

export interface ContextFile {
	path: string;
	content: string;
}

/** A file's text, or undefined when there is no readable file by that name. */
export function readOptionalFile(path: string): string | undefined {
	try {
		return readFileSync(path, "utf8");
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		// Absent, or a directory by that name: not a file to read.
		if (code === "ENOENT" || code === "ENOTDIR" || code === "EISDIR") return undefined;
		throw new Error(`Cannot read ${path}: ${(error as Error).message}. Fix its permissions or remove it.`);
	}
}

function contextFileIn(dir: string): ContextFile | undefined {
	for (const name of CONTEXT_FILE_NAMES) {
		const path = join(dir, name);
		const content = readOptionalFile(path);
		if (content !== undefined) return { path, content };
	}
	return undefined;
}

/** Directories from the root down to `dir`, inclusive. */
function ancestorsOf(dir: string): string[] {
	const dirs: string[] = [];
	for (let current = dir; ; current = dirname(current)) {
		dirs.push(current);
		if (dirname(current) === current) break;
	}
	return dirs.reverse();
}

export function loadContextFiles(options: { cwd: string; home: string }): ContextFile[] {
	const files: ContextFile[] = [];
	const seen = new Set<string>();
	for (const dir of [resolve(options.home), ...ancestorsOf(resolve(options.cwd))]) {
		const file = contextFileIn(dir);
		// The home directory may also be an ancestor of cwd; include its file once.
		if (file && !seen.has(file.path)) {
			seen.add(file.path);
			files.push(file);
		}
	}
	return files;
}
