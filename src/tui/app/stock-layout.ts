/**
 * The stock chat's windows, top to bottom, and what may replace the two at
 * its edges: an extension's header component takes the header window's
 * place (and any header lines), and its footer component takes the status
 * line's place, as pi's `setFooter` replaces pi's footer. The working
 * indicator stays above a replaced status line, since the component does
 * not know the agent is running. Footer lines (`ui.setFooter(lines)`) are
 * drawn under either.
 */
import { renderStatusLine, renderWorkingRow, type StatusState } from "../chat/ui/status-line.js";
import type { LayoutSpec } from "../primitives/layout.js";
import type { Component } from "../primitives/window.js";
import type { Styler } from "../theme/style.js";
import { type DrawFailureReport, renderOrReport } from "./draw-failure.js";

/** The ids of the stock chat's windows. */
export const CHAT_WINDOWS = [
	"header",
	"transcript",
	"notifications",
	"widgets-above",
	"composer",
	"widgets-below",
	"status",
	"footer",
] as const;

/** The components extensions put at the chat's edges, with who set them (so unloading takes them down). */
export class ChromeSlots {
	header: { owner: string; component: Component } | undefined;
	footer: { owner: string; component: Component } | undefined;

	constructor(private readonly report: DrawFailureReport = () => {}) {}

	/** Sets or clears one edge; clearing leaves another owner's component alone. */
	set(edge: "header" | "footer", owner: string, component: Component | undefined): void {
		if (component) this[edge] = { owner, component };
		else if (this[edge]?.owner === owner) this[edge] = undefined;
	}

	/** The edge's component drawn; undefined when none is set or it threw (then it is taken down and reported). */
	draw(edge: "header" | "footer", width: number): string[] | undefined {
		const slot = this[edge];
		if (!slot) return undefined;
		const what = { part: edge, stock: edge === "header" ? "header" : "status line", owner: slot.owner };
		const lines = renderOrReport(() => slot.component.render(width), what, this.report);
		if (!lines) this.set(edge, slot.owner, undefined);
		return lines;
	}

	/** Takes down what `owner` set; true when something was. */
	removeOwner(owner: string): boolean {
		let removed = false;
		for (const edge of ["header", "footer"] as const) {
			if (this[edge]?.owner !== owner) continue;
			this[edge] = undefined;
			removed = true;
		}
		return removed;
	}
}

/** What the stock windows draw from. */
export interface StockLayoutParts {
	chrome: ChromeSlots;
	header(): string[] | undefined;
	footer(): string[] | undefined;
	notifications(width: number): string[];
	widgetsAbove: Component;
	editor: Component;
	widgetsBelow: Component;
	status(): StatusState;
	styler(): Styler;
}

export function stockLayout(parts: StockLayoutParts): LayoutSpec[] {
	const { chrome } = parts;
	const lines = (get: () => string[] | undefined): Component => ({ render: () => get() ?? [] });
	return [
		{
			id: "header",
			renderer: {
				render: (w) => chrome.draw("header", w) ?? parts.header() ?? [],
			},
		},
		{ id: "transcript", buffer: "transcript" },
		// A blank row keeps the transcript off the composer; toasts go under it.
		{ id: "notifications", renderer: { render: (w) => ["", ...parts.notifications(w)] } },
		{ id: "widgets-above", renderer: parts.widgetsAbove },
		{ id: "composer", buffer: "composer", renderer: parts.editor, focusable: true },
		{ id: "widgets-below", renderer: parts.widgetsBelow },
		{
			id: "status",
			buffer: "status",
			renderer: {
				render: (w) => {
					const footer = chrome.draw("footer", w);
					return footer
						? [...renderWorkingRow(parts.status(), w, parts.styler()), ...footer]
						: renderStatusLine(parts.status(), w, parts.styler());
				},
			},
		},
		{ id: "footer", renderer: lines(parts.footer) },
	];
}
