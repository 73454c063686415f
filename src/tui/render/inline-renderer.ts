/**
 * The inline renderer: draws below the shell prompt, in the normal screen, so
 * the user's scrollback stays theirs. Finished output is committed — written
 * once above the live region and never touched again; the live region
 * (streaming block, widgets, composer, status) is redrawn by comparing each
 * line with the previous frame and rewriting only the lines that changed.
 *
 * The renderer knows where the terminal cursor is relative to the top of the
 * live region and moves only relatively, so it never needs to know where on
 * the screen it started. Frames are coalesced and paced, and a frame that
 * changes nothing writes nothing.
 *
 * Rows that only move are moved by the terminal, not rewritten: committed
 * lines are inserted above the live region (IL) and rows added to or removed
 * from the middle of the live region shift the rows under them (IL/DL). A
 * streaming answer then costs its own text, not a redraw of the composer and
 * status line under it on every frame.
 */
import { type Clock, systemClock } from "../clock.js";
import {
	CLEAR_SCREEN_AND_SCROLLBACK,
	cursorDown,
	cursorRight,
	cursorUp,
	deleteLines,
	ERASE_LINE_RIGHT,
	ERASE_ROW_AND_BELOW,
	HIDE_CURSOR,
	insertLines,
	SHOW_CURSOR,
	SYNC_BEGIN,
	SYNC_END,
} from "../terminal-codes.js";
import { isPrintableAscii } from "../text/ansi.js";
import { fitLine } from "./fit-line.js";
import type { CursorPosition, Frame, FrameSize } from "./frame.js";

/** Where frames go: a TTY write stream, or anything with the same shape. */
export interface RenderTarget {
	write(data: string): unknown;
	readonly columns?: number;
	readonly rows?: number;
}

export type FrameSource = (size: FrameSize) => Frame;

export interface InlineRendererOptions {
	clock?: Clock;
	/** Frame rate cap. Default 60. */
	maxFps?: number;
}

export interface RenderStats {
	/** Frames that wrote something. */
	frames: number;
	bytes: number;
	/** Live lines rewritten (committed lines not counted). */
	linesWritten: number;
}

export class InlineRenderer {
	private readonly clock: Clock;
	private readonly frameInterval: number;
	private cancelScheduled: (() => void) | undefined;
	private lastFrameAt = Number.NEGATIVE_INFINITY;
	private stopped = false;
	/** Stopped by `pause`, not `finish`: `resume` may draw again. */
	private paused = false;
	private pendingCommits: string[] = [];
	private resizePending = false;
	private clearPending = false;

	/** The live region as last drawn: source lines (to skip unchanged ones cheaply), written text and widths. */
	private sourceLines: string[] = [];
	private drawnLines: string[] = [];
	private drawnWidths: number[] = [];
	private drawnColumns = 0;
	/** Terminal cursor, relative to the top of the live region. */
	private cursorRow = 0;
	private cursorCol = 0;
	/** Rows below the live top that exist on screen (drawn at some point, maybe blank now). */
	private extent = 1;
	private cursorShown = false;
	/** The last frame was taller than the screen: its top rows were never drawn. */
	private clipped = false;

	readonly stats: RenderStats = { frames: 0, bytes: 0, linesWritten: 0 };

	constructor(
		private readonly target: RenderTarget,
		private readonly source: FrameSource,
		options: InlineRendererOptions = {},
	) {
		this.clock = options.clock ?? systemClock;
		this.frameInterval = 1000 / (options.maxFps ?? 60);
	}

	/** Asks for a frame. Any number of requests before it runs make one frame. */
	requestRender(): void {
		if (this.stopped || this.cancelScheduled) return;
		const wait = Math.max(0, this.lastFrameAt + this.frameInterval - this.clock.now());
		this.cancelScheduled = this.clock.setTimer(() => {
			this.cancelScheduled = undefined;
			this.renderNow();
		}, wait);
	}

	/**
	 * Queues finished lines to be written once, above the live region, with
	 * the next frame. They are cut at the terminal's width, so wrap them first.
	 */
	commit(lines: readonly string[]): void {
		if (lines.length === 0) return;
		for (const line of lines) for (const row of line.split("\n")) this.pendingCommits.push(row);
		this.requestRender();
	}

	/** The terminal changed size: the next frame re-finds the live region and redraws it whole. */
	resized(): void {
		this.resizePending = true;
		this.requestRender();
	}

