/**
 * Load-time verification of an installed extension against its lockfile
 * entry. Hashing every file on every start would cost more than loading
 * the extension, so a file whose size and mtime are what they were when it
 * last verified is taken as unchanged: on that path a check is one lstat per
 * installed file. Those figures live in `packages/.verified.json` beside the
 * installs (a cache: losing it only costs one full check). Only the files
 * the lockfile lists are checked; whatever the extension writes later (its
 * data) is not.
 */
import { lstatSync, mkdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../../base/atomic-write.js";
import { installedExtensionsDir } from "../../base/paths.js";
import { isNotFound } from "../../base/read-text.js";
import { fileIntegrity, treeIntegrity } from "./integrity.js";
import type { LockEntry } from "./lockfile.js";

export type Verdict =
	| { ok: true }
	| { ok: false; file: string; problem: "missing" | "changed" }
	/** The entry's file hashes do not add up to its integrity: the lockfile was edited. */
	| { ok: false; file: string; problem: "inconsistent" };

type StatFigures = [size: number, mtimeMs: number];
interface VerifiedCache {
	[name: string]: { integrity: string; stats: Record<string, StatFigures> };
}

export function verifiedCachePath(root: string): string {
	return join(installedExtensionsDir(root), ".verified.json");
}

/**
 * Whether the extension's installed files under `root` are the ones its
 * lockfile entry lists. `full` hashes every file whatever the cache says
 * (`weft ext verify`).
 */
export function verifyInstalled(
	root: string,
	name: string,
	entry: LockEntry,
	options: { full?: boolean } = {},
): Verdict {
	// What keeps the cache honest: its figures are keyed by this integrity. Once per parsed lockfile entry.
	if (!consistent.has(entry)) {
		if (treeIntegrity(entry.files) !== entry.integrity)
			return { ok: false, file: "extensions-lock.json", problem: "inconsistent" };
		consistent.add(entry);
	}
	const dir = join(root, entry.dir);
	const cache = options.full ? {} : readCache(root);
	const known = cache[name]?.integrity === entry.integrity ? cache[name].stats : {};
	const stats: Record<string, StatFigures> = {};
	let rehashed = false;
	for (const [file, hash] of Object.entries(entry.files)) {
		let figures: StatFigures;
		try {
			const stat = lstatSync(join(dir, file));
			figures = [stat.size, stat.mtimeMs];
		} catch (error) {
			if (isNotFound(error)) return { ok: false, file, problem: "missing" };
			throw error;
		}
		stats[file] = figures;
		const seen = known[file];
		if (seen && seen[0] === figures[0] && seen[1] === figures[1]) continue;
		if (fileIntegrity(join(dir, file)) !== hash) return { ok: false, file, problem: "changed" };
		rehashed = true;
	}
	if (!rehashed) return { ok: true };
	recordVerified(root, name, entry.integrity, stats);
	return { ok: true };
}

/** Remembers the figures of files just hashed and found right (after an install, or a full check). */
export function recordVerified(
	root: string,
	name: string,
	integrity: string,
	stats: Record<string, StatFigures>,
): void {
	const cache = { ...readCache(root) };
	cache[name] = { integrity, stats };
	writeCache(root, cache);
}

/** Drops an extension's cached figures (after a removal). */
export function forgetVerified(root: string, name: string): void {
	const cache = { ...readCache(root) };
	if (!(name in cache)) return;
	delete cache[name];
	writeCache(root, cache);
}

/** The size and mtime of each listed file as they are now. */
export function statFigures(dir: string, files: Record<string, string>): Record<string, StatFigures> {
	const stats: Record<string, StatFigures> = {};
	for (const file of Object.keys(files)) {
		const stat = lstatSync(join(dir, file));
		stats[file] = [stat.size, stat.mtimeMs];
	}
	return stats;
}

/** Lockfile entries whose file hashes were found to add up to their integrity (entries are parsed anew when the file changes). */
const consistent = new WeakSet<LockEntry>();
/** The parsed cache per root while its size and mtime stay the same (read-only: writers copy it first). */
const parsed = new Map<string, { size: number; mtimeMs: number; cache: VerifiedCache }>();

function readCache(root: string): VerifiedCache {
	const file = verifiedCachePath(root);
	try {
		const { size, mtimeMs } = statSync(file);
		const known = parsed.get(file);
		if (known && known.size === size && known.mtimeMs === mtimeMs) return known.cache;
		const value = JSON.parse(readFileSync(file, "utf8")) as unknown;
		const cache = value && typeof value === "object" ? (value as VerifiedCache) : {};
		parsed.set(file, { size, mtimeMs, cache });
		return cache;
	} catch {
		return {}; // missing or broken: a cache, rebuilt by the next full check
	}
}

function writeCache(root: string, cache: VerifiedCache): void {
	try {
		mkdirSync(installedExtensionsDir(root), { recursive: true });
		writeFileAtomic(verifiedCachePath(root), JSON.stringify(cache), 0o644, { durable: false });
	} catch {
		// Not writable (a read-only checkout): the next load checks the hashes again, nothing else is lost.
	}
}
