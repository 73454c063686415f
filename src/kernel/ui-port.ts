/**
 * The UI port: what extensions (and built-in features) may ask of the user
 * interface. Every mode implements it — the terminal UI interactively, RPC
 * by forwarding to its client, print and JSON modes without a user (notes
 * to stderr, dialogs cancelled) — so every call has a defined behaviour
 * everywhere.
 */

import type { TUISurface } from "./ui-surface.js";

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

/** The animation of the terminal UI's working indicator: frames drawn verbatim (their own colours), one every `intervalMs`. */
export interface WorkingIndicator {
	/** An empty list hides the indicator (the message stays). */
	frames: string[];
	/** Default 80 ms; ignored for a single frame. */
	intervalMs?: number;
}

/** A theme as extensions see it: colours by token (weft's tokens, src/tui/theme/tokens.ts). */
export interface UITheme {
	name: string;
	appearance: "dark" | "light";
	colors: Readonly<Record<string, string | number>>;
}

/** One theme weft can switch to: a built-in (no path) or a file in ~/.weft/themes. */
export interface UIThemeInfo {
	name: string;
	appearance: "dark" | "light";
	path?: string;
}

export type ThemeSwitch = { success: true } | { success: false; error: string };

/**
 * How the terminal UI looks: the working indicator, collapsed thinking, the
 * Ctrl+O expansion and the theme. Modes that draw nothing answer with
 * `UndrawnAppearance`.
 */
export interface UIAppearance {
	/** The working indicator's text while the agent runs; undefined restores weft's ("Working"). Compaction keeps its own. */
	setWorkingMessage(text?: string): void;
	/** False hides the working indicator (spinner and text) while the agent runs; true shows it again. */
	setWorkingVisible(visible: boolean): void;
	/** The working indicator's frames; `{ frames: [] }` hides the spinner, undefined restores weft's. */
	setWorkingIndicator(indicator?: WorkingIndicator): void;
	/** The label of a collapsed thinking block ("Thinking…"); undefined restores it. */
	setHiddenThinkingLabel(label?: string): void;
	/** Tool output and thinking shown in full, as Ctrl+O toggles it; false where nothing is drawn. */
	getToolsExpanded(): boolean;
	setToolsExpanded(expanded: boolean): void;
	/** The themes weft can switch to; empty where nothing is drawn. */
	getAllThemes(): UIThemeInfo[];
	/** A theme's colours without switching to it; undefined when there is none of that name (or nothing is drawn). */
	getTheme(name: string): UITheme | undefined;
	/** Draws with another theme from now on (not saved to settings); a failure says why. */
	setTheme(theme: string | UITheme): ThemeSwitch;
}

/**
 * The appearance calls where weft draws nothing (print, JSON, RPC, ACP):
 * setters do nothing, there are no themes. The UI ports of those modes
 * extend it, so each answers them the same way.
 */
export class UndrawnAppearance implements UIAppearance {
	setWorkingMessage(_text?: string): void {}
	setWorkingVisible(_visible: boolean): void {}
	setWorkingIndicator(_indicator?: WorkingIndicator): void {}
	setHiddenThinkingLabel(_label?: string): void {}
	getToolsExpanded(): boolean {
		return false;
	}
	setToolsExpanded(_expanded: boolean): void {}
	getAllThemes(): UIThemeInfo[] {
		return [];
	}
	getTheme(_name: string): UITheme | undefined {
		return undefined;
	}
	setTheme(_theme: string | UITheme): ThemeSwitch {
		return { success: false, error: "this mode draws nothing, so it has no theme to switch" };
	}
}

export interface UIPort extends UIAppearance {
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
	/**
	 * The terminal window's title (OSC 0) in the terminal UI, an
	 * `extension_ui_request` in RPC mode; nothing where there is no window.
	 */
	setTitle(title: string): void;
	/** The terminal UI's primitives (layout, buffers, overlays…); only in the interactive terminal UI. */
	readonly tui?: TUISurface;
}

/** What a decorator may replace: any method, and `tui` (as a getter, read on each access). */
export type UIPortOverrides = Partial<Omit<UIPort, "interactive">>;

/**
 * A port that passes every call to `base` except those in `overrides`: for
 * decorators that change one or two behaviours (a prefix on notes, a rate
 * limit, deadlines held in dialogs) without re-listing the whole port.
 * `interactive` always reads through to `base`.
 */
export function decoratePort(base: UIPort, overrides: UIPortOverrides = {}): UIPort {
	const port: UIPort = {
		get interactive() {
			return base.interactive;
		},
		notify: (message, level) => base.notify(message, level),
		print: (block) => base.print(block),
		select: (title, items, options) => base.select(title, items, options),
		multiSelect: (title, items, options) => base.multiSelect(title, items, options),
		confirm: (title, message, options) => base.confirm(title, message, options),
		input: (title, options) => base.input(title, options),
		editor: (title, initial, options) => base.editor(title, initial, options),
		setStatus: (id, text) => base.setStatus(id, text),
		setWidget: (spec) => base.setWidget(spec),
		removeWidget: (id) => base.removeWidget(id),
		setHeader: (lines) => base.setHeader(lines),
		setFooter: (lines) => base.setFooter(lines),
		setTitle: (title) => base.setTitle(title),
		setWorkingMessage: (text) => base.setWorkingMessage(text),
		setWorkingVisible: (visible) => base.setWorkingVisible(visible),
		setWorkingIndicator: (indicator) => base.setWorkingIndicator(indicator),
		setHiddenThinkingLabel: (label) => base.setHiddenThinkingLabel(label),
		getToolsExpanded: () => base.getToolsExpanded(),
		setToolsExpanded: (expanded) => base.setToolsExpanded(expanded),
		getAllThemes: () => base.getAllThemes(),
		getTheme: (name) => base.getTheme(name),
		setTheme: (theme) => base.setTheme(theme),
		get tui() {
			return base.tui;
		},
	};
	// Descriptors, not a spread: a spread would read a `tui` getter once, here, instead of on each access.
	return Object.defineProperties(port, Object.getOwnPropertyDescriptors(overrides));
}