	/**
	 * Clears the screen and the terminal's scrollback with the next frame,
	 * which then starts at the top-left corner: what is committed from now on
	 * (the caller commits its transcript again) is all the terminal holds.
	 * Lines committed before this call and not yet written are written after
	 * the clear.
	 */
	clearAll(): void {
		this.clearPending = true;
		this.requestRender();
	}

	/** Draws a frame now, cancelling a scheduled one. */
	renderNow(): void {
		if (this.stopped) return;
		this.cancelScheduled?.();
		this.cancelScheduled = undefined;
		this.lastFrameAt = this.clock.now();
		const columns = Math.max(1, this.target.columns || 80);
		const rows = Math.max(1, this.target.rows || 24);
		const frame = this.source({ width: columns, height: rows });
		let out = "";
		if (this.clearPending) {
			this.clearPending = false;
			this.resizePending = false;
			this.forgetLiveRegion();
			this.clipped = false;
			out += CLEAR_SCREEN_AND_SCROLLBACK;
		} else if (this.resizePending) out += this.relocateAfterResize(columns);
		if (this.pendingCommits.length > 0) out += this.writeCommits(columns, rows);
		const { lines, cursor } = clipToRows(frame, rows);
		this.clipped = lines.length < frame.lines.length;
		const changed = this.diff(lines, columns, rows);
		out += changed;
		out += this.placeCursor(cursor, lines.length);
		const showCursor = cursor !== undefined;
		if (out === "" && showCursor === this.cursorShown) return;
		// Hide the cursor while lines are rewritten, for terminals that ignore synchronized output.
		const hide = this.cursorShown && (!showCursor || changed !== "") ? HIDE_CURSOR : "";
		const show = showCursor && (!this.cursorShown || hide !== "") ? SHOW_CURSOR : "";
		this.cursorShown = showCursor;
		this.write(SYNC_BEGIN + hide + out + show + SYNC_END);
	}

	/**
	 * Draws what is pending and leaves the cursor on a fresh line below the
	 * live region (or where it began, with `clear`), visible. Nothing is drawn
	 * after this.
	 */
	finish(options: { clear?: boolean } = {}): void {
		if (this.stopped) return;
		this.renderNow();
		this.stopped = true;
		let out = "";
		if (options.clear) {
			out += this.moveTo(0) + ERASE_ROW_AND_BELOW;
		} else if (this.drawnLines.length > 0) {
			out += this.moveTo(this.drawnLines.length - 1) + "\r\n";
		}
		if (!this.cursorShown) out += SHOW_CURSOR;
		this.cursorShown = true;
		if (out !== "") this.write(out);
	}

	/**
	 * Another program takes the terminal: what is pending is drawn, then the
	 * live region is erased and the cursor left where it began, visible.
	 * Nothing is drawn until `resume`.
	 */
	pause(): void {
		if (this.stopped) return;
		this.renderNow();
		this.stopped = true;
		this.paused = true;
		this.write(this.moveTo(0) + ERASE_ROW_AND_BELOW + (this.cursorShown ? "" : SHOW_CURSOR));
		this.cursorShown = true;
		this.forgetLiveRegion();
	}

	/** The terminal is back: the live region is drawn afresh from the start of the cursor's row, below what the program left. */
	resume(): void {
		if (!this.paused) return;
		this.paused = false;
		this.stopped = false;
		this.write("\r");
		this.requestRender();
	}

	private write(data: string): void {
		this.stats.frames++;
		this.stats.bytes += Buffer.byteLength(data);
		this.target.write(data);
	}

	/** Moves the cursor to a row of the live region, creating rows below the last one as needed. */
	private moveTo(row: number): string {
		let out = "";
		if (row < this.cursorRow) out = cursorUp(this.cursorRow - row);
		else if (row > this.cursorRow) {
			const existing = Math.min(row, this.extent - 1);
			if (existing > this.cursorRow) out = cursorDown(existing - this.cursorRow);
			// "\r\n" (not cursor-down) at the bottom of the screen scrolls, making room for new rows.
			for (let r = Math.max(existing, this.cursorRow); r < row; r++) out += "\r\n";
			this.extent = Math.max(this.extent, row + 1);
			if (row > existing) this.cursorCol = 0;
		}
		this.cursorRow = row;
		return out;
	}

