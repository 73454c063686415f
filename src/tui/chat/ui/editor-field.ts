/**
 * A text field on an EditorModel, for the input and editor dialogs: the
 * emacs-style keys the composer has, drawn as one line that scrolls
 * sideways under the cursor, or as soft-wrapped rows that scroll to keep
 * the cursor in view. What Enter does is the dialog's business.
 */
import type { KeyEvent } from "../../input/input-events.js";
import type { Component } from "../../primitives/window.js";
import type { CursorPosition } from "../../render/frame.js";
import { truncate } from "../../text/width.js";
import type { Styler } from "../../theme/style.js";
import type { EditorModel, Motion } from "../composer/editor-model.js";
import { layoutRows, locateCursor, widthOf } from "../composer/soft-wrap.js";
import { sliceColumns } from "./slice-columns.js";

export interface EditorFieldOptions {
	styler: Styler;
	model: EditorModel;
	/** Shown in muted while the field is empty. */
	placeholder?: string;
	/** Rows shown at most when the model is multi-line. Default 10. */
	maxRows?: number;
}

const MOTIONS: Record<string, Motion> = {
	left: "left",
	"ctrl+b": "left",
	right: "right",
	"ctrl+f": "right",
	up: "up",
	"ctrl+p": "up",
	down: "down",
	"ctrl+n": "down",
	home: "home",
	"ctrl+a": "home",
	end: "end",
	"ctrl+e": "end",
	"alt+b": "wordLeft",
	"ctrl+left": "wordLeft",
	"alt+left": "wordLeft",
	"alt+f": "wordRight",
	"ctrl+right": "wordRight",
	"alt+right": "wordRight",
	"ctrl+home": "bufferStart",
	"ctrl+end": "bufferEnd",
};

const EDITS: Record<string, (model: EditorModel) => unknown> = {
	backspace: (m) => m.deleteBackward(),
	"ctrl+h": (m) => m.deleteBackward(),
	delete: (m) => m.deleteForward(),
	"ctrl+d": (m) => m.deleteForward(),
	"ctrl+w": (m) => m.killWordBackward(),
	"alt+backspace": (m) => m.killWordBackward(),
	"alt+d": (m) => m.killWordForward(),
	"ctrl+k": (m) => m.killToLineEnd(),
	"ctrl+u": (m) => m.killToLineStart(),
	"ctrl+y": (m) => m.yank(),
	"alt+y": (m) => m.yankPop(),
	"ctrl+t": (m) => m.transposeChars(),
	"ctrl+z": (m) => m.undo(),
	"ctrl+_": (m) => m.undo(),
	"ctrl+-": (m) => m.undo(),
	"ctrl+shift+z": (m) => m.redo(),
};

export class EditorField implements Component {
	private readonly model: EditorModel;
	/** First column shown (single line) or first row shown (multi-line). */
	private scroll = 0;
	private cursorAt: CursorPosition = { row: 0, col: 0 };

	constructor(private readonly options: EditorFieldOptions) {
		this.model = options.model;
	}

	/** Applies an editing key; false for keys it does not edit with (Enter, Esc, …). */
	handleInput(key: KeyEvent): boolean {
		if (key.action === "release") return false;
		const motion = MOTIONS[key.id];
		if (motion && (this.model.multiline || (motion !== "up" && motion !== "down"))) {
			this.model.move(motion);
			return true;
		}
		const edit = EDITS[key.id];
		if (edit) {
			edit(this.model);
			return true;
		}
		if (key.id === "tab" && this.model.multiline) {
			this.model.insert("\t");
			return true;
		}
		if (key.text !== undefined) {
			this.model.insert(key.text);
			return true;
		}
		return false;
	}

	/** Pasted text goes in as one undo step (line breaks become spaces in a single-line field). */
	paste(text: string): void {
		this.model.insert(text);
	}

	render(width: number): string[] {
		if (width <= 0) return [];
		if (this.model.text === "" && this.options.placeholder) {
			this.cursorAt = { row: 0, col: 0 };
			return [this.options.styler.fg("muted", truncate(this.options.placeholder, width))];
		}
		return this.model.multiline ? this.renderRows(width) : this.renderLine(width);
	}

	cursor(): CursorPosition | undefined {
		return this.cursorAt;
	}

	private renderLine(width: number): string[] {
		const line = this.model.lines[0] ?? "";
		const column = widthOf(line, 0, this.model.cursor.col);
		// The last column stays free for the cursor at the end of the text.
		if (column < this.scroll) this.scroll = column;
		if (column > this.scroll + width - 1) this.scroll = column - width + 1;
		this.cursorAt = { row: 0, col: column - this.scroll };
		return [sliceColumns(line, this.scroll, this.scroll + width)];
	}

	private renderRows(width: number): string[] {
		const lines = this.model.lines;
		const rows = layoutRows(lines, Math.max(1, width - 1));
		const at = locateCursor(rows, lines, this.model.cursor);
		const visible = Math.max(1, this.options.maxRows ?? 10);
		if (at.row < this.scroll) this.scroll = at.row;
		if (at.row >= this.scroll + visible) this.scroll = at.row - visible + 1;
		this.scroll = Math.max(0, Math.min(this.scroll, rows.length - visible));
		this.cursorAt = { row: at.row - this.scroll, col: at.col };
		return rows
			.slice(this.scroll, this.scroll + visible)
			.map((row) => truncate(lines[row.line].slice(row.start, row.end), width, ""));
	}
}
