/**
 * The chrome every dialog shares: a rounded border in the focus colour with
 * the title in it, the dialog's body inside, and a footer line saying which
 * keys do what — plus a note such as "(closes in 5s)" when one is set.
 */
import type { KeyEvent } from "../../input/input-events.js";
import type { Component } from "../../primitives/window.js";
import type { CursorPosition } from "../../render/frame.js";
import { clip, truncate, visibleWidth } from "../../text/width.js";
import type { Styler } from "../../theme/style.js";
import { BOX_CHROME, drawBox, MIN_BOX_WIDTH } from "./box.js";

export interface DialogFrameOptions {
	styler: Styler;
	title: string;
	body: Component;
	/** Which keys do what, e.g. "↑↓ select · enter confirm · esc cancel". */
	hint: string;
}

export class DialogFrame implements Component {
	/** Shown at the right of the footer; the hint gives way to it when space is short. */
	note: string | undefined;
	private framed = true;

	constructor(private readonly options: DialogFrameOptions) {}

	render(width: number): string[] {
		const { styler, body, title } = this.options;
		this.framed = width >= MIN_BOX_WIDTH;
		if (!this.framed) return body.render(width).map((line) => clip(line, width));
		const inner = width - BOX_CHROME;
		const content = [...body.render(inner), this.footer(inner)];
		return drawBox(content, width, { styler, border: "borderFocus", title });
	}

	handleInput(key: KeyEvent): boolean {
		return this.options.body.handleInput?.(key) === true;
	}

	cursor(): CursorPosition | undefined {
		const inside = this.options.body.cursor?.();
		if (!inside || !this.framed) return inside;
		return { row: inside.row + 1, col: inside.col + 2 };
	}

	private footer(width: number): string {
		const { styler, hint } = this.options;
		if (!this.note) return styler.fg("muted", truncate(hint, width));
		const note = truncate(this.note, width);
		const room = width - visibleWidth(note) - 2;
		const shownHint = room > 0 ? truncate(hint, room) : "";
		const gap = width - visibleWidth(shownHint) - visibleWidth(note);
		return styler.fg("muted", shownHint) + " ".repeat(Math.max(0, gap)) + styler.fg("warning", note);
	}
}
