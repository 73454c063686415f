/**
 * Trusted folders: `<home>/trust.json` (`{ "trusted": ["/abs/dir", …] }`,
 * mode 0600, written atomically). Project extensions run code from a
 * repository the user may have just cloned, so they load only in a folder
 * that is listed, or below one that is.
 */
import { mkdirSync, realpathSync } from "node:fs";
import { dirname, resolve, sep } from "node:path";
import { writeFileAtomic } from "../base/atomic-write.js";
import { displayPath, trustFile } from "../base/paths.js";
import { readTextIfExists } from "../base/read-text.js";

/** The trusted folders, as stored. Throws with the file and the fix when the file is unusable. */
export function readTrusted(home: string): string[] {
	const file = trustFile(home);
	let text: string | undefined;
	try {
		text = readTextIfExists(file);
	} catch (error) {
		throw new Error(`${displayPath(file)} cannot be read (${(error as NodeJS.ErrnoException).code})`);
	}
	if (text === undefined) return [];
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch (error) {
		throw new Error(`${displayPath(file)} is not valid JSON (${(error as Error).message}); fix or delete it`);
	}
	const list = (value as { trusted?: unknown } | null)?.trusted;
	if (!Array.isArray(list) || !list.every((d) => typeof d === "string")) {
		throw new Error(`${displayPath(file)} must look like { "trusted": ["/abs/dir"] }; fix or delete it`);
	}
	return list;
}

/** The listed folder that covers `dir` (itself or an ancestor), if any. */
export function trustedBy(home: string, dir: string): string | undefined {
	const target = canonical(dir);
	return readTrusted(home).find((listed) => {
		const root = canonical(listed);
		return target === root || target.startsWith(root.endsWith(sep) ? root : root + sep);
	});
}

export function isTrusted(home: string, dir: string): boolean {
	return trustedBy(home, dir) !== undefined;
}

export interface TrustChange {
	changed: boolean;
	/** The folder, absolute and with symlinks resolved. */
	dir: string;
	/** The listed folder that (still) covers `dir`, if any. */
	by?: string;
}

export function addTrusted(home: string, dir: string): TrustChange {
	const target = canonical(dir);
	const by = trustedBy(home, target);
	if (by) return { changed: false, dir: target, by };
	writeTrusted(home, [...readTrusted(home), target]);
	return { changed: true, dir: target };
}

/** Removes `dir` from the list; `by` names an ancestor that still covers it. */
export function removeTrusted(home: string, dir: string): TrustChange {
	const target = canonical(dir);
	const list = readTrusted(home);
	const kept = list.filter((listed) => canonical(listed) !== target);
	if (kept.length !== list.length) writeTrusted(home, kept);
	const by = trustedBy(home, target);
	return kept.length !== list.length
		? { changed: true, dir: target, by }
		: { changed: false, dir: target, by };
}

function writeTrusted(home: string, list: string[]): void {
	const file = trustFile(home);
	mkdirSync(dirname(file), { recursive: true });
	writeFileAtomic(file, `${JSON.stringify({ trusted: list }, null, 2)}\n`, 0o600);
}

/** Absolute, with symlinks resolved when the folder exists, so a link and its target count as one. */
function canonical(dir: string): string {
	const absolute = resolve(dir);
	try {
		return realpathSync(absolute);
	} catch {
		return absolute;
	}
}
