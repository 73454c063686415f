/**
 * A real terminal emulator (xterm.js, headless) to render weft's output into,
 * so tests assert on what a user would see: the screen, the scrollback, the
 * cursor. It is also a RenderTarget (write + columns + rows) that counts the
 * bytes it was sent.
 */
import xterm from "@xterm/headless";
import stringWidth from "string-width";

const { Terminal } = xterm;
type XTerm = InstanceType<typeof Terminal>;
/** The internals `scrollOnClear` needs (xterm.js 5). */
interface XtermCore {
	scroll(eraseAttr: unknown): void;
	_inputHandler: { _eraseAttrData(): unknown };
}

/**
 * Character widths as modern terminals (kitty, WezTerm, Ghostty, iTerm2)
 * draw them, matching string-width: emoji are wide, VS16 widens the
 * character before it, ZWJ sequences, skin tones and flags are one cell pair.
 * xterm.js's built-in table (Unicode 6) draws most emoji one cell wide.
 */
const modernWidths = {
	version: "weft-modern",
	wcwidth(cp: number): 0 | 1 | 2 {
		if (cp < 32) return 0;
		if (cp < 127) return 1;
		return Math.min(2, stringWidth(String.fromCodePoint(cp))) as 0 | 1 | 2;
	},
	charProperties(cp: number, preceding: number): number {
		const previousWidth = (preceding >> 1) & 3;
		const previousState = preceding >> 3;
		const joined = (width: number, state = 0) => (state << 3) | ((width & 3) << 1) | 1;
		const alone = (width: number, state = 0) => (state << 3) | ((width & 3) << 1);
		if (preceding !== 0 && previousWidth > 0) {
			if (cp === 0x200d) return joined(previousWidth, 1);
			if (previousState === 1) return joined(previousWidth);
			if (cp === 0xfe0f) return joined(2);
			if (cp >= 0x1f3fb && cp <= 0x1f3ff) return joined(previousWidth);
			if (cp >= 0x1f1e6 && cp <= 0x1f1ff && previousState === 2) return joined(previousWidth);
		}
		const width = this.wcwidth(cp);
		if (cp >= 0x1f1e6 && cp <= 0x1f1ff) return alone(2, 2);
		if (width === 0 && preceding !== 0 && previousWidth > 0) return joined(previousWidth);
		return alone(width);
	},
};

export class Screen {
	readonly term: XTerm;
	/** Every chunk written, in order. */
	readonly writes: string[] = [];
	private pending: Promise<void> = Promise.resolve();

	constructor(cols: number, rows: number, options: { scrollback?: number } = {}) {
		this.term = new Terminal({ cols, rows, allowProposedApi: true, scrollback: options.scrollback ?? 1000 });
		this.term.unicode.register(modernWidths);
		this.term.unicode.activeVersion = modernWidths.version;
		this.scrollOnClear();
	}

	/**
	 * tmux (its `scroll-on-clear` option, on by default) keeps what a
	 * whole-screen erase removes: erase-below from the top-left cell, or
	 * erase-all, first scrolls the screen's rows into the scrollback. xterm.js
	 * just erases, so a renderer that erases from the top-left would look right
	 * here and leave a frozen copy of its screen in tmux's history. The
	 * emulator does as tmux does, so tests see what tmux users see.
	 */
	private scrollOnClear(): void {
		this.term.parser.registerCsiHandler({ final: "J" }, (params) => {
			const mode = params[0] ?? 0;
			const buffer = this.term.buffer.active;
			const whole = mode === 2 || (mode === 0 && buffer.cursorX === 0 && buffer.cursorY === 0);
			if (!whole || buffer.type !== "normal") return false;
			let used = this.term.rows;
			while (used > 0 && !buffer.getLine(buffer.baseY + used - 1)?.translateToString(true)) used--;
			// xterm.js has no public call that scrolls the screen without moving the cursor.
			const core = (this.term as unknown as { _core: XtermCore })._core;
			for (let i = 0; i < used; i++) core.scroll(core._inputHandler._eraseAttrData());
			return false;
		});
	}

	get columns(): number {
		return this.term.cols;
	}

	get rows(): number {
		return this.term.rows;
	}

	write(data: string): void {
		this.writes.push(data);
		this.pending = this.pending.then(() => new Promise<void>((resolve) => this.term.write(data, resolve)));
	}

	/** Waits until the emulator has processed everything written so far. */
	async settle(): Promise<void> {
		await this.pending;
	}

	/** Bytes written since `fromWrite` (an index into `writes`). */
	bytesSince(fromWrite: number): number {
		return this.writes.slice(fromWrite).reduce((sum, chunk) => sum + Buffer.byteLength(chunk), 0);
	}

	/** The visible screen, one string per row, trailing blanks removed. */
	async screen(): Promise<string[]> {
		await this.settle();
		const buffer = this.term.buffer.active;
		const rows: string[] = [];
		for (let y = 0; y < this.term.rows; y++)
			rows.push(buffer.getLine(buffer.viewportY + y)?.translateToString(true) ?? "");
		return rows;
	}

	/** Scrollback and screen together, trailing empty rows removed. */
	async allLines(): Promise<string[]> {
		await this.settle();
		const buffer = this.term.buffer.active;
		const lines: string[] = [];
		for (let y = 0; y < buffer.length; y++) lines.push(buffer.getLine(y)?.translateToString(true) ?? "");
		while (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
		return lines;
	}

	/** Cursor position on the visible screen. */
	async cursor(): Promise<{ row: number; col: number }> {
		await this.settle();
		const buffer = this.term.buffer.active;
		return { row: buffer.cursorY, col: buffer.cursorX };
	}

	/** Resizes the emulator as a user dragging the window would (the emulator reflows what it shows). */
	async resize(cols: number, rows: number): Promise<void> {
		await this.settle();
		this.term.resize(cols, rows);
	}

	/** The widest row in cells, counting every cell a character occupies. */
	async cellsUsed(row: number): Promise<number> {
		await this.settle();
		const line = this.term.buffer.active.getLine(this.term.buffer.active.viewportY + row);
		if (!line) return 0;
		let used = 0;
		for (let x = 0; x < line.length; x++)
			if (line.getCell(x)?.getChars()) used = x + (line.getCell(x)?.getWidth() ?? 1);
		return used;
	}
}
