/**
 * The composer: the multi-line editor under the transcript. The "composer"
 * buffer holds its canonical text — edits are written to the buffer, and an
 * extension's `buffer.setText` shows up in the editor. Typing, pastes and the
 * open completion list's own keys come through `handleInput`; everything
 * else is a named action the app binds through keymaps (COMPOSER_BINDINGS).
 */
import type { KeyEvent, PasteEvent } from "../../input/input-events.js";
import type { ContentBuffer } from "../../primitives/buffer.js";
import type { Component } from "../../primitives/window.js";
import type { CursorPosition } from "../../render/frame.js";
import type { Styler } from "../../theme/style.js";
import type { ComposerAction } from "./bindings.js";
import { CompletionController, type CompletionItem, type CompletionSources } from "./completion.js";
import { renderCompletionList } from "./completion-list.js";
import { renderComposerBox, textWidth } from "./composer-view.js";
import { EditorModel } from "./editor-model.js";
import type { ComposerHistory } from "./history.js";
import { PasteMarkers } from "./paste-markers.js";
import { layoutRows, locateCursor, offsetAtColumn, type VisualRow } from "./soft-wrap.js";

export { COMPOSER_BINDINGS, type ComposerAction, type ComposerBinding } from "./bindings.js";

export interface ComposerOptions {
	/** The "lines" buffer named "composer". */
	buffer: ContentBuffer;
	styler: () => Styler;
	history?: ComposerHistory;
	completion?: CompletionSources;
	placeholder?: string;
	/** Text rows shown before the editor scrolls. Default 10. */
	maxRows?: number;
	/** A completion source failed; by default the message goes to the buffer's "completionError" metadata. */
	onError?: (message: string) => void;
}

/** Keys the open completion list takes before any keymap. */
const COMPLETION_KEYS = new Set(["up", "down", "tab", "shift+tab", "enter", "escape"]);

export class Composer implements Component {
	readonly actions: Record<ComposerAction, () => boolean>;
	/** Draws the box in `borderFocus` rather than `border`. */
	focused = true;
	maxRows: number;
	private readonly model: EditorModel;
	private readonly pastes = new PasteMarkers();
	private readonly completion: CompletionController | undefined;
	private readonly submitListeners = new Set<(text: string) => void>();
	private readonly buffer: ContentBuffer;
	private readonly styler: () => Styler;
	private readonly history: ComposerHistory | undefined;
	private readonly placeholder: string;
	private writingBuffer = false;
	private scrollTop = 0;
	private lastWidth = 80;
	private lastCursor: CursorPosition | undefined;
	/** Display column Up/Down aim for across a run of vertical moves. */
	private goalColumn: number | undefined;
	private movingVertically = false;
	/** Bumped on every change of text or cursor, so actions can say whether they did anything. */
	private revision = 0;
	/** The wrapped rows of the last layout: frames that change nothing in the composer skip wrapping. */
	private layout: { revision: number; width: number; rows: VisualRow[] } | undefined;

	constructor(options: ComposerOptions) {
		this.buffer = options.buffer;
		this.styler = options.styler;
		this.history = options.history;
		this.placeholder = options.placeholder ?? "";
		this.maxRows = options.maxRows ?? 10;
		const onError = options.onError ?? ((message: string) => this.buffer.setMeta("completionError", message));
		if (options.completion) {
			this.completion = new CompletionController(
				options.completion,
				// Results that arrive later: a metadata change makes the app draw a frame.
				() => this.buffer.setMeta("completion", this.completionSummary()),
				(error, source) => onError(`Completion from ${source} failed: ${(error as Error)?.message ?? error}`),
			);
		}
		this.model = new EditorModel({ multiline: true, text: this.buffer.getText() });
		this.model.onChange(() => this.modelChanged());
		this.buffer.onChange((change) => {
			if (change.type !== "lines" || this.writingBuffer) return;
			this.model.setText(this.buffer.getText());
			this.completion?.dismiss();
		});
		this.actions = this.createActions();
	}

	get isEmpty(): boolean {
		return this.model.text === "";
	}

	/** The text as it will be sent: paste markers expanded. */
	getText(): string {
		return this.pastes.expand(this.model.text);
	}

	/** Replaces the text (undoable); the cursor goes to the end. */
	setText(text: string): void {
		this.model.setText(text);
		this.completion?.dismiss();
		this.history?.reset();
	}

	/** Takes the text out to send it elsewhere (a follow-up): recorded in history, editor cleared. */
	takeText(): string {
		const text = this.getText();
		if (text.trim() !== "") this.history?.add(text);
		this.clear();
		return text;
	}

