/**
 * Walking styled text: escape sequences (zero width) and graphemes (with
 * their terminal width), in order. Every width-aware helper is built on
 * `scan`, so they all agree with each other and with the renderer.
 */
import stringWidth from "string-width";

/** Columns a tab occupies; the renderer writes it as this many spaces. */
export const TAB_WIDTH = 4;

export const ESCAPE = 0;
export const GRAPHEME = 1;
export type TokenKind = typeof ESCAPE | typeof GRAPHEME;

/** Return false to stop scanning. */
export type TokenVisitor = (kind: TokenKind, text: string, width: number) => boolean | undefined | void;

const segmenter = new Intl.Segmenter();
const graphemeWidths = new Map<string, number>();
const GRAPHEME_CACHE_LIMIT = 4096;

/** Width of one grapheme: tab as TAB_WIDTH, other control characters 0, the rest as terminals draw them. */
export function graphemeWidth(grapheme: string): number {
	const code = grapheme.charCodeAt(0);
	if (grapheme.length === 1 && code < 0x7f) return code >= 0x20 ? 1 : code === 0x09 ? TAB_WIDTH : 0;
	let width = graphemeWidths.get(grapheme);
	if (width === undefined) {
		width = stringWidth(grapheme);
		if (graphemeWidths.size >= GRAPHEME_CACHE_LIMIT) graphemeWidths.clear();
		graphemeWidths.set(grapheme, width);
	}
	return width;
}

/** Index just past the escape sequence starting at `start` (an unterminated one runs to the end). */
export function escapeEnd(text: string, start: number): number {
	const kind = text[start + 1];
	if (kind === "[") {
		for (let i = start + 2; i < text.length; i++) {
			const c = text.charCodeAt(i);
			if (c >= 0x40 && c <= 0x7e) return i + 1;
		}
		return text.length;
	}
	if (kind === "]" || kind === "P" || kind === "_" || kind === "^" || kind === "X") {
		for (let i = start + 2; i < text.length; i++) {
			if (text[i] === "\x07") return i + 1;
			if (text[i] === "\x1b" && text[i + 1] === "\\") return i + 2;
		}
		return text.length;
	}
	return Math.min(text.length, start + 2);
}

/**
 * Visits `text` token by token. With `runs`, a stretch of printable ASCII is
 * one token (its width is its length) instead of one per character, for
 * visitors that only add up widths or copy text.
 */
export function scan(text: string, visit: TokenVisitor, runs = false): void {
	let i = 0;
	while (i < text.length) {
		if (text.charCodeAt(i) === 0x1b) {
			const end = escapeEnd(text, i);
			if (visit(ESCAPE, text.slice(i, end), 0) === false) return;
			i = end;
			continue;
		}
		let runEnd = text.indexOf("\x1b", i);
		if (runEnd < 0) runEnd = text.length;
		if (!scanText(text, i, runEnd, visit, runs)) return;
		i = runEnd;
	}
}

export const isPrintableAscii = (code: number) => code >= 0x20 && code <= 0x7e;

/** Whether `text` is printable ASCII only: one column per code unit, nothing to measure or sanitize. */
export function isPlainAscii(text: string): boolean {
	for (let i = 0; i < text.length; i++) if (!isPrintableAscii(text.charCodeAt(i))) return false;
	return true;
}

/**
 * Text without escapes, from `from` to `to`: printable ASCII as is, the
 * rest through the grapheme segmenter. An ASCII character right before
 * other text goes to the segmenter with it (it may be the base of a cluster,
 * as in "e" + a combining accent); one right after never joins what precedes.
 */
