/**
 * Soft wrapping for the editor: each logical line becomes one or more visual
 * rows, breaking after spaces where it can and inside a word only when a word
 * is wider than the row. Rows keep every character (nothing is trimmed at a
 * break), so a cursor offset maps to exactly one row and column.
 */
import { graphemeWidth } from "../../text/ansi.js";
import { graphemeBoundaries } from "./text-units.js";
import type { Position } from "./undo-history.js";

export interface VisualRow {
	/** The logical line the row shows part of. */
	line: number;
	/** UTF-16 offsets of the part, [start, end). */
	start: number;
	end: number;
	/** True for the line's last row, where the cursor may sit at `end`. */
	last: boolean;
}

export function layoutRows(lines: readonly string[], width: number): VisualRow[] {
	const rows: VisualRow[] = [];
	lines.forEach((text, line) => {
		for (const [start, end] of wrapLine(text, Math.max(1, width)))
			rows.push({ line, start, end, last: false });
		rows[rows.length - 1].last = true;
	});
	return rows;
}

function wrapLine(text: string, width: number): Array<[number, number]> {
	const bounds = graphemeBoundaries(text);
	const spans: Array<[number, number]> = [];
	let rowStart = 0;
	let rowWidth = 0;
	/** Where the row could break: just after a space that a non-space follows. */
	let breakAt = -1;
	for (let i = 0; i + 1 < bounds.length; i++) {
		const at = bounds[i];
		const grapheme = text.slice(at, bounds[i + 1]);
		const w = graphemeWidth(grapheme);
		const space = grapheme === " " || grapheme === "\t";
		if (rowWidth + w > width && rowWidth > 0) {
			const end = !space && breakAt > rowStart ? breakAt : at;
			spans.push([rowStart, end]);
			rowStart = end;
			rowWidth = widthOf(text, rowStart, at);
			breakAt = -1;
		}
		rowWidth += w;
		if (!space && i > 0 && isSpaceBefore(text, at)) breakAt = at;
	}
	spans.push([rowStart, text.length]);
	return spans;
}

function isSpaceBefore(text: string, at: number): boolean {
	const before = text[at - 1];
	return before === " " || before === "\t";
}

/** Display width of text[from, to). */
export function widthOf(text: string, from: number, to: number): number {
	const part = text.slice(from, to);
	const bounds = graphemeBoundaries(part);
	let width = 0;
	for (let i = 0; i + 1 < bounds.length; i++) width += graphemeWidth(part.slice(bounds[i], bounds[i + 1]));
	return width;
}

/** The visual row and display column of a cursor. At a break, the cursor belongs to the start of the next row. */
export function locateCursor(
	rows: readonly VisualRow[],
	lines: readonly string[],
	cursor: Position,
): { row: number; col: number } {
	let found = 0;
	for (let r = 0; r < rows.length; r++) {
		const row = rows[r];
		if (row.line < cursor.line) continue;
		if (row.line > cursor.line) break;
		if (row.start <= cursor.col) found = r;
	}
	const row = rows[found];
	return { row: found, col: widthOf(lines[row.line], row.start, cursor.col) };
}

/** The offset in `row` closest to display column `goal` without passing it. */
export function offsetAtColumn(row: VisualRow, text: string, goal: number): number {
	const part = text.slice(row.start, row.end);
	const bounds = graphemeBoundaries(part);
	let used = 0;
	// Only the line's last row may place the cursor at its end; elsewhere that is the next row's start.
	const lastIndex = row.last ? bounds.length - 1 : bounds.length - 2;
	for (let i = 0; i < lastIndex; i++) {
		used += graphemeWidth(part.slice(bounds[i], bounds[i + 1]));
		if (used > goal) return row.start + bounds[i];
	}
	return row.start + bounds[Math.max(0, lastIndex)];
}
