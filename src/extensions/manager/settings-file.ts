/**
 * The manager's edits to a settings file: its `"extensions"` list (what
 * loads) and `"disabledExtensions"` (what does not). Settings are JSONC, and
 * weft has no writer that keeps comments, so a file with comments or
 * trailing commas is left alone and the error says what to add by hand.
 */
import { mkdirSync, statSync } from "node:fs";
import { dirname } from "node:path";
import { writeFileAtomic } from "../../base/atomic-write.js";
import { errorMessage } from "../../base/error-message.js";
import { parseJsonc } from "../../base/jsonc.js";
import { displayPath } from "../../base/paths.js";
import { readTextIfExists } from "../../base/read-text.js";

export type ListKey = "extensions" | "disabledExtensions";

/** The settings object, or an error saying why weft will not rewrite the file. */
function readEditable(file: string): Record<string, unknown> {
	const text = readTextIfExists(file);
	if (text === undefined || text.trim() === "") return {};
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		try {
			parseJsonc(text, file);
		} catch (error) {
			throw new Error(`${errorMessage(error)}; fix ${displayPath(file)} first`);
		}
		throw new Error(
			`${displayPath(file)} has comments or trailing commas, which weft would lose by rewriting it`,
		);
	}
	if (!value || typeof value !== "object" || Array.isArray(value)) {
		throw new Error(`${displayPath(file)} must hold a JSON object; fix it first`);
	}
	return value as Record<string, unknown>;
}

/** Throws, with what to do, when `file` cannot be edited (checked before an install fetches anything). */
export function assertEditable(file: string): void {
	readEditable(file);
}

export function readList(file: string, key: ListKey): string[] {
	const list = readEditable(file)[key];
	return Array.isArray(list) ? list.filter((e): e is string => typeof e === "string") : [];
}

/** Applies `edit` to the list; writes the file only when the list changed. Returns whether it did. */
export function editList(file: string, key: ListKey, edit: (list: string[]) => string[]): boolean {
	let settings: Record<string, unknown>;
	try {
		settings = readEditable(file);
	} catch (error) {
		throw new Error(`${errorMessage(error)}; edit "${key}" yourself`);
	}
	const before = Array.isArray(settings[key]) ? (settings[key] as unknown[]) : [];
	const after = edit(before.filter((e): e is string => typeof e === "string"));
	if (after.length === before.length && after.every((e, i) => e === before[i])) return false;
	if (after.length === 0) delete settings[key];
	else settings[key] = after;
	let mode = 0o644;
	try {
		mode = statSync(file).mode & 0o777;
	} catch {
		mkdirSync(dirname(file), { recursive: true });
	}
	writeFileAtomic(file, `${JSON.stringify(settings, null, 2)}\n`, mode);
	return true;
}
