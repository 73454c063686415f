/**
 * What every dialog is: a component that settles a promise once — with the
 * user's answer, or undefined when cancelled (Esc, a timeout, an abort).
 * The app shows it as a focused overlay and closes it when `result` settles.
 */
import type { KeyEvent } from "../../input/input-events.js";
import type { Component } from "../../primitives/window.js";
import type { CursorPosition } from "../../render/frame.js";
import { ChangeSignal } from "./change-signal.js";
import type { DialogFrame } from "./dialog-frame.js";

export interface Dialog<T> extends Component {
	/** The answer, or undefined when cancelled. */
	readonly result: Promise<T | undefined>;
	readonly settled: boolean;
	/** Settles as cancelled; does nothing once settled. */
	cancel(): void;
	/** A note in the footer, e.g. "(closes in 5s)"; undefined removes it. */
	setNote(note: string | undefined): void;
	/** Called when what the dialog draws changes without a key (a note, settling). */
	onChange(listener: () => void): () => void;
}

export abstract class DialogBase<T> implements Dialog<T> {
	readonly result: Promise<T | undefined>;
	protected abstract readonly frame: DialogFrame;
	private readonly changes = new ChangeSignal();
	private resolve!: (value: T | undefined) => void;
	private done = false;

	constructor() {
		this.result = new Promise((resolve) => {
			this.resolve = resolve;
		});
	}

	get settled(): boolean {
		return this.done;
	}

	render(width: number): string[] {
		return this.frame.render(width);
	}

	handleInput(key: KeyEvent): boolean {
		if (this.done || key.action === "release") return false;
		return this.frame.handleInput(key);
	}

	cursor(): CursorPosition | undefined {
		return this.done ? undefined : this.frame.cursor();
	}

	cancel(): void {
		this.settle(undefined);
	}

	setNote(note: string | undefined): void {
		if (this.frame.note === note) return;
		this.frame.note = note;
		this.changes.emit();
	}

	onChange(listener: () => void): () => void {
		return this.changes.on(listener);
	}

	protected settle(value: T | undefined): void {
		if (this.done) return;
		this.done = true;
		this.resolve(value);
		this.changes.emit();
	}
}
