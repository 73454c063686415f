/**
 * The streaming input parser: raw chunks from stdin in, events out. Reads
 * arrive cut anywhere — inside a UTF-8 character, inside an escape sequence,
 * inside a paste — so the parser keeps whatever is incomplete and waits for
 * the rest. A lone ESC is ambiguous (the Escape key, or the start of a
 * sequence whose rest is still in flight); it becomes the Escape key only
 * when nothing follows within `escapeTimeoutMs`.
 */
import { type Clock, systemClock } from "../clock.js";
import type { InputEvent } from "./input-events.js";
import { decodeChar, decodeEscape } from "./key-decode.js";

const ESC = "\x1b";
const PASTE_START = "\x1b[200~";
const PASTE_END = "\x1b[201~";

export interface KeyParserOptions {
	/** How long a lone ESC (or an unfinished sequence) waits for the rest. Default 30 ms. */
	escapeTimeoutMs?: number;
	clock?: Clock;
}

const segmenter = new Intl.Segmenter();

/**
 * Length of the escape sequence at the start of `s` (which starts with ESC),
 * or 0 when the sequence is not complete yet.
 */
export function sequenceLength(s: string): number {
	if (s.length < 2) return 0;
	const second = s[1];
	if (second === "[") {
		if (s[2] === "[") return s.length >= 4 ? 4 : 0;
		for (let i = 2; i < s.length; i++) {
			const c = s.charCodeAt(i);
			if (c >= 0x40 && c <= 0x7e) return i + 1;
			// Parameter (0x30–0x3f) and intermediate (0x20–0x2f) bytes continue the sequence; anything else ends a malformed one.
			if (c < 0x20 || c > 0x3f) return i;
		}
		return 0;
	}
	if (second === "O") return s.length >= 3 ? 3 : 0;
	if (second === "]" || second === "P" || second === "_" || second === "^" || second === "X") {
		for (let i = 2; i < s.length; i++) {
			if (s[i] === "\x07" && second === "]") return i + 1;
			if (s[i] === ESC) {
				if (i + 1 >= s.length) return 0;
				return s[i + 1] === "\\" ? i + 2 : i;
			}
		}
		return 0;
	}
	if (second === ESC) {
		const inner = sequenceLength(s.slice(1));
		return inner === 0 ? 0 : inner + 1;
	}
	const code = s.codePointAt(1)!;
	return code > 0xffff ? 3 : 2;
}

export class KeyParser {
	private readonly decoder = new TextDecoder("utf-8");
	private readonly clock: Clock;
	private readonly escapeTimeoutMs: number;
	private buffer = "";
	private paste: string | undefined;
	private cancelTimer: (() => void) | undefined;
	/** Units consumed so far; the escape timer belongs to the unit that was pending when it started. */
	private consumed = 0;
	private timerFor = -1;

	constructor(
		private readonly emit: (event: InputEvent) => void,
		options: KeyParserOptions = {},
	) {
		this.clock = options.clock ?? systemClock;
		this.escapeTimeoutMs = options.escapeTimeoutMs ?? 30;
	}

	/** Feeds one read. Bytes are decoded as UTF-8, keeping a character split across reads until it is whole. */
	feed(chunk: string | Uint8Array): void {
		this.buffer += typeof chunk === "string" ? chunk : this.decoder.decode(chunk, { stream: true });
		this.drain();
		this.armTimer();
	}

	/** True while input is held back: an unfinished sequence or an open paste. */
	get pending(): boolean {
		return this.buffer.length > 0 || this.paste !== undefined;
	}

	/** Stops the escape timer; pending input is dropped. */
	dispose(): void {
		this.cancelTimer?.();
		this.cancelTimer = undefined;
		this.buffer = "";
		this.paste = undefined;
	}

	private drain(): void {
		while (this.buffer.length > 0) {
			if (this.paste !== undefined) {
				if (!this.drainPaste()) return;
				continue;
			}
			if (this.buffer[0] !== ESC) {
				this.drainText();
				continue;
			}
			const length = sequenceLength(this.buffer);
			if (length === 0) return;
			const seq = this.buffer.slice(0, length);
			this.take(length);
			if (seq === PASTE_START) this.paste = "";
			else this.emit(decodeEscape(seq));
		}
	}

	/** Moves paste text out of the buffer; true when the paste ended. Keeps a tail that may be the start of the end marker. */
	private drainPaste(): boolean {
		const end = this.buffer.indexOf(PASTE_END);
		if (end < 0) {
			let keep = Math.min(PASTE_END.length - 1, this.buffer.length);
			while (keep > 0 && !PASTE_END.startsWith(this.buffer.slice(-keep))) keep--;
			this.paste += this.buffer.slice(0, this.buffer.length - keep);
			this.buffer = this.buffer.slice(this.buffer.length - keep);
			return false;
		}
		const text = (this.paste + this.buffer.slice(0, end)).replace(/\r\n?/g, "\n");
		this.paste = undefined;
		this.take(end + PASTE_END.length);
		this.emit({ type: "paste", text });
		return true;
	}

	/** Emits the characters up to the next ESC: one key per grapheme (per character for ASCII). */
	private drainText(): void {
		const next = this.buffer.indexOf(ESC);
		const run = next < 0 ? this.buffer : this.buffer.slice(0, next);
		this.take(run.length);
		if (isAscii(run)) {
			for (const char of run) this.emit(decodeChar(char, char));
			return;
		}
		for (const { segment } of segmenter.segment(run)) {
			// Control characters never join a grapheme with what follows ("\r\n" is two keys).
			if (segment.length > 1 && segment.charCodeAt(0) < 0x20) {
				for (const char of segment) this.emit(decodeChar(char, char));
			} else {
				this.emit(decodeChar(segment, segment));
			}
		}
	}

	private take(length: number): void {
		this.buffer = this.buffer.slice(length);
		this.consumed++;
	}

	private armTimer(): void {
		const waiting = this.buffer.length > 0 && this.paste === undefined;
		if (!waiting) {
			this.cancelTimer?.();
			this.cancelTimer = undefined;
			return;
		}
		if (this.cancelTimer && this.timerFor === this.consumed) return;
		this.cancelTimer?.();
		this.timerFor = this.consumed;
		this.cancelTimer = this.clock.setTimer(() => {
			this.cancelTimer = undefined;
			this.flushPending();
		}, this.escapeTimeoutMs);
	}

	/**
	 * Nothing completed the pending sequence in time: a lone ESC is the Escape
	 * key; ESC + character is alt+character (also when it looked like the start
	 * of a longer sequence), and what follows is parsed again as input.
	 */
	private flushPending(): void {
		const pending = this.buffer;
		if (pending.length === 0) return;
		const second = pending.codePointAt(1);
		const secondLength = second === undefined ? 0 : second > 0xffff ? 2 : 1;
		this.take(1 + secondLength);
		if (second === undefined) this.emit(decodeEscape(ESC));
		else this.emit(decodeChar(pending.slice(1, 1 + secondLength), pending.slice(0, 1 + secondLength), true));
		this.drain();
		this.armTimer();
	}
}

function isAscii(s: string): boolean {
	for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
	return true;
}
