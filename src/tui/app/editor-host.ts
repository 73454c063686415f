import type { Composer } from "../chat/composer/composer.js";
import type { KeyEvent } from "../input/input-events.js";
import type { Component } from "../primitives/window.js";
import { type DrawFailureReport, renderOrReport } from "./draw-failure.js";

/**
 * The composer window's component: the stock composer, or an editor an
 * extension put in its place. Kept as one object so the layout never needs
 * to change when the editor does. A replacement that throws while drawing is
 * taken down, and the stock composer (with the text typed so far: the two
 * share the composer buffer) draws in its place.
 */
export class EditorHost implements Component {
	private replacement: Component | undefined;
	private owner: string | undefined;

	constructor(
		private readonly stock: Composer,
		private readonly report: DrawFailureReport = () => {},
	) {}

	get isStock(): boolean {
		return this.replacement === undefined;
	}

	replace(component: Component | undefined, owner?: string): void {
		this.replacement = component;
		this.owner = owner;
	}

	/** The stock composer's completion list takes navigation keys before any keymap. */
	captures(key: KeyEvent): boolean {
		return this.replacement !== undefined || this.stock.captures(key);
	}

	render(width: number): string[] {
		const replacement = this.replacement;
		if (!replacement) return this.stock.render(width);
		const what = { part: "editor", stock: "composer", owner: this.owner };
		const lines = renderOrReport(() => replacement.render(width), what, this.report);
		if (lines) return lines;
		this.replace(undefined);
		return this.stock.render(width);
	}

	cursor() {
		return (this.replacement ?? this.stock).cursor?.();
	}

	handleInput(key: KeyEvent): boolean {
		return Boolean((this.replacement ?? this.stock).handleInput?.(key));
	}

	/** A paste: the stock composer collapses large ones; a replacement editor gets it as typed text. */
	paste(text: string): void {
		if (this.replacement)
			this.replacement.handleInput?.({ type: "key", id: "paste", text, action: "press", raw: text });
		else this.stock.handleInput({ type: "paste", text });
	}
}
