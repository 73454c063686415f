/**
 * Pure text-editing state: lines, a cursor, emacs-style motions and kills,
 * a kill ring and undo. No rendering — the composer and the input/editor
 * dialogs draw it their own way.
 */
import { graphemeWidth } from "../../text/ansi.js";
import { visibleWidth } from "../../text/width.js";
import { type KillDirection, KillRing } from "./kill-ring.js";
import {
	charClass,
	graphemeBoundaries,
	nextBoundary,
	previousBoundary,
	snapToBoundary,
	wordEndAfter,
	wordStartBefore,
} from "./text-units.js";
import { type Position, type Snapshot, UndoHistory } from "./undo-history.js";

export type { Position } from "./undo-history.js";

export type Motion =
	| "left"
	| "right"
	| "up"
	| "down"
	| "home"
	| "end"
	| "wordLeft"
	| "wordRight"
	| "bufferStart"
	| "bufferEnd";

export interface EditorModelOptions {
	/** When false, newlines in inserted text become spaces. Default true. */
	multiline?: boolean;
	text?: string;
	/** Milliseconds, for splitting typing into undo steps at pauses; defaults to performance.now. */
	now?: () => number;
}

/** A pause in typing longer than this starts a new undo step. */
const TYPING_PAUSE_MS = 1000;

type Command = "type" | "deleteBackward" | "deleteForward" | "kill" | "yank" | "vertical" | "other";

export class EditorModel {
	readonly multiline: boolean;
	private buffer: string[] = [""];
	private position: Position = { line: 0, col: 0 };
	private readonly listeners = new Set<() => void>();
	private readonly kills = new KillRing();
	private readonly history = new UndoHistory();
	private readonly now: () => number;
	private lastCommand: Command = "other";
	private lastTypedAt = 0;
	private lastTypedSpace = false;
	/** Display column up/down aim for, kept across a run of vertical moves. */
	private goalColumn: number | undefined;
	private yanked: { start: Position; end: Position } | undefined;
	private changed = false;

	constructor(options: EditorModelOptions = {}) {
		this.multiline = options.multiline ?? true;
		this.now = options.now ?? (() => performance.now());
		if (options.text) {
			this.buffer = this.normalize(options.text).split("\n");
			this.position = this.endOfBuffer();
		}
	}

	get text(): string {
		return this.buffer.join("\n");
	}

	get lines(): readonly string[] {
		return this.buffer;
	}

	get cursor(): { line: number; col: number } {
		return { ...this.position };
	}

