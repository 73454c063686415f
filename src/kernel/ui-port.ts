/**
 * The UI port: what extensions (and built-in features) may ask of the user
 * interface. Every mode implements it — the terminal UI interactively, RPC
 * by forwarding to its client, print and JSON modes without a user (notes
 * to stderr, dialogs cancelled) — so every call has a defined behaviour
 * everywhere.
 */

import type { TuiSurface } from "./ui-surface.js";

export type NotifyLevel = "info" | "success" | "warning" | "error";

export interface DialogOptions {
	/** Resolve as cancelled after this long. */
	timeoutMs?: number;
	/** Resolve as cancelled when this aborts. */
	signal?: AbortSignal;
}

export interface SelectItem {
	value: string;
	label?: string;
	description?: string;
}

export interface PrintBlock {
	kind: "info" | "error" | "custom";
	text: string;
	title?: string;
	subtitle?: string;
	/** A theme token or hex colour for custom blocks. */
	borderColor?: string;
}

export interface WidgetSpec {
	id: string;
	placement?: "above" | "below";
	priority?: number;
	content: string | string[];
	format?: "text" | "markdown";
	borderColor?: string;
}

export interface UIPort {
	/** False where no user can answer (print, JSON): dialogs resolve as cancelled at once. */
	readonly interactive: boolean;
	notify(message: string, level?: NotifyLevel): void;
	print(block: PrintBlock): void;
	/** The chosen value, or undefined when cancelled. */
	select(
		title: string,
		items: ReadonlyArray<string | SelectItem>,
		options?: DialogOptions,
	): Promise<string | undefined>;
	multiSelect(
		title: string,
		items: ReadonlyArray<string | SelectItem>,
		options?: DialogOptions,
	): Promise<string[] | undefined>;
	/** True only when the user confirmed; cancelled counts as no. */
	confirm(title: string, message?: string, options?: DialogOptions): Promise<boolean>;
	input(
		title: string,
		options?: DialogOptions & { placeholder?: string; initial?: string },
	): Promise<string | undefined>;
	editor(title: string, initial?: string, options?: DialogOptions): Promise<string | undefined>;
	/** A status-line segment; undefined text removes it. */
	setStatus(id: string, text: string | undefined): void;
	setWidget(spec: WidgetSpec): void;
	removeWidget(id: string): void;
	setHeader(lines: string[] | undefined): void;
	setFooter(lines: string[] | undefined): void;
	/** The terminal UI's primitives (layout, buffers, overlays…); only in the interactive terminal UI. */
	readonly tui?: TuiSurface;
}

/** The methods a wrapper may replace; `interactive` and `tui` always read through to the wrapped port. */
export type UIPortMethods = Omit<UIPort, "interactive" | "tui">;

/**
 * A port that passes every call to `ui` except those in `overrides`: for
 * wrappers that change one or two behaviours (a prefix on notes, a rate
 * limit) without re-listing the whole port.
 */
export function delegatePort(ui: UIPort, overrides: Partial<UIPortMethods> = {}): UIPort {
	return {
		get interactive() {
			return ui.interactive;
		},
		notify: (message, level) => ui.notify(message, level),
		print: (block) => ui.print(block),
		select: (title, items, options) => ui.select(title, items, options),
		multiSelect: (title, items, options) => ui.multiSelect(title, items, options),
		confirm: (title, message, options) => ui.confirm(title, message, options),
		input: (title, options) => ui.input(title, options),
		editor: (title, initial, options) => ui.editor(title, initial, options),
		setStatus: (id, text) => ui.setStatus(id, text),
		setWidget: (spec) => ui.setWidget(spec),
		removeWidget: (id) => ui.removeWidget(id),
		setHeader: (lines) => ui.setHeader(lines),
		setFooter: (lines) => ui.setFooter(lines),
		get tui() {
			return ui.tui;
		},
		...overrides,
	};
}
