/**
 * Widgets in one place (above or below the composer): text, markdown or a
 * component per id, each tagged with the extension that set it, drawn in
 * priority order (higher first, then oldest first). A widget that fails to
 * draw shows one red line naming it instead of taking the frame down.
 */
import { errorMessage } from "../../../base/error-message.js";
import type { WidgetSpec } from "../../../kernel/ui-port.js";
import type { Component } from "../../primitives/window.js";
import { clip, truncate } from "../../text/width.js";
import { wrap } from "../../text/wrap.js";
import type { Styler } from "../../theme/style.js";
import { toStyleColor } from "./sanitize.js";

export type MarkdownRender = (text: string, width: number) => string[];

export interface ComponentWidget {
	id: string;
	owner: string;
	component: Component;
	priority?: number;
	/** A theme token or hex colour for a bar down the left edge. */
	borderColor?: string;
}

export type Widget = (WidgetSpec & { owner: string }) | ComponentWidget;

interface Entry {
	widget: Widget;
	/** Insertion order; kept when a widget is replaced, so updating one does not move it. */
	seq: number;
}

const BAR = "│ ";

export class WidgetArea implements Component {
	private readonly entries = new Map<string, Entry>();
	private seq = 0;

	constructor(
		private readonly markdown: MarkdownRender,
		private readonly styler: Styler | (() => Styler),
	) {}

	/** Adds the widget, or replaces the one with its id. */
	set(widget: Widget): void {
		const seq = this.entries.get(widget.id)?.seq ?? this.seq++;
		this.entries.set(widget.id, { widget, seq });
	}

	remove(id: string): boolean {
		return this.entries.delete(id);
	}

	/** Removes every widget `owner` set; returns how many. */
	removeOwner(owner: string): number {
		let removed = 0;
		for (const [id, entry] of this.entries) {
			if (entry.widget.owner !== owner) continue;
			this.entries.delete(id);
			removed++;
		}
		return removed;
	}

	/** Widget ids in drawing order. */
	ids(): string[] {
		return this.ordered().map((entry) => entry.widget.id);
	}

	render(width: number): string[] {
		if (width <= 0) return [];
		return this.ordered().flatMap(({ widget }) => this.renderWidget(widget, width));
	}

	private ordered(): Entry[] {
		return [...this.entries.values()].sort(
			(a, b) => (b.widget.priority ?? 0) - (a.widget.priority ?? 0) || a.seq - b.seq,
		);
	}

	private renderWidget(widget: Widget, width: number): string[] {
		const styler = this.currentStyler();
		const barred = widget.borderColor !== undefined && width > BAR.length;
		const inner = barred ? width - BAR.length : width;
		let lines: string[];
		try {
			lines = this.content(widget, inner).map((line) => clip(line, inner));
		} catch (error) {
			const message = errorMessage(error);
			const text = `⚠ widget "${widget.id}" (${widget.owner}) failed to render: ${message}`;
			return [styler.fg("error", truncate(text, width))];
		}
		if (!barred) return lines;
		const bar = styler.fg(toStyleColor(widget.borderColor, "border"), BAR);
		return lines.map((line) => bar + line);
	}

	private content(widget: Widget, width: number): string[] {
		if ("component" in widget) return widget.component.render(width);
		const text = Array.isArray(widget.content) ? widget.content.join("\n") : String(widget.content);
		if (widget.format === "markdown") return this.markdown(text, width);
		return wrap(text, width);
	}

	private currentStyler(): Styler {
		return typeof this.styler === "function" ? this.styler() : this.styler;
	}
}
