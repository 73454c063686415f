/**
 * A window-sized grid of cells that draw operations paint into, then turned
 * into styled lines for the renderer. Each cell holds one grapheme and the
 * SGR sequence it is drawn with; a wide character takes its cell and marks
 * the next as its continuation. Writing over half of a wide character blanks
 * the other half, as a terminal does.
 */

import type { CursorPosition } from "../render/frame.js";
import { ESCAPE, StyleState, scan } from "../text/ansi.js";
import { truncate } from "../text/width.js";
import type { Style, Styler } from "../theme/style.js";
import { BORDERS, type DrawOp } from "./draw-ops.js";

/** Marks the right half of a wide character. */
const CONTINUATION = "";

export class Grid {
	private readonly chars: string[];
	private readonly styles: string[];

	constructor(
		readonly width: number,
		readonly height: number,
	) {
		this.chars = new Array(width * height).fill(" ");
		this.styles = new Array(width * height).fill("");
	}

	/** Fills a rectangle (clipped to the grid) with spaces in `sgr`. */
	fill(row: number, col: number, width: number, height: number, sgr = ""): void {
		for (let r = Math.max(0, row); r < Math.min(this.height, row + height); r++) {
			for (let c = Math.max(0, col); c < Math.min(this.width, col + width); c++) this.put(r, c, " ", 1, sgr);
		}
	}

	/**
	 * Writes one line of text (SGR styles inside it apply on top of `sgr`),
	 * clipped at the grid's edges; returns the column after the last cell written.
	 */
	write(row: number, col: number, text: string, sgr = ""): number {
		if (row < 0 || row >= this.height) return col;
		let c = col;
		const inline = new StyleState();
		let style = sgr;
		scan(text, (kind, token, w) => {
			if (kind === ESCAPE) {
				inline.apply(token);
				style = sgr + inline.open();
				return true;
			}
			if (w === 0) return true;
			if (c >= this.width) return false;
			if (token === "\t") {
				for (let end = Math.min(c + w, this.width); c < end; c++) if (c >= 0) this.put(row, c, " ", 1, style);
				return true;
			}
			if (c >= 0 && c + w <= this.width) this.put(row, c, token, w, style);
			c += w;
			return true;
		});
		return c;
	}

	/** The grid as lines, each ending with its styles reset; blank unstyled cells at the end are left out. */
	toLines(): string[] {
		const lines: string[] = [];
		for (let r = 0; r < this.height; r++) {
			let end = this.width;
			while (
				end > 0 &&
				this.chars[r * this.width + end - 1] === " " &&
				this.styles[r * this.width + end - 1] === ""
			)
				end--;
			let line = "";
			let current = "";
			for (let c = 0; c < end; c++) {
				const i = r * this.width + c;
				if (this.chars[i] === CONTINUATION) continue;
				if (this.styles[i] !== current) {
					line += (current !== "" ? "\x1b[m" : "") + this.styles[i];
					current = this.styles[i];
				}
				line += this.chars[i];
			}
			lines.push(current !== "" ? `${line}\x1b[m` : line);
		}
		return lines;
	}

	private put(row: number, col: number, char: string, width: number, sgr: string): void {
		const i = row * this.width + col;
		// Overwriting either half of a wide character leaves a blank in the other half.
		if (this.chars[i] === CONTINUATION && col > 0) this.blank(i - 1);
		const old = this.chars[i];
		if (old !== CONTINUATION && col + 1 < this.width && this.chars[i + 1] === CONTINUATION && width === 1) {
			this.blank(i + 1);
		}
		this.chars[i] = char;
		this.styles[i] = sgr;
		if (width === 2) {
			if (col + 2 < this.width && this.chars[i + 2] === CONTINUATION) this.blank(i + 2);
			this.chars[i + 1] = CONTINUATION;
			this.styles[i + 1] = sgr;
		}
	}

	private blank(i: number): void {
		this.chars[i] = " ";
	}
}

/** Paints `ops` into `grid`; returns where the cursor op (the last one) put the cursor. */
export function applyDrawOps(grid: Grid, ops: readonly DrawOp[], styler: Styler): CursorPosition | undefined {
	let cursor: CursorPosition | undefined;
	const sgr = (style: Style | undefined) => (style ? styler.sgr(style) : "");
	for (const op of ops) {
		switch (op.op) {
			case "clear":
				grid.fill(0, 0, grid.width, grid.height, sgr(op.style));
				break;
			case "clearRegion":
				grid.fill(op.row, op.col, op.width, op.height, sgr(op.style));
				break;
			case "text":
				grid.write(op.row, op.col, op.text, sgr(op.style));
				break;
			case "lines":
				for (let i = 0; i < op.lines.length; i++)
					grid.write(op.row + i, op.col ?? 0, op.lines[i], sgr(op.style));
				break;
			case "spans": {
				let col = op.col;
				for (const span of op.spans) col = grid.write(op.row, col, span.text, sgr(span.style));
				break;
			}
			case "box":
				drawBox(grid, op, sgr(op.style), sgr(op.titleStyle ?? op.style));
				break;
			case "batch": {
				const inner = applyDrawOps(grid, op.ops, styler);
				if (inner) cursor = inner;
				break;
			}
			case "cursor":
				cursor = { row: op.row, col: op.col };
				break;
		}
	}
	return cursor;
}

function drawBox(grid: Grid, op: Extract<DrawOp, { op: "box" }>, sgr: string, titleSgr: string): void {
	if (op.width < 2 || op.height < 2) return;
	const b = BORDERS[op.border ?? "single"];
	const inner = op.width - 2;
	grid.write(op.row, op.col, b.tl + b.h.repeat(inner) + b.tr, sgr);
	for (let r = op.row + 1; r < op.row + op.height - 1; r++) {
		grid.write(r, op.col, b.v, sgr);
		grid.write(r, op.col + op.width - 1, b.v, sgr);
	}
	grid.write(op.row + op.height - 1, op.col, b.bl + b.h.repeat(inner) + b.br, sgr);
	if (op.title && inner > 4) {
		// The title sits in the top border after one border cell, with a space either side.
		const start = grid.write(op.row, op.col + 2, " ", sgr);
		const end = grid.write(op.row, start, truncate(op.title, inner - 4), titleSgr);
		grid.write(op.row, end, " ", sgr);
	}
}
