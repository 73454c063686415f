/**
 * The lifetime of bash's spill files. They live in the temp folder
 * (`os.tmpdir()`, so `TMPDIR` moves them) as `weft-bash-<pid>-<uuid>.log`,
 * and go away:
 * - when the session that made them shuts down (`removeAll`);
 * - when the process exits, for any a session did not get to remove;
 * - at the next start, when a run was killed (`kill -9`, a crash): a file is
 *   stale when its name is weft's, it is a regular file of this user, and
 *   the process named in it is gone or the file is older than a week (a
 *   week covers a pid reused by a long-lived process). Nothing else in the
 *   temp folder is touched. Files named by earlier weft versions
 *   (`weft-bash-<uuid>.log`, no pid) are removed once older than a week.
 * A process in another pid namespace that shares the temp folder (a
 * container with a bind-mounted /tmp) looks gone; that is the one case where
 * a live spill file can be removed early.
 */
import { randomUUID } from "node:crypto";
import { unlinkSync } from "node:fs";
import { lstat, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_SPILL_LIMITS, SpillFile, type SpillLimits } from "./spill-file.js";

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const SPILL_NAME = new RegExp(`^weft-bash-(\\d+)-${UUID}\\.log$`);
const OLD_SPILL_NAME = new RegExp(`^weft-bash-${UUID}\\.log$`);

export const STALE_AFTER_MS = 7 * 24 * 60 * 60 * 1000;

/** Every spill file this process made and has not removed, for the exit hook. */
const live = new Set<string>();
let exitHookInstalled = false;
/** One sweep per temp folder per process. */
const sweeps = new Map<string, Promise<string[]>>();

export interface SpillFilesOptions {
	/** Default: the temp folder. */
	dir?: string;
	limits?: SpillLimits;
}

/** One session's spill files. Creating it starts the once-per-process sweep of stale ones. */
export class SpillFiles {
	readonly dir: string;
	readonly limits: SpillLimits;
	/** The start-up sweep of this folder (one per process, shared): the stale files it removed. */
	readonly staleRemoved: Promise<string[]>;
	private readonly mine = new Set<string>();

	constructor(options: SpillFilesOptions = {}) {
		this.dir = options.dir ?? tmpdir();
		this.limits = options.limits ?? DEFAULT_SPILL_LIMITS;
		let sweep = sweeps.get(this.dir);
		if (!sweep) {
			// Never fails start-up: a temp folder that cannot be listed just keeps its files.
			sweep = removeStaleSpillFiles(this.dir).catch(() => []);
			sweeps.set(this.dir, sweep);
		}
		this.staleRemoved = sweep;
	}

	create(): SpillFile {
		installExitHook();
		const path = join(this.dir, `weft-bash-${process.pid}-${randomUUID()}.log`);
		const file = new SpillFile(path, this.limits);
		this.mine.add(path);
		live.add(path);
		return file;
	}

	/** Deletes this session's spill files (after the start-up sweep, so none of its work is left running). */
	async removeAll(): Promise<void> {
		await this.staleRemoved;
		for (const path of this.mine) {
			await rm(path, { force: true });
			live.delete(path);
		}
		this.mine.clear();
	}
}

export interface StaleSweepOptions {
	now?: number;
	isAlive?: (pid: number) => boolean;
}

/** Removes stale spill files from `dir` (see the top of this file); returns their paths. */
export async function removeStaleSpillFiles(dir: string, options: StaleSweepOptions = {}): Promise<string[]> {
	const now = options.now ?? Date.now();
	const isAlive = options.isAlive ?? processIsAlive;
	const uid = process.getuid?.();
	const removed: string[] = [];
	for (const name of await readdir(dir)) {
		const match = SPILL_NAME.exec(name);
		if (!match && !OLD_SPILL_NAME.test(name)) continue;
		const path = join(dir, name);
		if (live.has(path)) continue;
		const info = await lstat(path).catch(() => undefined);
		if (!info?.isFile() || (uid !== undefined && info.uid !== uid)) continue;
		const pid = match ? Number(match[1]) : undefined;
		// Our own pid on a file we did not make: a previous process had it (pids restart in containers).
		const ownerGone = pid !== undefined && (pid === process.pid || !isAlive(pid));
		if (!ownerGone && now - info.mtimeMs <= STALE_AFTER_MS) continue;
		await rm(path, { force: true });
		removed.push(path);
	}
	return removed;
}

function processIsAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		// EPERM: it exists but belongs to someone else.
		return (error as NodeJS.ErrnoException).code === "EPERM";
	}
}

function installExitHook(): void {
	if (exitHookInstalled) return;
	exitHookInstalled = true;
	process.once("exit", () => {
		for (const path of live) {
			try {
				unlinkSync(path);
			} catch {
				// Already gone.
			}
		}
	});
}