	/** Types `text` at the cursor as if the user had (an extension's insert action). */
	insertText(text: string): void {
		this.model.insert(text);
	}

	onSubmit(listener: (text: string) => void): () => void {
		this.submitListeners.add(listener);
		return () => this.submitListeners.delete(listener);
	}

	/** True when the open completion list wants `key` before the keymaps see it. */
	captures(key: KeyEvent): boolean {
		return this.completion?.isOpen === true && COMPLETION_KEYS.has(key.id);
	}

	handleInput(event: KeyEvent | PasteEvent): boolean {
		if (event.type === "paste") {
			this.paste(event.text);
			return true;
		}
		if (event.action === "release") return false;
		if (this.captures(event)) return this.completionKey(event.id);
		if (event.id === "tab") return this.reopenCompletion();
		if (event.text === undefined) return false;
		this.model.insert(event.text);
		return true;
	}

	render(width: number): string[] {
		this.lastWidth = width;
		const styler = this.styler();
		const view = renderComposerBox({
			lines: this.model.lines,
			rows: this.rows(width),
			cursor: this.model.cursor,
			width,
			maxRows: this.maxRows,
			scrollTop: this.scrollTop,
			focused: this.focused,
			placeholder: this.placeholder,
			markers: (line) => this.pastes.ranges(line),
			styler,
		});
		this.scrollTop = view.scrollTop;
		this.lastCursor = view.cursor;
		const completion = this.completion;
		if (!completion?.isOpen) return view.lines;
		return [...view.lines, ...renderCompletionList(completion.items, completion.selected, width, styler)];
	}

	cursor(): CursorPosition | undefined {
		return this.lastCursor;
	}

	private createActions(): Record<ComposerAction, () => boolean> {
		const model = this.model;
		const did = (edit: () => void) => () => {
			const before = this.revision;
			edit();
			return this.revision !== before;
		};
		const move = (to: Parameters<EditorModel["move"]>[0]) => () => model.move(to);
		return {
			submit: () => this.submit(),
			newline: did(() => model.insert("\n")),
			left: did(() => this.moveAcrossMarker("left")),
			right: did(() => this.moveAcrossMarker("right")),
			up: () => this.moveVertically(-1) || this.recall("previous"),
			down: () => this.moveVertically(1) || this.recall("next"),
			home: move("home"),
			end: move("end"),
			wordLeft: move("wordLeft"),
			wordRight: move("wordRight"),
			deleteBackward: did(() => this.deleteAcrossMarker("backward")),
			deleteForward: did(() => this.deleteAcrossMarker("forward")),
			deleteWordBackward: did(() => model.killWordBackward()),
			deleteWordForward: did(() => model.killWordForward()),
			killToLineEnd: did(() => model.killToLineEnd()),
			killToLineStart: did(() => model.killToLineStart()),
			yank: did(() => model.yank()),
			yankPop: did(() => model.yankPop()),
			undo: () => model.undo(),
			redo: () => model.redo(),
			transpose: did(() => model.transposeChars()),
			bufferStart: move("bufferStart"),
			bufferEnd: move("bufferEnd"),
			historyPrev: () => this.recall("previous"),
			historyNext: () => this.recall("next"),
		};
	}

	private submit(): boolean {
		const text = this.getText();
		if (text.trim() === "") return false;
		this.history?.add(text);
		this.clear();
		for (const listener of [...this.submitListeners]) listener(text);
		return true;
	}

	private clear(): void {
		this.model.setText("");
		this.pastes.clear();
		this.completion?.close();
		this.history?.reset();
	}

	private paste(text: string): void {
		const clean = text.replace(/\r\n?/g, "\n");
		this.model.insert(PasteMarkers.isLarge(clean) ? this.pastes.add(clean) : clean);
	}

	/** Left/Right step over a paste marker in one go. */
	private moveAcrossMarker(direction: "left" | "right"): void {
		const { line, col } = this.model.cursor;
		const marker = this.pastes.at(this.model.lines[line], col, direction === "left" ? "end" : "start");
		if (marker) this.model.setCursor({ line, col: direction === "left" ? marker.start : marker.end });
		else this.model.move(direction);
	}

	/** Backspace/Delete remove a paste marker whole. */
	private deleteAcrossMarker(direction: "backward" | "forward"): void {
		const { line, col } = this.model.cursor;
		const marker = this.pastes.at(this.model.lines[line], col, direction === "backward" ? "end" : "start");
		if (marker) this.model.replaceRange({ line, col: marker.start }, { line, col: marker.end }, "");
		else if (direction === "backward") this.model.deleteBackward();
		else this.model.deleteForward();
	}

