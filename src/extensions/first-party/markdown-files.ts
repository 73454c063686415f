/**
 * Reading the markdown files first-party extensions are made of (skills,
 * prompt templates): frontmatter parsed with errors as `file:line: what`,
 * and name clashes between folders resolved the same way everywhere (the
 * first folder read wins; the loser is named with where the winner is).
 */
import { readdirSync, readFileSync } from "node:fs";
import { errorMessage } from "../../base/error-message.js";
import { displayPath } from "../../base/paths.js";
import { isNotFound } from "../../base/read-text.js";
import {
	type Frontmatter,
	FrontmatterError,
	type FrontmatterValue,
	parseFrontmatter,
} from "./frontmatter.js";

/** A file's frontmatter and body, or the problem as one line starting with `file:line:`. */
export function readMarkdown(file: string): (Frontmatter & { text: string }) | { problem: string } {
	let text: string;
	try {
		text = readFileSync(file, "utf8");
	} catch (error) {
		return { problem: `${displayPath(file)}: cannot be read (${errorMessage(error)})` };
	}
	try {
		return { ...parseFrontmatter(text), text };
	} catch (error) {
		if (error instanceof FrontmatterError)
			return { problem: `${displayPath(file)}:${error.line}: invalid frontmatter: ${error.message}` };
		throw error;
	}
}

/**
 * `readMarkdown`, its problem added to `problems` (then undefined). With
 * `kind` ("a skill", "an agent"), a file without frontmatter is a problem
 * too: such a file starts with `name:` and `description:`.
 */
export function readReported(
	file: string,
	problems: string[],
	kind?: string,
): (Frontmatter & { text: string }) | undefined {
	const read = readMarkdown(file);
	if ("problem" in read) {
		problems.push(read.problem);
		return undefined;
	}
	if (kind !== undefined && Object.keys(read.data).length === 0) {
		problems.push(
			`${displayPath(file)}:1: no frontmatter; ${kind} starts with ---, name: and description: lines, then ---`,
		);
		return undefined;
	}
	return read;
}

/** The body a command sends (a skill's, a template's), read when it runs: an edit needs no reload; a problem throws. */
export function readCommandBody(file: string): string {
	const read = readMarkdown(file);
	if ("problem" in read) throw new Error(`${read.problem}; fix the file and run the command again`);
	return read.body;
}

/** The line of `key:` in the frontmatter (1 when it is not there), for problems with its value. */
export function lineOfKey(text: string, key: string): number {
	const index = text.split(/\r?\n/).findIndex((line) => line.startsWith(`${key}:`));
	return index < 0 ? 1 : index + 1;
}

/** A string-valued field; a list (`argument-hint: [file]` read as YAML) is written back as it looked. */
export function textField(value: FrontmatterValue | undefined): string | undefined {
	if (typeof value === "string") return value.trim() === "" ? undefined : value.trim();
	if (Array.isArray(value)) return `[${value.join(", ")}]`;
	return undefined;
}

/** A folder's entries sorted by name; none when it does not exist, a problem when it cannot be listed. */
export function listFolder(dir: string, problems: string[]): string[] {
	try {
		return readdirSync(dir).sort();
	} catch (error) {
		if (!isNotFound(error)) problems.push(`${displayPath(dir)}: cannot be listed (${errorMessage(error)})`);
		return [];
	}
}

/** Keeps the first item of each name (folders are read project first) and reports the rest. */
export function firstOfEachName<T extends { name: string; file: string }>(
	items: readonly T[],
	kind: string,
	problems: string[],
): T[] {
	const winners = new Map<string, T>();
	for (const item of items) {
		const winner = winners.get(item.name);
		if (!winner) winners.set(item.name, item);
		else
			problems.push(
				`${kind} "${item.name}" in ${displayPath(item.file)} is not used: ${displayPath(winner.file)} has the same name and comes first`,
			);
	}
	return [...winners.values()];
}