	/** Listens for any change to the text or the cursor; returns the unsubscribe function. */
	onChange(listener: () => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	/** Replaces everything (undoable) and puts the cursor at the end. */
	setText(text: string): void {
		this.run("other", () => {
			this.replace({ line: 0, col: 0 }, this.endOfBuffer(), this.normalize(text), false);
		});
	}

	/** Moves the cursor to `position`, clamped into the text and onto a grapheme boundary. */
	setCursor(position: Position): void {
		this.run("other", () => this.place(this.clamp(position)));
	}

	/** Replaces the text between two positions as one undo step; the cursor ends after the new text. */
	replaceRange(start: Position, end: Position, text: string): void {
		this.run("other", () => {
			const [from, to] = ordered(this.clamp(start), this.clamp(end));
			this.replace(from, to, this.normalize(text), false);
		});
	}

	insert(text: string): void {
		const clean = this.normalize(text);
		if (clean === "") return;
		const single = clean !== "\n" && graphemeBoundaries(clean).length === 2;
		if (!single) {
			this.run("other", () => this.replace(this.position, this.position, clean, false));
			return;
		}
		const space = charClass(clean) === "space";
		const now = this.now();
		const merge =
			this.lastCommand === "type" &&
			now - this.lastTypedAt < TYPING_PAUSE_MS &&
			!(this.lastTypedSpace && !space);
		this.lastTypedAt = now;
		this.lastTypedSpace = space;
		this.run("type", () => this.replace(this.position, this.position, clean, merge));
	}

	/** Moves the cursor; false when it could not move (e.g. up on the first line). */
	move(to: Motion): boolean {
		let target: Position | undefined;
		this.run(to === "up" || to === "down" ? "vertical" : "other", () => {
			target = this.motionTarget(to);
			if (target) this.place(target);
		});
		return target !== undefined;
	}

	deleteBackward(): void {
		this.run("deleteBackward", () => {
			const start = this.motionTarget("left");
			if (start) this.replace(start, this.position, "", this.lastCommand === "deleteBackward");
		});
	}

	deleteForward(): void {
		this.run("deleteForward", () => {
			const end = this.motionTarget("right");
			if (end) this.replace(this.position, end, "", this.lastCommand === "deleteForward");
		});
	}

	deleteWordBackward(): void {
		this.run("other", () => {
			const start = this.motionTarget("wordLeft");
			if (start) this.replace(start, this.position, "", false);
		});
	}

	deleteWordForward(): void {
		this.run("other", () => {
			const end = this.motionTarget("wordRight");
			if (end) this.replace(this.position, end, "", false);
		});
	}

	/** Kills to the end of the line; at the end of a line, kills the line break. */
	killToLineEnd(): void {
		const { line, col } = this.position;
		const atEnd = col === this.buffer[line].length;
		if (atEnd && line + 1 < this.buffer.length)
			this.kill(this.position, { line: line + 1, col: 0 }, "forward");
		else this.kill(this.position, { line, col: this.buffer[line].length }, "forward");
	}

	/** Kills to the start of the line; at the start of a line, kills the line break before it. */
	killToLineStart(): void {
		const { line, col } = this.position;
		if (col === 0 && line > 0)
			this.kill({ line: line - 1, col: this.buffer[line - 1].length }, this.position, "backward");
		else this.kill({ line, col: 0 }, this.position, "backward");
	}

	killWordBackward(): void {
		const start = this.motionTarget("wordLeft");
		this.kill(start ?? this.position, this.position, "backward");
	}

	killWordForward(): void {
		const end = this.motionTarget("wordRight");
		this.kill(this.position, end ?? this.position, "forward");
	}

	/** Inserts the newest kill. */
	yank(): void {
		const text = this.kills.newest();
		if (text === undefined) return;
		this.run("yank", () => {
			const start = this.position;
			this.replace(start, start, text, false);
			this.yanked = { start, end: this.position };
		});
	}

	/** Right after a yank: swaps the yanked text for the next older kill. */
	yankPop(): void {
		const yanked = this.yanked;
		if (this.lastCommand !== "yank" || !yanked) return;
		const text = this.kills.older();
		if (text === undefined) return;
		this.run("yank", () => {
			this.replace(yanked.start, yanked.end, text, false);
			this.yanked = { start: yanked.start, end: this.position };
		});
	}

	undo(): boolean {
		return this.restore(this.history.undo(this.snapshot()));
	}

	redo(): boolean {
		return this.restore(this.history.redo(this.snapshot()));
	}

	/** Swaps the graphemes around the cursor (the last two at the end of a line) and moves past them. */
	transposeChars(): void {
		const { line, col } = this.position;
		const text = this.buffer[line];
		if (col === 0 || graphemeBoundaries(text).length < 3) return;
		const middle = col === text.length ? previousBoundary(text, col) : col;
		const start = previousBoundary(text, middle);
		const end = nextBoundary(text, middle);
		const swapped = text.slice(middle, end) + text.slice(start, middle);
		this.run("other", () => this.replace({ line, col: start }, { line, col: end }, swapped, false));
	}

	private kill(start: Position, end: Position, direction: KillDirection): void {
		if (comparePositions(start, end) !== 0) {
			this.kills.add(this.textBetween(start, end), this.lastCommand === "kill" ? direction : undefined);
		}
		this.run("kill", () => {
			if (comparePositions(start, end) !== 0) this.replace(start, end, "", false);
		});
	}

	private motionTarget(to: Motion): Position | undefined {
		const { line, col } = this.position;
		const text = this.buffer[line];
		const last = this.buffer.length - 1;
		let target: Position | undefined;
		switch (to) {
			case "left":
				target = col > 0 ? { line, col: previousBoundary(text, col) } : this.endOf(line - 1);
				break;
			case "right":
				target = col < text.length ? { line, col: nextBoundary(text, col) } : this.startOf(line + 1);
				break;
			case "wordLeft":
				target = col > 0 ? { line, col: wordStartBefore(text, col) } : this.endOf(line - 1);
				break;
			case "wordRight":
				target = col < text.length ? { line, col: wordEndAfter(text, col) } : this.startOf(line + 1);
				break;
			case "up":
			case "down": {
				const other = to === "up" ? line - 1 : line + 1;
				if (other < 0 || other > last) return undefined;
				this.goalColumn ??= visibleWidth(text.slice(0, col));
				return { line: other, col: columnAtWidth(this.buffer[other], this.goalColumn) };
			}
			case "home":
				target = { line, col: 0 };
				break;
			case "end":
				target = { line, col: text.length };
				break;
			case "bufferStart":
				target = { line: 0, col: 0 };
				break;
			case "bufferEnd":
				target = this.endOfBuffer();
				break;
		}
		return target && comparePositions(target, this.position) !== 0 ? target : undefined;
	}

	private endOf(line: number): Position | undefined {
		return line >= 0 ? { line, col: this.buffer[line].length } : undefined;
	}

	private startOf(line: number): Position | undefined {
		return line < this.buffer.length ? { line, col: 0 } : undefined;
	}

	private endOfBuffer(): Position {
		const line = this.buffer.length - 1;
		return { line, col: this.buffer[line].length };
	}

	/** The one place text changes: records undo, splices lines, puts the cursor after the new text. */
	private replace(start: Position, end: Position, text: string, mergeUndo: boolean): void {
		this.history.record(this.snapshot(), mergeUndo);
		const head = this.buffer[start.line].slice(0, start.col);
		const tail = this.buffer[end.line].slice(end.col);
		const pieces = text.split("\n");
		const lastIndex = pieces.length - 1;
		const cursor = {
			line: start.line + lastIndex,
			col: (lastIndex === 0 ? head : "").length + pieces[lastIndex].length,
		};
		pieces[0] = head + pieces[0];
		pieces[lastIndex] += tail;
		this.buffer.splice(start.line, end.line - start.line + 1, ...pieces);
		const lineText = this.buffer[cursor.line];
		// Text joined to a combining mark that followed the cursor: step past the whole grapheme.
		if (snapToBoundary(lineText, cursor.col) !== cursor.col) cursor.col = nextBoundary(lineText, cursor.col);
		this.position = cursor;
		this.changed = true;
	}

	private place(position: Position): void {
		if (comparePositions(position, this.position) === 0) return;
		this.position = position;
		this.changed = true;
	}

	/** Runs one command: tracks what ran last (for kill joining, yank-pop, undo merging) and notifies once. */
	private run(command: Command, body: () => void): void {
		body();
		this.lastCommand = command;
		if (command !== "vertical") this.goalColumn = undefined;
		if (command !== "yank") this.yanked = undefined;
		this.notify();
	}

	private notify(): void {
		if (!this.changed) return;
		this.changed = false;
		for (const listener of [...this.listeners]) listener();
	}

	private restore(snapshot: Snapshot | undefined): boolean {
		if (!snapshot) return false;
		this.buffer = [...snapshot.lines];
		this.position = { ...snapshot.cursor };
		this.changed = true;
		this.run("other", () => {});
		return true;
	}

	private snapshot(): Snapshot {
		return { lines: [...this.buffer], cursor: { ...this.position } };
	}

	private clamp(position: Position): Position {
		const line = Math.max(0, Math.min(this.buffer.length - 1, Math.trunc(position.line)));
		return { line, col: snapToBoundary(this.buffer[line], Math.trunc(position.col)) };
	}

	private textBetween(start: Position, end: Position): string {
		if (start.line === end.line) return this.buffer[start.line].slice(start.col, end.col);
		const middle = this.buffer.slice(start.line + 1, end.line);
		return [
			this.buffer[start.line].slice(start.col),
			...middle,
			this.buffer[end.line].slice(0, end.col),
		].join("\n");
	}

	/** Line breaks unified; control characters other than newline and tab dropped (they would corrupt the screen). */
	private normalize(text: string): string {
		const unified = text.replace(/\r\n?/g, "\n").replace(/[\x00-\x08\x0b-\x1f\x7f]/g, "");
		return this.multiline ? unified : unified.replace(/\n/g, " ");
	}
}

function comparePositions(a: Position, b: Position): number {
	return a.line !== b.line ? a.line - b.line : a.col - b.col;
}

function ordered(a: Position, b: Position): [Position, Position] {
	return comparePositions(a, b) <= 0 ? [a, b] : [b, a];
}

/** The grapheme boundary in `line` whose display column is closest to `width` without passing it. */
function columnAtWidth(line: string, width: number): number {
	const bounds = graphemeBoundaries(line);
	let used = 0;
	for (let i = 0; i + 1 < bounds.length; i++) {
		used += graphemeWidth(line.slice(bounds[i], bounds[i + 1]));
		if (used > width) return bounds[i];
	}
	return line.length;
}