function scanText(text: string, from: number, to: number, visit: TokenVisitor, runs: boolean): boolean {
	let pos = from;
	while (pos < to) {
		let other = pos;
		while (other < to && isPrintableAscii(text.charCodeAt(other))) other++;
		const asciiEnd = other < to ? Math.max(pos, other - 1) : other;
		if (asciiEnd > pos) {
			if (runs) {
				if (visit(GRAPHEME, text.slice(pos, asciiEnd), asciiEnd - pos) === false) return false;
			} else {
				for (let j = pos; j < asciiEnd; j++) if (visit(GRAPHEME, text[j], 1) === false) return false;
			}
		}
		if (other >= to) return true;
		let next = other + 1;
		while (next < to && !isPrintableAscii(text.charCodeAt(next))) next++;
		for (const { segment } of segmenter.segment(text.slice(asciiEnd, next))) {
			if (visit(GRAPHEME, segment, graphemeWidth(segment)) === false) return false;
		}
		pos = next;
	}
	return true;
}

/** SGR parameters that switch an attribute off, by the slot they clear. */
const SGR_OFF: Record<number, string[]> = {
	22: ["bold", "dim"],
	23: ["italic"],
	24: ["underline"],
	25: ["blink"],
	27: ["inverse"],
	28: ["hidden"],
	29: ["strike"],
	39: ["fg"],
	49: ["bg"],
	55: ["overline"],
	59: ["underlineColor"],
};

const SGR_ON: Record<number, string> = {
	1: "bold",
	2: "dim",
	3: "italic",
	4: "underline",
	5: "blink",
	6: "blink",
	7: "inverse",
	8: "hidden",
	9: "strike",
	21: "underline",
	53: "overline",
};

/** The attribute slot an SGR parameter sets, or undefined for resets and unknown codes. */
function sgrSlot(code: number): string | undefined {
	if ((code >= 30 && code <= 38) || (code >= 90 && code <= 97)) return "fg";
	if ((code >= 40 && code <= 48) || (code >= 100 && code <= 107)) return "bg";
	if (code === 58) return "underlineColor";
	return SGR_ON[code];
}

/**
 * The SGR attributes and hyperlink in effect at a point in a line, so that a
 * line cut in the middle of a styled span can be closed and the next one
 * reopened. Kept per attribute, so reopening costs one short sequence however
 * many styles came before.
 */
export class StyleState {
	private readonly slots = new Map<string, string>();
	private link = "";

	/** Feeds one escape sequence; anything but SGR and OSC 8 is ignored. */
	apply(seq: string): void {
		if (seq.startsWith("\x1b[") && seq.endsWith("m")) this.applySgr(seq.slice(2, -1));
		else if (seq.startsWith("\x1b]8;")) {
			const uri = seq.slice(seq.indexOf(";", 4) + 1).replace(/(\x07|\x1b\\)$/, "");
			this.link = uri === "" ? "" : seq;
		}
	}

	private applySgr(params: string): void {
		const parts = params === "" ? ["0"] : params.split(";");
		for (let i = 0; i < parts.length; i++) {
			const part = parts[i];
			const code = Number.parseInt(part, 10);
			if (code === 0 || part === "") {
				this.slots.clear();
				continue;
			}
			const off = SGR_OFF[code];
			if (off) {
				for (const slot of off) this.slots.delete(slot);
				continue;
			}
			const slot = sgrSlot(code);
			if (!slot) continue;
			let value = part;
			// Extended colours in the ";" form take their arguments from the following parameters.
			if ((code === 38 || code === 48 || code === 58) && !part.includes(":")) {
				const count = parts[i + 1] === "5" ? 2 : parts[i + 1] === "2" ? 4 : 0;
				value = parts.slice(i, i + 1 + count).join(";");
				i += count;
			}
			this.slots.set(slot, value);
		}
	}

	get active(): boolean {
		return this.slots.size > 0 || this.link !== "";
	}

	/** Sequences that restore this state at the start of a new line. */
	open(): string {
		const sgr = this.slots.size > 0 ? `\x1b[${[...this.slots.values()].join(";")}m` : "";
		return sgr + this.link;
	}

	/** Sequences that end this state at the end of a line. */
	close(): string {
		return (this.slots.size > 0 ? "\x1b[m" : "") + (this.link ? "\x1b]8;;\x1b\\" : "");
	}
}
