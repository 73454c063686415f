/**
 * Reading a file that may not exist. Only "not there" means absent: a file
 * weft may not read, or a folder where a file should be, is an error the
 * user must see, not a silently empty setting or list. `isFile` and
 * `isFolder` ask only whether there is one to read.
 */
import { readFileSync, statSync } from "node:fs";

/** The file's text (UTF-8), or undefined when it or a folder on its path does not exist. */
export function readTextIfExists(file: string): string | undefined {
	try {
		return readFileSync(file, "utf8");
	} catch (error) {
		if (isNotFound(error)) return undefined;
		throw error;
	}
}

/** Whether `path` is a file (links followed); anything else (missing, a folder, unreadable) is not one. */
export function isFile(path: string): boolean {
	try {
		return statSync(path).isFile();
	} catch {
		return false;
	}
}

/** Whether `path` is a folder (links followed); anything else (missing, a file, unreadable) is not one. */
export function isFolder(path: string): boolean {
	try {
		return statSync(path).isDirectory();
	} catch {
		return false;
	}
}

/** ENOENT, or ENOTDIR (a path component is a file): nothing at that path. */
export function isNotFound(error: unknown): boolean {
	const code = (error as NodeJS.ErrnoException | null)?.code;
	return code === "ENOENT" || code === "ENOTDIR";
}
