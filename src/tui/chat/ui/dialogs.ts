/**
 * The dialogs extensions and commands ask for: pick one, pick several, yes
 * or no, a line of text, a longer text. Each is a SelectList, a pair of
 * buttons or an EditorField inside the shared DialogFrame, settling
 * `result` once.
 */
import type { SelectItem } from "../../../kernel/ui-port.js";
import type { KeyEvent } from "../../input/input-events.js";
import type { Component } from "../../primitives/window.js";
import type { CursorPosition } from "../../render/frame.js";
import { wrap } from "../../text/wrap.js";
import type { Styler } from "../../theme/style.js";
import { EditorModel } from "../composer/editor-model.js";
import { DialogBase } from "./dialog.js";
import { DialogFrame } from "./dialog-frame.js";
import { EditorField } from "./editor-field.js";
import { SelectList } from "./select-list.js";

export interface SelectDialogOptions {
	/** Rows of items shown at once. Default 10. */
	maxVisible?: number;
	/** The value highlighted at the start. */
	initial?: string;
}

export class SelectDialog extends DialogBase<string> {
	protected readonly frame: DialogFrame;

	constructor(
		title: string,
		items: ReadonlyArray<string | SelectItem>,
		styler: Styler,
		options: SelectDialogOptions = {},
	) {
		super();
		const list = new SelectList(items, {
			styler,
			maxVisible: options.maxVisible,
			initial: options.initial,
			onSelect: (value) => this.settle(value),
			onCancel: () => this.cancel(),
		});
		this.frame = new DialogFrame({
			styler,
			title,
			body: list,
			hint: "↑↓ select · type to filter · enter confirm · esc cancel",
		});
	}
}

export interface MultiSelectDialogOptions extends SelectDialogOptions {
	/** Values ticked at the start. */
	checked?: readonly string[];
}

export class MultiSelectDialog extends DialogBase<string[]> {
	protected readonly frame: DialogFrame;

	constructor(
		title: string,
		items: ReadonlyArray<string | SelectItem>,
		styler: Styler,
		options: MultiSelectDialogOptions = {},
	) {
		super();
		const list = new SelectList(items, {
			styler,
			maxVisible: options.maxVisible,
			initial: options.initial,
			multi: true,
			checked: options.checked,
			onConfirm: (values) => this.settle(values),
			onCancel: () => this.cancel(),
		});
		this.frame = new DialogFrame({
			styler,
			title,
			body: list,
			hint: "↑↓ move · space toggle · enter confirm · esc cancel",
		});
	}
}

export interface ConfirmDialogOptions {
	/** The button Enter presses at the start. Default yes. */
	defaultValue?: boolean;
}

/** Yes or no; cancelling (Esc, timeout, abort) answers no. */
export class ConfirmDialog extends DialogBase<boolean> {
	declare readonly result: Promise<boolean>;
	protected readonly frame: DialogFrame;
	private choice: boolean;

	constructor(
		title: string,
		private readonly message: string | undefined,
		private readonly styler: Styler,
		options: ConfirmDialogOptions = {},
	) {
		super();
		this.choice = options.defaultValue ?? true;
		const body: Component = {
			render: (width) => this.body(width),
			handleInput: (key) => this.key(key),
		};
		this.frame = new DialogFrame({
			styler,
			title,
			body,
			hint: "y/n · ←→ choose · enter confirm · esc cancel",
		});
	}

	override cancel(): void {
		this.settle(false);
	}

	private key(key: KeyEvent): boolean {
		switch (key.id) {
			case "y":
			case "shift+y":
				this.settle(true);
				return true;
			case "n":
			case "shift+n":
			case "escape":
				this.settle(false);
				return true;
			case "enter":
				this.settle(this.choice);
				return true;
			case "left":
			case "right":
			case "tab":
			case "shift+tab":
				this.choice = !this.choice;
				return true;
		}
		return false;
	}

	private body(width: number): string[] {
		const { styler, message } = this;
		const button = (label: string, chosen: boolean) =>
			chosen
				? styler.paint(`› ${label} `, { fg: "accent", bg: "selectionBg", bold: true })
				: styler.fg("muted", `  ${label} `);
		const buttons = `${button("Yes", this.choice)}  ${button("No", !this.choice)}`;
		return message ? [...wrap(message, width), "", buttons] : [buttons];
	}
}

export interface InputDialogOptions {
	placeholder?: string;
	initial?: string;
	/** Text above the field. */
	message?: string;
}

const PROMPT = "› ";

/** One line of text; Enter submits it (empty included), Esc cancels. */
export class InputDialog extends DialogBase<string> {
	protected readonly frame: DialogFrame;
	private readonly model: EditorModel;
	private readonly field: EditorField;
	private messageRows = 0;

	constructor(
		title: string,
		private readonly options: InputDialogOptions,
		private readonly styler: Styler,
	) {
		super();
		this.model = new EditorModel({ multiline: false, text: options.initial });
		this.field = new EditorField({ styler, model: this.model, placeholder: options.placeholder });
		const body: Component = {
			render: (width) => this.body(width),
			handleInput: (key) => this.key(key),
			cursor: () => this.fieldCursor(),
		};
		this.frame = new DialogFrame({ styler, title, body, hint: "enter submit · esc cancel" });
	}

	/** Pasted text goes into the field, line breaks as spaces. */
	handlePaste(text: string): void {
		if (!this.settled) this.field.paste(text);
	}

	private key(key: KeyEvent): boolean {
		if (key.id === "enter") this.settle(this.model.text);
		else if (key.id === "escape") this.cancel();
		else return this.field.handleInput(key);
		return true;
	}

	private body(width: number): string[] {
		const message = this.options.message ? wrap(this.options.message, width) : [];
		this.messageRows = message.length;
		const field = this.field.render(Math.max(1, width - PROMPT.length))[0] ?? "";
		return [...message, this.styler.fg("accent", PROMPT) + field];
	}

	private fieldCursor(): CursorPosition | undefined {
		const at = this.field.cursor();
		return at && { row: this.messageRows + at.row, col: PROMPT.length + at.col };
	}
}

export interface EditorDialogOptions {
	initial?: string;
	/** Rows of text shown at most. Default 10. */
	maxRows?: number;
}

/** Multi-line text; Enter is a new line, Ctrl+S or Ctrl+Enter submits, Esc cancels. */
export class EditorDialog extends DialogBase<string> {
	protected readonly frame: DialogFrame;
	private readonly model: EditorModel;
	private readonly field: EditorField;

	constructor(title: string, options: EditorDialogOptions, styler: Styler) {
		super();
		this.model = new EditorModel({ multiline: true, text: options.initial });
		this.field = new EditorField({ styler, model: this.model, maxRows: options.maxRows });
		const body: Component = {
			render: (width) => this.field.render(width),
			handleInput: (key) => this.key(key),
			cursor: () => this.field.cursor(),
		};
		this.frame = new DialogFrame({
			styler,
			title,
			body,
			hint: "ctrl+s submit · enter new line · esc cancel",
		});
	}

	handlePaste(text: string): void {
		if (!this.settled) this.field.paste(text);
	}

	private key(key: KeyEvent): boolean {
		switch (key.id) {
			case "ctrl+s":
			case "ctrl+enter":
				this.settle(this.model.text);
				return true;
			case "escape":
				this.cancel();
				return true;
			case "enter":
			case "shift+enter":
			case "alt+enter":
				this.model.insert("\n");
				return true;
		}
		return this.field.handleInput(key);
	}
}
