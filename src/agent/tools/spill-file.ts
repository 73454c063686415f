/**
 * A command's full output on disk, capped: the first `headBytes` and the
 * last `tailBytes` are kept, whatever the command prints. The tail is a ring
 * in the file itself, so memory stays flat while a command prints for hours;
 * on close the ring is put in order behind a line saying what was cut.
 *
 * The default cap is 8 MiB of each end (16 MiB a file): far more than anyone
 * reads, enough to grep a long build or test log whole, and small enough
 * that a runaway command (`yes`, a log follower) cannot fill the temp folder.
 */
import { closeSync, ftruncateSync, openSync, readSync, writeSync } from "node:fs";
import { formatSize } from "./truncate.js";

export interface SpillLimits {
	headBytes: number;
	tailBytes: number;
}

export const DEFAULT_SPILL_LIMITS: SpillLimits = { headBytes: 8 * 1024 * 1024, tailBytes: 8 * 1024 * 1024 };

/** How far from a cut weft looks for a line break, so the kept parts start and end with whole lines. */
const LINE_SEARCH_BYTES = 64 * 1024;

/** What a spill file left out: `bytes` and `lines` from the middle, between the kept ends. */
export interface SpillCut {
	bytes: number;
	lines: number;
	headBytes: number;
	tailBytes: number;
}

export class SpillFile {
	private readonly fd: number;
	/** Bytes received so far (the file holds at most head + tail of them). */
	private received = 0;
	private newlines = 0;
	private headNewlines = 0;

	constructor(
		readonly path: string,
		private readonly limits: SpillLimits = DEFAULT_SPILL_LIMITS,
	) {
		// A fresh file only, never one planted at the same name; readable too, to join the ends on close.
		this.fd = openSync(path, "wx+", 0o600);
	}

	write(text: string): void {
		let bytes = Buffer.from(text, "utf8");
		const lines = countNewlines(bytes);
		this.newlines += lines;
		const { headBytes, tailBytes } = this.limits;
		if (this.received < headBytes) {
			const take = Math.min(bytes.length, headBytes - this.received);
			const part = bytes.subarray(0, take);
			this.headNewlines += take === bytes.length ? lines : countNewlines(part);
			writeAll(this.fd, part, this.received);
			this.received += take;
			bytes = bytes.subarray(take);
		}
		if (bytes.length > tailBytes) {
			// Only the last tailBytes of this chunk can survive; skip the rest without writing it.
			this.received += bytes.length - tailBytes;
			bytes = bytes.subarray(bytes.length - tailBytes);
		}
		while (bytes.length > 0) {
			const ringAt = (this.received - headBytes) % tailBytes;
			const take = Math.min(bytes.length, tailBytes - ringAt);
			writeAll(this.fd, bytes.subarray(0, take), headBytes + ringAt);
			this.received += take;
			bytes = bytes.subarray(take);
		}
	}

	/** Closes the file; when output was cut, puts the tail in order behind a marker and says what was cut. */
	close(): SpillCut | undefined {
		try {
			return this.received > this.limits.headBytes + this.limits.tailBytes ? this.joinEnds() : undefined;
		} finally {
			closeSync(this.fd);
		}
	}

	private joinEnds(): SpillCut {
		const { headBytes, tailBytes } = this.limits;
		const ringAt = (this.received - headBytes) % tailBytes;
		const tail = Buffer.alloc(tailBytes);
		readAll(this.fd, tail.subarray(0, tailBytes - ringAt), headBytes + ringAt);
		readAll(this.fd, tail.subarray(tailBytes - ringAt), headBytes);
		const tailStart = startOfWholeLine(tail);
		const kept = tail.subarray(tailStart);

		const window = Buffer.alloc(Math.min(LINE_SEARCH_BYTES, headBytes));
		readAll(this.fd, window, headBytes - window.length);
		const windowEnd = endOfWholeLine(window);
		const headEnd = headBytes - window.length + windowEnd;

		// The head is cut just after its last line break (or where it has none), so all headNewlines are kept.
		const cut: SpillCut = {
			bytes: this.received - headEnd - kept.length,
			lines: this.newlines - this.headNewlines - countNewlines(kept),
			headBytes,
			tailBytes,
		};
		const endsLine = headEnd === 0 || window[windowEnd - 1] === 0x0a;
		const marker = Buffer.from(
			`${endsLine ? "" : "\n"}[… weft cut ${cut.lines} lines (${formatSize(cut.bytes)}) here: this file keeps the first ${formatSize(headBytes)} and the last ${formatSize(tailBytes)} of the output …]\n`,
		);
		ftruncateSync(this.fd, headEnd);
		writeAll(this.fd, marker, headEnd);
		writeAll(this.fd, kept, headEnd + marker.length);
		return cut;
	}
}

/** Where the first whole line starts (just after a line break near the start), else the first whole character. */
function startOfWholeLine(buffer: Buffer): number {
	const newline = buffer.subarray(0, LINE_SEARCH_BYTES).indexOf(0x0a);
	if (newline !== -1) return newline + 1;
	let i = 0;
	while (i < buffer.length && isContinuationByte(buffer[i])) i++;
	return i;
}

/** Where the last whole line ends (just after the last line break), else after the last whole character. */
function endOfWholeLine(buffer: Buffer): number {
	const newline = buffer.lastIndexOf(0x0a);
	if (newline !== -1) return newline + 1;
	// Back up to the lead byte of the last character; drop it if its bytes run past the end.
	let lead = buffer.length - 1;
	while (lead > 0 && isContinuationByte(buffer[lead])) lead--;
	return lead + utf8Length(buffer[lead]) > buffer.length ? lead : buffer.length;
}

function isContinuationByte(byte: number): boolean {
	return (byte & 0xc0) === 0x80;
}

function utf8Length(lead: number): number {
	if (lead >= 0xf0) return 4;
	if (lead >= 0xe0) return 3;
	if (lead >= 0xc0) return 2;
	return 1;
}

function countNewlines(buffer: Buffer): number {
	let count = 0;
	for (let i = buffer.indexOf(0x0a); i !== -1; i = buffer.indexOf(0x0a, i + 1)) count++;
	return count;
}

function writeAll(fd: number, buffer: Buffer, position: number): void {
	for (let done = 0; done < buffer.length; )
		done += writeSync(fd, buffer, done, buffer.length - done, position + done);
}

function readAll(fd: number, buffer: Buffer, position: number): void {
	for (let done = 0; done < buffer.length; ) {
		const read = readSync(fd, buffer, done, buffer.length - done, position + done);
		if (read === 0)
			throw new Error(`spill file ended early while reading it back at byte ${position + done}`);
		done += read;
	}
}
