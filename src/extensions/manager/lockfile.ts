/**
 * The extensions lockfile (`<home>/extensions-lock.json`,
 * `.weft/extensions-lock.json`): for each installed extension, the source
 * as settings name it, what that resolved to (the exact npm version and the
 * registry's integrity, or the git commit), and an integrity hash of every
 * installed file. It is what `weft ext sync` reinstalls from and what every
 * load verifies against; a project's lockfile can be committed with it.
 */
import { mkdirSync, statSync } from "node:fs";
import { dirname } from "node:path";
import { writeFileAtomic } from "../../base/atomic-write.js";
import { displayPath, extensionsLockPath } from "../../base/paths.js";
import { readTextIfExists } from "../../base/read-text.js";

export type Resolved =
	| { type: "npm"; name: string; version: string; integrity: string }
	| { type: "git"; url: string; ref?: string; subdir?: string; commit: string }
	| { type: "path"; path: string };

export interface LockEntry {
	/** The settings `"extensions"` entry this install answers, e.g. "npm:foo@^1". */
	source: string;
	/** The installed folder, relative to the lockfile's folder ("packages/foo"). */
	dir: string;
	resolved: Resolved;
	/** SRI sha512 over `files` (sorted paths with each file's hash). */
	integrity: string;
	/** Every installed file (relative to `dir`, "/"-separated) and its SRI sha512; files created later are not listed. */
	files: Record<string, string>;
	installedAt: string;
}

export interface Lockfile {
	lockfileVersion: 1;
	extensions: Record<string, LockEntry>;
}

const cache = new Map<string, { size: number; mtimeMs: number; lock: Lockfile }>();

/**
 * The lockfile under `root` (the home or a project's .weft folder); empty when
 * there is none. Kept in memory while its size and mtime stay the same, since
 * discovery reads it for every settings entry. Throws, naming the file and
 * the fix, when it is unusable.
 */
export function readLockfile(root: string): Lockfile {
	const file = extensionsLockPath(root);
	let stat: { size: number; mtimeMs: number };
	try {
		stat = statSync(file);
	} catch {
		return { lockfileVersion: 1, extensions: {} };
	}
	const known = cache.get(file);
	if (known && known.size === stat.size && known.mtimeMs === stat.mtimeMs) return known.lock;
	const text = readTextIfExists(file) ?? "";
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch (error) {
		throw new Error(
			`${displayPath(file)} is not valid JSON (${(error as Error).message}); restore it, or delete it and run weft ext sync`,
		);
	}
	const lock = value as Partial<Lockfile> | null;
	if (lock?.lockfileVersion !== 1 || typeof lock.extensions !== "object" || lock.extensions === null) {
		throw new Error(
			`${displayPath(file)} is not a version 1 extensions lockfile; restore it, or delete it and run weft ext sync`,
		);
	}
	cache.set(file, { ...stat, lock: lock as Lockfile });
	return lock as Lockfile;
}

/** The entry installed for a settings `"extensions"` entry, with its name. */
export function lockEntryFor(lock: Lockfile, source: string): [string, LockEntry] | undefined {
	return Object.entries(lock.extensions).find(([, entry]) => entry.source === source);
}

export function writeLockfile(root: string, lock: Lockfile): void {
	const file = extensionsLockPath(root);
	mkdirSync(dirname(file), { recursive: true });
	const sorted: Lockfile = {
		lockfileVersion: 1,
		extensions: Object.fromEntries(Object.entries(lock.extensions).sort(([a], [b]) => a.localeCompare(b))),
	};
	writeFileAtomic(file, `${JSON.stringify(sorted, null, 2)}\n`, 0o644);
	cache.delete(file);
}
