/**
 * GFM tables drawn with box-drawing borders, fitted to the width: columns
 * keep their natural width when the table fits, otherwise the widest
 * columns give up space first and their cells wrap. Too narrow for even
 * that, each row is shown as "header: value" lines instead.
 */
import type { Tokens } from "marked";
import { pad, visibleWidth } from "../../text/width.js";
import { wrap } from "../../text/wrap.js";
import type { Style, Styler } from "../../theme/style.js";
import { renderInline } from "./inline.js";

/** Narrowest a column may be squeezed to before the table is drawn as records instead. */
const MIN_COLUMN = 3;

interface Cell {
	text: string;
	align: "left" | "right" | "center";
}

function cellWidth(text: string): number {
	let widest = 0;
	for (const line of text.split("\n")) widest = Math.max(widest, visibleWidth(line));
	return widest;
}

/** Column widths that sum to at most `available`: narrow columns keep their width, wide ones share what is left. */
function fitColumns(natural: readonly number[], available: number): number[] {
	if (natural.reduce((sum, w) => sum + w, 0) <= available) return [...natural];
	const widths = [...natural];
	const narrowestFirst = natural.map((_, i) => i).sort((a, b) => natural[a] - natural[b]);
	let remaining = available;
	let left = natural.length;
	for (const i of narrowestFirst) {
		widths[i] = Math.max(1, Math.min(natural[i], Math.floor(remaining / left)));
		remaining -= widths[i];
		left--;
	}
	return widths;
}

function rule(
	styler: Styler,
	widths: readonly number[],
	left: string,
	middle: string,
	right: string,
): string {
	return styler.fg("border", left + widths.map((w) => "─".repeat(w + 2)).join(middle) + right);
}

function drawRow(styler: Styler, cells: readonly Cell[], widths: readonly number[]): string[] {
	const wrapped = cells.map((cell, i) => wrap(cell.text, widths[i]));
	const height = Math.max(1, ...wrapped.map((lines) => lines.length));
	const bar = styler.fg("border", "│");
	const lines: string[] = [];
	for (let row = 0; row < height; row++) {
		const parts = cells.map((cell, i) => pad(wrapped[i][row] ?? "", widths[i], cell.align));
		lines.push(`${bar} ${parts.join(` ${bar} `)} ${bar}`);
	}
	return lines;
}

/** Each row as "header: value" lines, rows separated by a rule: for widths too narrow for columns. */
function drawRecords(
	styler: Styler,
	header: readonly Cell[],
	rows: readonly Cell[][],
	width: number,
): string[] {
	const lines: string[] = [];
	for (const row of rows) {
		if (lines.length > 0) lines.push(styler.fg("border", "─".repeat(width)));
		row.forEach((cell, i) => {
			const name = header[i]?.text ?? "";
			lines.push(...wrap(name === "" ? cell.text : `${name}: ${cell.text}`, width));
		});
	}
	if (lines.length === 0) for (const cell of header) lines.push(...wrap(cell.text, width));
	return lines;
}

export function renderTable(table: Tokens.Table, styler: Styler, width: number, base: Style): string[] {
	const cellOf = (cell: Tokens.TableCell, style: Style): Cell => ({
		text: renderInline(cell.tokens, styler, style),
		align: cell.align ?? "left",
	});
	const header = table.header.map((cell) => cellOf(cell, { ...base, bold: true }));
	const rows = table.rows.map((row) => row.map((cell) => cellOf(cell, base)));
	const columns = header.length;
	// Borders take "│ " before each column and " │" after the last: 3 columns each, plus one.
	const available = width - (3 * columns + 1);
	if (columns === 0 || available < MIN_COLUMN * columns) return drawRecords(styler, header, rows, width);

	const natural = header.map((cell, i) =>
		Math.max(1, cellWidth(cell.text), ...rows.map((row) => cellWidth(row[i]?.text ?? ""))),
	);
	const widths = fitColumns(natural, available);
	const bodies = rows.map((row) =>
		drawRow(
			styler,
			header.map((_, i) => row[i] ?? { text: "", align: "left" }),
			widths,
		),
	);
	// Rows that wrap run together unless something separates them.
	const separated = bodies.some((lines) => lines.length > 1);
	const lines = [rule(styler, widths, "┌", "┬", "┐"), ...drawRow(styler, header, widths)];
	bodies.forEach((body, i) => {
		if (i === 0 || separated) lines.push(rule(styler, widths, "├", "┼", "┤"));
		lines.push(...body);
	});
	lines.push(rule(styler, widths, "└", "┴", "┘"));
	return lines;
}