	/** Up/Down by visual row, so a long wrapped line is walked row by row. False on the first/last row. */
	private moveVertically(delta: -1 | 1): boolean {
		const lines = this.model.lines;
		const rows = this.rows(this.lastWidth);
		const here = locateCursor(rows, lines, this.model.cursor);
		const target = rows[here.row + delta];
		if (!target) return false;
		const goal = this.goalColumn ?? here.col;
		this.movingVertically = true;
		try {
			this.model.setCursor({ line: target.line, col: offsetAtColumn(target, lines[target.line], goal) });
		} finally {
			this.movingVertically = false;
		}
		this.goalColumn = goal;
		return true;
	}

	private recall(direction: "previous" | "next"): boolean {
		if (!this.history) return false;
		const entry = direction === "previous" ? this.history.previous(this.model.text) : this.history.next();
		if (entry === undefined) return false;
		this.model.setText(entry);
		// A recalled "/help" should not pop completion up over it.
		this.completion?.dismiss();
		return true;
	}

	private completionKey(id: string): boolean {
		const completion = this.completion!;
		if (id === "escape") {
			completion.dismiss();
			return true;
		}
		if (id === "up" || id === "shift+tab") completion.moveSelection(-1);
		else if (id === "down") completion.moveSelection(1);
		else return this.acceptCompletion();
		return true;
	}

	/** Tab or Enter. Enter on a token that is already complete falls through to submit. */
	private acceptCompletion(): boolean {
		const completion = this.completion!;
		const context = completion.current;
		const item = completion.selectedItem();
		if (!context || !item) return false;
		if (item.apply && item.insert !== context.query) return this.applyProvided(item.apply);
		const token = this.model.lines[context.line].slice(context.start, context.end);
		if (item.insert.trimEnd() === token) {
			completion.dismiss();
			return false;
		}
		this.model.replaceRange(
			{ line: context.line, col: context.start },
			{ line: context.line, col: context.end },
			item.insert,
		);
		return true;
	}

	/**
	 * A provider's item: its edit replaces the text, and the list stays closed
	 * on the token it completed until the cursor leaves it.
	 */
	private applyProvided(apply: NonNullable<CompletionItem["apply"]>): boolean {
		const completion = this.completion!;
		const edit = apply(this.model.lines, this.model.cursor);
		completion.dismiss();
		const last = this.model.lines.length - 1;
		this.model.replaceRange(
			{ line: 0, col: 0 },
			{ line: last, col: this.model.lines[last].length },
			edit.lines.join("\n"),
		);
		this.model.setCursor({ line: edit.line, col: edit.col });
		return true;
	}

	/** Tab after Esc: opens completion again for the token under the cursor. */
	private reopenCompletion(): boolean {
		if (!this.completion) return false;
		this.completion.undismiss();
		this.refreshCompletion();
		return this.completion.current !== undefined;
	}

	private rows(width: number): VisualRow[] {
		const layout = this.layout;
		if (layout && layout.revision === this.revision && layout.width === width) return layout.rows;
		const rows = layoutRows(this.model.lines, textWidth(width));
		this.layout = { revision: this.revision, width, rows };
		return rows;
	}

	private modelChanged(): void {
		this.revision++;
		if (!this.movingVertically) this.goalColumn = undefined;
		this.writeBuffer();
		this.refreshCompletion();
	}

	private refreshCompletion(): void {
		const completion = this.completion;
		if (!completion) return;
		completion.follow(this.model.lines, this.model.cursor);
	}

	/** Writes only the lines that differ, so buffer annotations elsewhere stay put. */
	private writeBuffer(): void {
		const next = this.model.lines;
		const previous = this.buffer.getLines();
		let head = 0;
		while (head < next.length && head < previous.length && next[head] === previous[head]) head++;
		if (head === next.length && head === previous.length) return;
		let tail = 0;
		while (
			tail < next.length - head &&
			tail < previous.length - head &&
			next[next.length - 1 - tail] === previous[previous.length - 1 - tail]
		)
			tail++;
		this.writingBuffer = true;
		try {
			this.buffer.setLines(head, previous.length - tail, next.slice(head, next.length - tail));
		} finally {
			this.writingBuffer = false;
		}
	}

	private completionSummary(): { open: boolean; items: number } {
		return { open: this.completion?.isOpen ?? false, items: this.completion?.items.length ?? 0 };
	}
}
