/**
 * The files the agent changed this session, as the review panes list them:
 * built from `tool_result` events of the stock `edit` and `write` tools
 * (their `details` name the file; edit's also carries a unified diff). Pure
 * data, so the panes and the tests share it.
 */
import { isAbsolute, relative } from "node:path";

export interface ChangedFile {
	/** As shown: relative to the working folder when inside it. */
	path: string;
	/** How many edits and writes touched it. */
	changes: number;
	added: number;
	removed: number;
	/** Diff lines, newest change last ("@@" headers, "+", "-", " "). */
	lines: string[];
}

/** What a `tool_result` handler receives (the fields this uses). */
export interface ToolResultLike {
	name: string;
	args: Record<string, unknown>;
	isError: boolean;
	details?: unknown;
}

/** The diff lines one successful edit or write adds, and the file's shown path; undefined for other results. */
export function changeOf(result: ToolResultLike, cwd: string): { path: string; lines: string[] } | undefined {
	if (result.isError || (result.name !== "edit" && result.name !== "write")) return undefined;
	const details = (result.details ?? {}) as { path?: unknown; diff?: unknown; created?: unknown };
	const target = typeof details.path === "string" ? details.path : result.args.path;
	if (typeof target !== "string") return undefined;
	const path = shownPath(target, cwd);
	if (result.name === "edit") {
		// The patch's file headers (--- / +++) name the file the list already shows.
		const diff = typeof details.diff === "string" ? details.diff.split("\n") : [];
		const start = diff.findIndex((line) => line.startsWith("@@"));
		return { path, lines: start < 0 ? ["@@ edited @@"] : trimEnd(diff.slice(start)) };
	}
	const content = typeof result.args.content === "string" ? result.args.content : "";
	const body = content === "" ? [] : trimEnd(content.split("\n"));
	const verb = details.created === false ? "overwritten" : "created";
	return {
		path,
		lines: [
			`@@ ${verb}: ${body.length} ${body.length === 1 ? "line" : "lines"} @@`,
			...body.map((l) => `+${l}`),
		],
	};
}

/** Adds one change to the list: a file seen before gets the new lines after its earlier ones. */
export function recordChange(files: ChangedFile[], change: { path: string; lines: string[] }): void {
	let file = files.find((f) => f.path === change.path);
	if (!file) {
		file = { path: change.path, changes: 0, added: 0, removed: 0, lines: [] };
		files.push(file);
	}
	file.changes++;
	for (const line of change.lines) {
		if (line.startsWith("+")) file.added++;
		else if (line.startsWith("-")) file.removed++;
	}
	file.lines.push(...change.lines);
}

function shownPath(path: string, cwd: string): string {
	if (!isAbsolute(path)) return path;
	const inside = relative(cwd, path);
	return inside !== "" && !inside.startsWith("..") && !isAbsolute(inside) ? inside : path;
}

function trimEnd(lines: string[]): string[] {
	let end = lines.length;
	while (end > 0 && lines[end - 1] === "") end--;
	return lines.slice(0, end);
}
