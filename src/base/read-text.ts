/**
 * Reading a file that may not exist. Only "not there" means absent: a file
 * weft may not read, or a folder where a file should be, is an error the
 * user must see, not a silently empty setting or list.
 */
import { readFileSync } from "node:fs";

/** The file's text (UTF-8), or undefined when it or a folder on its path does not exist. */
export function readTextIfExists(file: string): string | undefined {
	try {
		return readFileSync(file, "utf8");
	} catch (error) {
		if (isNotFound(error)) return undefined;
		throw error;
	}
}

/** ENOENT, or ENOTDIR (a path component is a file): nothing at that path. */
export function isNotFound(error: unknown): boolean {
	const code = (error as NodeJS.ErrnoException | null)?.code;
	return code === "ENOENT" || code === "ENOTDIR";
}