	private writeCommits(columns: number, rows: number): string {
		let lines = this.pendingCommits;
		this.pendingCommits = [];
		let out = "";
		// Committed lines already on screen as the live region's top rows (a streaming answer's
		// finished paragraphs) just stop being live: not a byte is written for them.
		const promoted = this.promotable(lines, columns);
		if (promoted > 0) {
			out += this.moveTo(promoted) + "\r";
			for (const list of [this.sourceLines, this.drawnLines, this.drawnWidths] as unknown[][])
				list.splice(0, promoted);
			this.cursorRow = 0;
			this.cursorCol = 0;
			this.extent = Math.max(1, this.extent - promoted);
			lines = lines.slice(promoted);
			if (lines.length === 0) return out;
		}
		const live = this.drawnLines.length;
		// Lines inserted above a live region that fits the screen with room to spare leave it in place,
		// for two bytes a line (the line feeds that make room) plus a few per chunk; when that costs more
		// than drawing the live region again (a large batch under a short region), it is drawn again.
		if (live > 0 && live < rows && columns === this.drawnColumns) {
			const room = rows - live;
			const insertCost = 2 * lines.length + 16 * Math.ceil(lines.length / room);
			if (insertCost < this.liveBytes()) {
				for (let i = 0; i < lines.length; i += room)
					out += this.insertAbove(lines.slice(i, i + room), columns);
				return out;
			}
		}
		out += this.moveTo(0) + ERASE_ROW_AND_BELOW;
		for (const line of lines) out += fitLine(line, columns).text + "\r\n";
		this.forgetLiveRegion();
		return out;
	}

	/** How many of `lines`, from the first, are the live region's top rows exactly as drawn. */
	private promotable(lines: readonly string[], columns: number): number {
		if (this.clipped || columns !== this.drawnColumns) return 0;
		let count = 0;
		while (
			count < lines.length &&
			count < this.drawnLines.length &&
			fitLine(lines[count], columns).text === this.drawnLines[count]
		)
			count++;
		return count;
	}

	/** About what drawing the live region again would write. */
	private liveBytes(): number {
		let bytes = 0;
		for (const line of this.drawnLines) bytes += line.length + 4;
		return bytes;
	}

	/**
	 * Writes `lines` (fewer than the rows free around the live region) above
	 * it: line feeds under its last row make room (scrolling the screen when at
	 * its bottom), IL at its top opens the gap, and the lines fill it.
	 */
	private insertAbove(lines: readonly string[], columns: number): string {
		const last = this.drawnLines.length - 1;
		let out = this.moveTo(last) + "\n".repeat(lines.length) + cursorUp(last + lines.length);
		out += insertLines(lines.length) + "\r";
		for (const line of lines) out += fitLine(line, columns).text + "\r\n";
		this.cursorRow = 0;
		this.cursorCol = 0;
		this.extent = this.drawnLines.length;
		return out;
	}

	/**
	 * When rows were added to or removed from the live region above an
	 * unchanged tail (the composer and status under a streaming answer), moves
	 * that tail with IL/DL and updates what is known drawn, so the line diff
	 * rewrites only rows whose text changed.
	 */
	private shiftTail(lines: readonly string[], rows: number): string {
		const old = this.sourceLines;
		const delta = lines.length - old.length;
		if (delta === 0 || old.length !== this.drawnLines.length || lines.length > rows) return "";
		let tail = 0;
		let worth = false;
		const max = Math.min(old.length, lines.length);
		while (tail < max && old[old.length - 1 - tail] === lines[lines.length - 1 - tail]) {
			if (this.drawnWidths[old.length - 1 - tail] > 0) worth = true;
			tail++;
		}
		if (!worth) return "";
		const at = old.length - tail;
		let out: string;
		if (delta < 0) {
			out = this.moveTo(at + delta) + deleteLines(-delta) + "\r";
			for (const list of [this.sourceLines, this.drawnLines, this.drawnWidths] as unknown[][])
				list.splice(at + delta, -delta);
		} else {
			// Rows must exist under the region before IL pushes it down, or its last rows would fall off the screen.
			out = this.moveTo(old.length - 1 + delta) + this.moveTo(at) + insertLines(delta) + "\r";
			const blanks = (value: unknown) => Array.from({ length: delta }, () => value);
			this.sourceLines.splice(at, 0, ...(blanks(undefined) as string[]));
			this.drawnLines.splice(at, 0, ...(blanks("") as string[]));
			this.drawnWidths.splice(at, 0, ...(blanks(0) as number[]));
		}
		this.cursorCol = 0;
		return out;
	}

	/** The live region now starts where the cursor is; everything in it must be drawn again. */
	private forgetLiveRegion(): void {
		this.sourceLines = [];
		this.drawnLines = [];
		this.drawnWidths = [];
		this.cursorRow = 0;
		this.cursorCol = 0;
		this.extent = 1;
	}

