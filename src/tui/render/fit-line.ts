/**
 * Making any string safe to write as one terminal row: never wider than the
 * terminal, no control characters or cursor-moving sequences that would break
 * the renderer's idea of where the cursor is, and no style left open to bleed
 * into the next row. Only SGR styles and OSC 8 hyperlinks survive.
 */
import { ESCAPE, isPlainAscii, StyleState, scan, TAB_WIDTH } from "../text/ansi.js";
import { visibleWidth } from "../text/width.js";

export interface FittedLine {
	text: string;
	width: number;
}

const TAB = " ".repeat(TAB_WIDTH);
const SGR = /^\x1b\[[0-9;:]*m$/;

/** Printable text and SGR codes only: nothing to take out. */
const ONLY_TEXT_AND_SGR = /^(?:[^\x00-\x1f\x7f\x1b]|\x1b\[[0-9;:]*m)*$/;

export function fitLine(line: string, columns: number): FittedLine {
	if (isPlainAscii(line)) {
		// Trailing spaces are dropped: the row is erased anyway, and terminals that reflow on resize count them.
		const text = (line.length > columns ? line.slice(0, columns) : line).trimEnd();
		return { text, width: text.length };
	}
	// The common styled line (rendered markdown, already fitted): measured through the width cache, kept as is.
	if (ONLY_TEXT_AND_SGR.test(line)) {
		const width = visibleWidth(line);
		if (width <= columns) return { text: line + closeStyles(line), width };
	}
	const state = new StyleState();
	let text = "";
	let width = 0;
	scan(
		line,
		(kind, token, w) => {
			if (kind === ESCAPE) {
				if (SGR.test(token) || token.startsWith("\x1b]8;")) {
					text += token;
					state.apply(token);
				}
				return true;
			}
			if (token === "\t") {
				const room = Math.min(TAB_WIDTH, columns - width);
				text += room === TAB_WIDTH ? TAB : " ".repeat(room);
				width += room;
				return width < columns;
			}
			const code = token.charCodeAt(0);
			if (code < 0x20 || code === 0x7f) return true;
			if (width + w > columns) {
				// A run of ASCII (one token per run here) is cut at the edge; a wider grapheme is dropped.
				if (token.length === w && w > 1 && isPlainAscii(token)) {
					text += token.slice(0, columns - width);
					width = columns;
				}
				return false;
			}
			text += token;
			width += w;
			return true;
		},
		true,
	);
	return { text: text + state.close(), width };
}

/** What closes the styles `line` leaves open ("" when none are). */
function closeStyles(line: string): string {
	const state = new StyleState();
	for (let at = line.indexOf("\x1b"); at >= 0; at = line.indexOf("\x1b", at + 1)) {
		state.apply(line.slice(at, line.indexOf("m", at) + 1));
	}
	return state.close();
}
