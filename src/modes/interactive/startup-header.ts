/**
 * The start-up header printed once above the conversation: where you are
 * (version, folder, git branch), what the model was given (context files,
 * extensions) and two keys worth knowing. Start-up cost stays flat: the
 * branch is read from the `.git/HEAD` file (no `git` subprocess) and the
 * context files are found with the same lookup the system prompt uses.
 */
import { isAbsolute, relative, resolve } from "node:path";
import { loadContextFiles } from "../../agent/context-files.js";
import { readGitHead } from "../../base/git-head.js";
import { displayPath } from "../../base/paths.js";
import type { Styler } from "../../tui/theme/style.js";

export interface StartupHeaderInfo {
	/** Undefined when the caller does not know it (the SDK's tests): the header then says just "weft". */
	version?: string;
	cwd: string;
	home: string;
	/** Extensions loaded (or starting). */
	extensions: number;
	/** Keys bound to stopping a turn and to expanding tool output, as the user configured them. */
	keys: { abort?: string; expand?: string };
}

export function startupHeader(info: StartupHeaderInfo, styler: Styler): string[] {
	const cwd = resolve(info.cwd);
	const branch = gitBranch(cwd);
	const where = [
		styler.fg("accent", info.version ? `weft ${info.version}` : "weft"),
		styler.fg("muted", displayPath(cwd) + (branch ? ` (${branch})` : "")),
	];
	const loaded: string[] = [];
	const files = loadContextFiles({ cwd, home: info.home }).map((file) => shortPath(file.path, cwd));
	if (files.length > 0) loaded.push(`context ${files.join(", ")}`);
	if (info.extensions > 0) loaded.push(`${info.extensions} extension${info.extensions === 1 ? "" : "s"}`);
	if (loaded.length > 0) where.push(styler.fg("muted", loaded.join(" · ")));
	const hints = [
		info.keys.abort ? `${info.keys.abort} stops a turn` : "",
		info.keys.expand ? `${info.keys.expand} expands tool output` : "",
		"/help lists keys and commands",
	].filter(Boolean);
	return [where.join(styler.fg("dim", " · ")), styler.fg("dim", hints.join(" · ")), ""];
}

/** A context file inside the folder by its relative path; others as `~/…` or absolute. */
function shortPath(path: string, cwd: string): string {
	const inside = relative(cwd, path);
	return inside !== "" && !inside.startsWith("..") && !isAbsolute(inside) ? inside : displayPath(path);
}

/**
 * The checked-out branch of the repository holding `dir`, or the short
 * commit when HEAD is detached; undefined outside a repository or when
 * `.git` cannot be read.
 */
export function gitBranch(dir: string): string | undefined {
	const head = readGitHead(dir);
	if (!head) return undefined;
	return "branch" in head ? head.branch : head.detached.slice(0, 7);
}