	/**
	 * After a resize, terminals that reflow re-wrap each drawn line at the new
	 * width (our lines are separate rows, so they never join). Counting the rows
	 * each line above the cursor now takes finds the top of the live region;
	 * from there it is erased and redrawn. The committed lines above are never
	 * touched.
	 */
	private relocateAfterResize(columns: number): string {
		this.resizePending = false;
		const rowsFor = (width: number) =>
			columns < this.drawnColumns ? Math.max(1, Math.ceil(width / columns)) : 1;
		let up = 0;
		for (let i = 0; i < this.cursorRow && i < this.drawnWidths.length; i++)
			up += rowsFor(this.drawnWidths[i]);
		if (columns < this.drawnColumns) {
			const own = rowsFor(this.drawnWidths[this.cursorRow] ?? 0);
			up += Math.min(Math.floor(this.cursorCol / columns), own - 1);
		}
		this.forgetLiveRegion();
		return cursorUp(up) + ERASE_ROW_AND_BELOW;
	}

	/** Rewrites the lines that differ from the last frame and erases rows the frame no longer has. */
	private diff(lines: readonly string[], columns: number, rows: number): string {
		if (columns !== this.drawnColumns) {
			// Same-size text fitted to a new width may differ: compare everything afresh.
			this.sourceLines = [];
			this.drawnColumns = columns;
		}
		let out = this.shiftTail(lines, rows);
		for (let i = 0; i < lines.length; i++) {
			const line = lines[i];
			if (line === this.sourceLines[i]) continue;
			this.sourceLines[i] = line;
			const fitted = fitLine(line, columns);
			if (fitted.text === this.drawnLines[i]) continue;
			// A row never drawn on may hold someone else's text; a full-width one must not be erased (the cursor sits on its last cell).
			const previousWidth = this.drawnWidths[i] ?? columns;
			out += this.moveTo(i) + this.rewrite(this.drawnLines[i], previousWidth, fitted.text);
			if (fitted.width < previousWidth) out += ERASE_LINE_RIGHT;
			this.drawnLines[i] = fitted.text;
			this.drawnWidths[i] = fitted.width;
			this.cursorCol = fitted.width;
			this.stats.linesWritten++;
		}
		if (lines.length < this.drawnLines.length) {
			out += this.moveTo(lines.length) + ERASE_ROW_AND_BELOW;
			this.cursorCol = 0;
			this.sourceLines.length = lines.length;
			this.drawnLines.length = lines.length;
			this.drawnWidths.length = lines.length;
		}
		return out;
	}

	/**
	 * What to write, with the cursor on the row, to turn `drawn` into `text`:
	 * only the new end when the row grew (a streaming line), else all of it.
	 * Every drawn row ends with its styles closed, so the end can be written
	 * in the terminal's default style.
	 */
	private rewrite(drawn: string | undefined, drawnWidth: number, text: string): string {
		if (
			drawn &&
			drawnWidth < this.drawnColumns &&
			text.length > drawn.length &&
			text.slice(0, drawn.length) === drawn &&
			// A combining mark or joiner would have to join the character already drawn: rewrite those rows whole.
			startsToken(text.charCodeAt(drawn.length))
		) {
			const move = this.cursorCol === drawnWidth ? "" : `\r${cursorRight(drawnWidth)}`;
			return move + text.slice(drawn.length);
		}
		return `\r${text}`;
	}

	private placeCursor(cursor: CursorPosition | undefined, lineCount: number): string {
		if (!cursor) return "";
		const row = Math.min(Math.max(0, cursor.row), Math.max(0, lineCount - 1));
		const col = Math.min(Math.max(0, cursor.col), this.drawnColumns - 1);
		if (row === this.cursorRow && col === this.cursorCol) return "";
		const out = this.moveTo(row) + "\r" + cursorRight(col);
		this.cursorCol = col;
		return out;
	}
}

/** A code that can't join what is drawn before it: printable ASCII, or an escape sequence. */
const startsToken = (code: number) => code === 0x1b || isPrintableAscii(code);

/** A live region taller than the screen shows its bottom rows: the composer and status stay visible. */
function clipToRows(frame: Frame, rows: number): { lines: readonly string[]; cursor?: CursorPosition } {
	if (frame.lines.length <= rows) return frame;
	const drop = frame.lines.length - rows;
	const cursor =
		frame.cursor && frame.cursor.row >= drop ? { ...frame.cursor, row: frame.cursor.row - drop } : undefined;
	return { lines: frame.lines.slice(drop), cursor };
}
