/**
 * Width-aware text helpers of the `@mariozechner/pi-tui` shim: terminal
 * cells, not characters, and ANSI styling kept intact (never counted, never
 * cut in half). What pi's components and extensions use to fit lines.
 */
import { cellWidth } from "./cell-width.js";

const ANSI = /\x1b\[[0-9;:?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b_[^\x1b]*\x1b\\/y;
const segmenter = new Intl.Segmenter();

export function getSegmenter(): Intl.Segmenter {
	return segmenter;
}

export function visibleWidth(text: string): number {
	let width = 0;
	for (const piece of pieces(text)) width += piece.width;
	return width;
}

/** Splits into ANSI sequences (width 0) and graphemes with their widths. */
function* pieces(text: string): Generator<{ text: string; width: number; ansi: boolean }> {
	let i = 0;
	while (i < text.length) {
		ANSI.lastIndex = i;
		const sequence = ANSI.exec(text);
		if (sequence) {
			yield { text: sequence[0], width: 0, ansi: true };
			i += sequence[0].length;
			continue;
		}
		let next = text.indexOf("\x1b", i + 1);
		if (next === -1) next = text.length;
		for (const { segment } of segmenter.segment(text.slice(i, next))) {
			yield { text: segment, width: cellWidth(segment), ansi: false };
		}
		i = next;
	}
}

/** At most `maxWidth` cells; a cut line ends in `ellipsis` and a style reset. `pad` fills to the width. */
export function truncateToWidth(text: string, maxWidth: number, ellipsis = "...", pad = false): string {
	const width = visibleWidth(text);
	if (width <= maxWidth) return pad ? text + " ".repeat(Math.max(0, maxWidth - width)) : text;
	const tail = visibleWidth(ellipsis) <= maxWidth ? ellipsis : "";
	const budget = maxWidth - visibleWidth(tail);
	let out = "";
	let used = 0;
	for (const piece of pieces(text)) {
		if (piece.ansi) {
			out += piece.text;
			continue;
		}
		if (used + piece.width > budget) break;
		out += piece.text;
		used += piece.width;
	}
	out += `\x1b[0m${tail}`;
	return pad ? out + " ".repeat(Math.max(0, maxWidth - used - visibleWidth(tail))) : out;
}

/** Columns [start, start + length) of a line, styles before the cut kept. */
export function sliceByColumn(line: string, start: number, length: number): string {
	let out = "";
	let col = 0;
	for (const piece of pieces(line)) {
		if (piece.ansi) {
			out += piece.text;
			continue;
		}
		if (col >= start && col + piece.width <= start + length) out += piece.text;
		col += piece.width;
		if (col >= start + length) break;
	}
	return out;
}

/** Word-wrapped to `width` cells; words longer than a line are split. Each input line wraps on its own. */
export function wrapTextWithAnsi(text: string, width: number): string[] {
	const max = Math.max(1, width);
	const lines: string[] = [];
	for (const source of text.split("\n")) {
		let line = "";
		let used = 0;
		for (const word of source.split(/(?<= )/)) {
			const w = visibleWidth(word);
			// A word's trailing space may hang past the edge; only its letters must fit.
			if (used + visibleWidth(word.trimEnd()) > max && used > 0) {
				lines.push(line.trimEnd());
				line = "";
				used = 0;
			}
			if (w <= max) {
				line += word;
				used += w;
				continue;
			}
			for (const piece of pieces(word)) {
				if (!piece.ansi && used + piece.width > max) {
					lines.push(line);
					line = "";
					used = 0;
				}
				line += piece.text;
				used += piece.width;
			}
		}
		lines.push(line);
	}
	return lines;
}

/** The line padded to `width` cells and painted with `bg` end to end. */
export function applyBackgroundToLine(line: string, width: number, bg: (text: string) => string): string {
	return bg(line + " ".repeat(Math.max(0, width - visibleWidth(line))));
}

export function isWhitespaceChar(char: string): boolean {
	return /\s/.test(char);
}

export function isPunctuationChar(char: string): boolean {
	return /[\p{P}\p{S}]/u.test(char);
}
