/**
 * The one way weft replaces a file it owns (auth.json, trust.json): the new
 * contents are written beside the old file and renamed over it, so a crash
 * leaves either the old file or the new one, never a torn one.
 */
import { randomBytes } from "node:crypto";
import { closeSync, fchmodSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";

export interface AtomicWriteOptions {
	/**
	 * False to skip flushing to disk before the rename: for a cache, where a
	 * crash may leave the old file or an empty one and either is rebuilt, and
	 * the flush would be most of the write's cost.
	 */
	durable?: boolean;
}

/** Replaces `file` with `data` at exactly `mode`. The folder must exist. */
export function writeFileAtomic(
	file: string,
	data: string,
	mode: number,
	options: AtomicWriteOptions = {},
): void {
	const temp = join(dirname(file), `.${randomBytes(6).toString("hex")}.${basename(file)}.tmp`);
	// "wx": never follow or reuse an existing path; the mode applies from creation on.
	const fd = openSync(temp, "wx", mode);
	try {
		try {
			writeSync(fd, data);
			fchmodSync(fd, mode); // the umask may have narrowed it; make it exact
			if (options.durable !== false) fsyncSync(fd);
		} finally {
			closeSync(fd);
		}
		renameSync(temp, file);
	} catch (error) {
		rmSync(temp, { force: true });
		throw error;
	}
}
