/**
 * Drawing the composer: a box ruled above and below, the text soft-wrapped
 * inside with a "> " prompt, at most `maxRows` rows shown (scrolled so the
 * cursor stays visible), paste markers highlighted, a dim placeholder when
 * empty. Every line fits the width.
 */
import type { CursorPosition } from "../../render/frame.js";
import { TAB_WIDTH } from "../../text/ansi.js";
import { clip, truncate, visibleWidth } from "../../text/width.js";
import type { Styler } from "../../theme/style.js";
import type { MarkerRange } from "./paste-markers.js";
import { locateCursor, type VisualRow } from "./soft-wrap.js";
import type { Position } from "./undo-history.js";

const PROMPT = "> ";
const INDENT = "  ";
const PROMPT_WIDTH = 2;

export interface ViewInput {
	lines: readonly string[];
	/** `lines` laid out at textWidth(width) (see soft-wrap.ts); the caller caches them between frames. */
	rows: readonly VisualRow[];
	cursor: Position;
	width: number;
	maxRows: number;
	/** First visual row shown last time; kept unless the cursor left the window. */
	scrollTop: number;
	focused: boolean;
	placeholder: string;
	markers: (line: string) => MarkerRange[];
	styler: Styler;
}

export interface ViewOutput {
	lines: string[];
	cursor: CursorPosition;
	scrollTop: number;
}

/** Columns the text wraps at: the prompt, and one column kept free for the cursor after the last character. */
export function textWidth(width: number): number {
	return Math.max(1, width - PROMPT_WIDTH - 1);
}

export function renderComposerBox(input: ViewInput): ViewOutput {
	const { lines, width, styler } = input;
	const rule = input.focused ? "borderFocus" : "border";
	const rows = input.rows;
	const cursor = locateCursor(rows, lines, input.cursor);
	const visible = Math.max(1, Math.min(input.maxRows, rows.length));
	let scrollTop = Math.min(input.scrollTop, cursor.row);
	if (cursor.row >= scrollTop + visible) scrollTop = cursor.row - visible + 1;
	scrollTop = Math.max(0, Math.min(scrollTop, rows.length - visible));

	const out: string[] = [styler.fg(rule, ruleLine(width, scrollTop > 0 ? `↑ ${scrollTop} more` : ""))];
	const empty = lines.length === 1 && lines[0] === "";
	if (empty) {
		const hint = truncate(input.placeholder, Math.max(0, width - PROMPT_WIDTH));
		out.push(clip(styler.fg("accent", PROMPT) + styler.fg("dim", hint), width));
	} else {
		for (const row of rows.slice(scrollTop, scrollTop + visible)) {
			const prefix = row.line === 0 && row.start === 0 ? styler.fg("accent", PROMPT) : INDENT;
			out.push(clip(prefix + styleRow(row, lines[row.line], input.markers, styler), width));
		}
	}
	const below = rows.length - scrollTop - visible;
	out.push(styler.fg(rule, ruleLine(width, below > 0 ? `↓ ${below} more` : "")));
	return {
		lines: out,
		cursor: {
			row: 1 + cursor.row - scrollTop,
			col: Math.min(Math.max(0, width - 1), PROMPT_WIDTH + cursor.col),
		},
		scrollTop,
	};
}

/** A horizontal rule with an optional label near its right end. */
function ruleLine(width: number, label: string): string {
	if (width <= 0) return "";
	const tag = label ? ` ${label} ` : "";
	if (!tag || visibleWidth(tag) + 4 > width) return "─".repeat(width);
	const right = 2;
	return "─".repeat(width - visibleWidth(tag) - right) + tag + "─".repeat(right);
}

/** The row's text with tabs as spaces (what the renderer writes anyway) and paste markers in the accent colour. */
function styleRow(
	row: VisualRow,
	text: string,
	markers: (line: string) => MarkerRange[],
	styler: Styler,
): string {
	const show = (from: number, to: number) => text.slice(from, to).replace(/\t/g, " ".repeat(TAB_WIDTH));
	let out = "";
	let at = row.start;
	for (const marker of markers(text)) {
		const from = Math.max(marker.start, row.start);
		const to = Math.min(marker.end, row.end);
		if (from >= to) continue;
		if (from > at) out += styler.fg("text", show(at, from));
		out += styler.fg("accent", show(from, to));
		at = to;
	}
	if (row.end > at) out += styler.fg("text", show(at, row.end));
	return out;
}
