/**
 * Framing: one JSON object per line. Lines are split on LF only — U+2028 and
 * U+2029 are legal inside JSON strings, and a CR is left to JSON.parse (it is
 * whitespace there). A line longer than the cap is an error for the
 * extension that sent it: it is reported once, discarded up to its newline,
 * and reading continues with the next line.
 */
import { excerpt, type Frame, isRecord } from "./protocol.js";

const MAX_LINE_BYTES = 4 * 1024 * 1024;

const LF = 0x0a;

export interface SplitterEvents {
	line(line: Buffer): void;
	/** A line passed the cap; `bytes` is how much had arrived when it did. */
	oversize(bytes: number): void;
}

export class LineSplitter {
	private chunks: Buffer[] = [];
	private size = 0;
	private discarding = false;

	constructor(
		private readonly events: SplitterEvents,
		private readonly maxBytes = MAX_LINE_BYTES,
	) {}

	push(chunk: Buffer): void {
		let start = 0;
		for (;;) {
			const newline = chunk.indexOf(LF, start);
			if (newline === -1) break;
			this.finish(chunk.subarray(start, newline));
			start = newline + 1;
		}
		if (start < chunk.length) this.keep(chunk.subarray(start));
	}

	/** The stream ended: a last line without its newline still counts. */
	end(): void {
		if (this.size > 0 && !this.discarding) this.finish(Buffer.alloc(0));
		this.reset();
	}

	private finish(piece: Buffer): void {
		if (this.discarding) {
			this.reset();
			return;
		}
		if (this.size + piece.length > this.maxBytes) {
			this.events.oversize(this.size + piece.length);
			this.reset();
			return;
		}
		const line = this.size === 0 ? piece : Buffer.concat([...this.chunks, piece]);
		this.reset();
		this.events.line(line);
	}

	private keep(piece: Buffer): void {
		if (this.discarding) return;
		if (this.size + piece.length > this.maxBytes) {
			this.events.oversize(this.size + piece.length);
			this.chunks = [];
			this.discarding = true;
			return;
		}
		this.chunks.push(piece);
		this.size += piece.length;
	}

	private reset(): void {
		this.chunks = [];
		this.size = 0;
		this.discarding = false;
	}
}

export type ParsedLine =
	| { kind: "frame"; frame: Frame }
	| { kind: "blank" }
	| { kind: "error"; message: string };

/** Decodes and parses one line; never throws. */
export function parseLine(line: Buffer): ParsedLine {
	const text = line.toString("utf8");
	if (text.trim() === "") return { kind: "blank" };
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch (error) {
		return {
			kind: "error",
			message: `not valid JSON (${excerpt((error as Error).message, 80)}): ${excerpt(text)}`,
		};
	}
	if (!isRecord(value)) return { kind: "error", message: `not a JSON object: ${excerpt(text)}` };
	if (typeof value.type !== "string" || value.type === "") {
		return { kind: "error", message: `a frame without a "type": ${excerpt(text)}` };
	}
	return { kind: "frame", frame: value as Frame };
}
