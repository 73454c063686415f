/**
 * Collects a command's output with bounded memory: everything while it is
 * small; past the limits, a fixed head, a rolling tail, and a spill file with
 * the output (capped at both ends, see spill-file.ts) for the model to read.
 */
import type { SpillCut, SpillFile } from "./spill-file.js";
import { formatSize, type TruncatedText, type TruncationLimits, takeHead, takeTail } from "./truncate.js";

export interface CaptureLimits {
	head: TruncationLimits;
	tail: TruncationLimits;
}

export interface CapturedOutput {
	text: string;
	truncated: boolean;
	/** The output on disk, when `text` had to be shortened. */
	fullOutputPath?: string;
	/** What the spill file itself left out, when the output outgrew even its cap. */
	fullOutputCut?: SpillCut;
}

/** Where the output goes once it outgrows the limits (a session's SpillFiles). */
export interface SpillTarget {
	create(): SpillFile;
}

export const DEFAULT_CAPTURE_LIMITS: CaptureLimits = {
	head: { maxLines: 1000, maxBytes: 25 * 1024 },
	tail: { maxLines: 1000, maxBytes: 25 * 1024 },
};

export class OutputCapture {
	private text = "";
	private tail = "";
	/** Set once the output outgrew the limits: the spill file and the head kept from before. */
	private spill?: { file: SpillFile; head: TruncatedText };
	private bytes = 0;
	private newlines = 0;
	private endsWithNewline = true;

	constructor(
		private readonly spills: SpillTarget,
		private readonly limits: CaptureLimits = DEFAULT_CAPTURE_LIMITS,
	) {}

	append(chunk: string): void {
		if (chunk === "") return;
		this.bytes += Buffer.byteLength(chunk);
		for (let i = chunk.indexOf("\n"); i !== -1; i = chunk.indexOf("\n", i + 1)) this.newlines++;
		this.endsWithNewline = chunk.endsWith("\n");
		if (this.spill) {
			this.spill.file.write(chunk);
			this.tail += chunk;
			// Characters are at least one byte each, so keeping 2× the byte limit in chars always covers the tail.
			const keep = 2 * this.limits.tail.maxBytes;
			if (this.tail.length > 2 * keep) this.tail = this.tail.slice(-keep);
			return;
		}
		this.text += chunk;
		const { head, tail } = this.limits;
		if (this.bytes > head.maxBytes + tail.maxBytes || this.lines() > head.maxLines + tail.maxLines) {
			this.startSpill();
		}
	}

	/** The latest output, within the tail limits: what a live view shows. */
	recent(): string {
		return takeTail(this.spill ? this.tail : this.text, this.limits.tail).text;
	}

	/** Ends the capture (closing the spill file) and returns what the model should see. */
	finish(): CapturedOutput {
		if (!this.spill) return { text: this.text, truncated: false };
		const cut = this.spill.file.close();
		const { head } = this.spill;
		const tail = takeTail(this.tail, this.limits.tail);
		const omittedLines = this.lines() - head.lines - tail.lines;
		const omittedBytes = this.bytes - Buffer.byteLength(head.text) - Buffer.byteLength(tail.text);
		const omitted = omittedLines > 0 ? `${omittedLines} lines` : formatSize(omittedBytes);
		const separator = head.text.endsWith("\n") ? "" : "\n";
		return {
			text: `${head.text}${separator}[… ${omitted} omitted …]\n${tail.text}`,
			truncated: true,
			fullOutputPath: this.spill.file.path,
			...(cut ? { fullOutputCut: cut } : {}),
		};
	}

	private lines(): number {
		if (this.bytes === 0) return 0;
		return this.endsWithNewline ? this.newlines : this.newlines + 1;
	}

	private startSpill(): void {
		const file = this.spills.create();
		file.write(this.text);
		this.spill = { file, head: takeHead(this.text, this.limits.head) };
		this.tail = this.text;
		this.text = "";
	}
}
