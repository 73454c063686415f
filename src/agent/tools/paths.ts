/** How tools turn the model's path arguments into absolute paths, and back into short ones for output. */
import { homedir } from "node:os";
import { isAbsolute, relative, resolve, sep } from "node:path";

/** Resolves `input` against `cwd`, expanding a leading `~` to the home directory. */
export function resolveToolPath(input: string, cwd: string): string {
	if (input === "~") return homedir();
	if (input.startsWith("~/")) return resolve(homedir(), input.slice(2));
	return resolve(cwd, input);
}

/** A path as the model should see it: relative to `cwd` when inside it, absolute otherwise. */
export function displayPath(absolute: string, cwd: string): string {
	const rel = relative(cwd, absolute);
	if (rel === "") return ".";
	if (rel === ".." || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return absolute;
	return sep === "/" ? rel : rel.split(sep).join("/");
}

/** The code of a Node system error (`ENOENT`, `EACCES`…), if `error` is one. */
export function errorCode(error: unknown): string | undefined {
	if (error instanceof Error && "code" in error && typeof error.code === "string") return error.code;
	return undefined;
}
