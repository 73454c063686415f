/**
 * The terminal UI's primitives as extensions see them: layout, windows,
 * buffers, draw operations, overlays, custom dialogs, editor replacement,
 * headers and footers, mention and completion providers, raw input and
 * lending the terminal to another program. Only the interactive terminal
 * UI provides this surface (`ui.tui`); elsewhere it is undefined. These
 * are the public shapes and the only definitions: the terminal layer
 * aliases them (narrowing colours to its theme's tokens where it draws),
 * checks what it is given and reports mistakes by owner.
 */
import type { DialogOptions } from "./ui-port.js";

/** A theme token ("accent", "diffAdded", …), "#rrggbb", a 256-colour index, or "default". */
export type UIColor = string | number;

/** `Color` is narrowed by the terminal layer to its theme's tokens; extensions use the default. */
export interface UIStyle<Color = UIColor> {
	fg?: Color;
	bg?: Color;
	bold?: boolean;
	dim?: boolean;
	italic?: boolean;
	underline?: boolean;
	inverse?: boolean;
	strikethrough?: boolean;
}

/** A key as the terminal layer names it ("ctrl+c", "shift+enter", "up", "a"). */
export interface UIKey {
	type: "key";
	/** Canonical key id: "ctrl+c", "shift+enter", "up", "a", "?". */
	id: string;
	/** What the key types, when it types anything (no ctrl, alt or super held). */
	text?: string;
	/** Always "press" unless the terminal reports repeats and releases (Kitty keyboard flag 2). */
	action: "press" | "repeat" | "release";
	/** The bytes as received. */
	raw: string;
}

export interface UICursor {
	/** Row within the rendered lines. */
	row: number;
	/** Column in terminal cells. */
	col: number;
}

/** Anything that draws itself as lines at a width. */
export interface UIComponent {
	/**
	 * `height` is given when the rows are decided before drawing: a window
	 * with a fixed or fill height (a pane that draws its own frame, or keeps
	 * a selection in view, needs it); undefined where the component's own
	 * line count decides (content height, widgets, overlays).
	 */
	render(width: number, height?: number): string[];
	/** Returns true when it used the key. */
	handleInput?(key: UIKey): boolean | undefined | void;
	/** Where the hardware cursor goes, in the lines of the last render. */
	cursor?(): UICursor | undefined;
}

export type UIBorder = "single" | "rounded" | "double" | "heavy";

export interface UISpan<Color = UIColor> {
	text: string;
	style?: UIStyle<Color>;
}

/**
 * How an extension paints a window it owns (renderer "extension").
 * Coordinates are window-relative; anything outside the window is clipped.
 */
export type UIDrawOp<Color = UIColor> =
	/** Blanks the whole window (in `style`'s background, if any). */
	| { op: "clear"; style?: UIStyle<Color> }
	| { op: "clearRegion"; row: number; col: number; width: number; height: number; style?: UIStyle<Color> }
	/** One line of text at row/col; may contain SGR styles; never wraps. */
	| { op: "text"; row: number; col: number; text: string; style?: UIStyle<Color> }
	/** Consecutive rows of text starting at row/col. */
	| { op: "lines"; row: number; col?: number; lines: string[]; style?: UIStyle<Color> }
	| { op: "spans"; row: number; col: number; spans: UISpan<Color>[] }
	| {
			op: "box";
			row: number;
			col: number;
			width: number;
			height: number;
			border?: UIBorder;
			style?: UIStyle<Color>;
			title?: string;
			titleStyle?: UIStyle<Color>;
	  }
	| { op: "batch"; ops: UIDrawOp<Color>[] }
	/** Where the hardware cursor goes when this window has focus. */
	| { op: "cursor"; row: number; col: number };

export type UIHeight =
	/** Exactly `rows` rows. */
	| { type: "fixed"; rows: number }
	/** As many rows as the content has, within min and max. */
	| { type: "content"; min?: number; max?: number }
	/** The rows left over once every other window has its height, shared among fill windows. */
	| { type: "fill"; min?: number };

export interface UIWindowSpec {
	id: string;
	buffer?: string;
	height?: UIHeight;
	visible?: boolean;
	focusable?: boolean;
	renderer?: "stock" | "extension" | UIComponent;
}

export interface UISplitSpec {
	split: "row" | "column";
	id: string;
	children: UILayoutSpec[];
	sizes?: Array<number | undefined>;
	visible?: boolean;
}

export type UILayoutSpec = UIWindowSpec | UISplitSpec;

/**
 * What `layout.read()` returns: the tree as plain data that is also a valid
 * layout spec, so an extension can edit it and hand it to `replace()` —
 * windows named by an existing id keep their renderer unless given another.
 */
export type UILayoutSnapshot =
	| {
			id: string;
			buffer?: string;
			height: UIHeight;
			visible: boolean;
			focusable: boolean;
			/** How the window is drawn; informational (a spec's `renderer` sets it). */
			rendererKind: "stock" | "extension" | "component";
			owner: string;
	  }
	| {
			split: "row" | "column";
			id: string;
			sizes?: Array<number | undefined>;
			visible: boolean;
			children: UILayoutSnapshot[];
	  };

/** Where to put a node: next to another, or at an index in a split (the top-level stack by default). */
export type UIPlacement = { before: string } | { after: string } | { parent?: string; index?: number };

export interface UIBlock {
	readonly id: string;
	/** What the block is: "user", "assistant", "tool", or an extension's own kind. */
	kind: string;
	text?: string;
	data?: unknown;
	meta?: Record<string, unknown>;
}

/** A named buffer: lines (composer, status, your own) or blocks (transcript). */
/** A span of a line buffer; annotations move with the lines they are on. */
export interface UIAnnotationRange {
	line: number;
	col: number;
	endLine?: number;
	endCol?: number;
}

export interface UIBuffer {
	readonly name: string;
	readonly kind: "lines" | "blocks";
	readonly owner: string;
	readonly version: number;
	onChange(listener: () => void): () => void;
	getText(): string;
	setText(text: string): void;
	getLines(start?: number, end?: number): string[];
	setLines(start: number, end: number, lines: readonly string[]): void;
	/** The last `limit` blocks (bounded), as copies. */
	recentBlocks(limit?: number): UIBlock[];
	appendBlock(block: UIBlock): void;
	updateBlock(id: string, patch: Partial<Omit<UIBlock, "id">>): void;
	getMeta(key: string): unknown;
	setMeta(key: string, value: unknown): void;
	annotate(
		namespace: string,
		annotation: {
			kind: string;
			range?: UIAnnotationRange;
			block?: string;
			style?: UIStyle;
			data?: unknown;
		},
	): number;
	clearAnnotations(namespace: string): number;
}

export type OverlayAnchor =
	| "center"
	| "top"
	| "bottom"
	| "left"
	| "right"
	| "top-left"
	| "top-right"
	| "bottom-left"
	| "bottom-right";

/** Columns or rows: a number (a fraction below 1 is a share of the terminal) or a percentage string ("50%"). */
export type OverlaySize = number | `${number}%`;

/**
 * Where an overlay goes and how big it is. Positions are within the
 * `frame` (by default the area the chat occupies on screen: the live
 * region, grown to fit the overlay, at most the terminal), less the margins.
 */
export interface OverlayOptions {
	anchor?: OverlayAnchor;
	/** Columns, or a share of the terminal width. Default: as wide as it renders, at most the terminal. */
	width?: OverlaySize;
	/** Columns the overlay takes at least (still at most the terminal less the margins). */
	minWidth?: number;
	/** Rows at most, or a share of the terminal height; lines past it are cut. */
	maxHeight?: OverlaySize;
	/** Rows from the anchored edge (down from the top, up from the bottom, down from the centre). */
	offsetRow?: number;
	/** Columns from the anchored edge (in from the left or right, right of the centre). */
	offsetCol?: number;
	/** A fixed row instead of the anchor's: a number from the top, or a percentage ("0%" top, "100%" bottom). */
	row?: number | `${number}%`;
	/** A fixed column instead of the anchor's: a number from the left, or a percentage ("0%" left, "100%" right). */
	col?: number | `${number}%`;
	/** Cells kept free at the edges: one number for every side, or per side. */
	margin?: number | { top?: number; right?: number; bottom?: number; left?: number };
	/** Asked before each frame with the terminal's size; false leaves the overlay out of that frame (and it takes no keys). */
	visible?: (columns: number, rows: number) => boolean;
	/** Keys go to the overlay's component while it is open. Default true. */
	focus?: boolean;
	/**
	 * What positions are relative to. "content" (default): the rows the chat
	 * has on screen, grown at the bottom when the overlay needs more. "screen":
	 * the whole terminal, as pi places overlays; while such an overlay is shown
	 * the live region is the terminal's height, and shrinks back when it goes.
	 */
	frame?: "content" | "screen";
}

export interface OverlayHandle {
	close(): void;
	readonly closed: boolean;
	/** Hides the overlay (it stays open, draws nothing and takes no keys) or shows it again. */
	setHidden(hidden: boolean): void;
	readonly hidden: boolean;
	/** Gives the overlay the keys and draws it in front of the others. */
	focus(): void;
	/** Stops the overlay taking keys; they go to the overlay focused before it, or the chat. */
	unfocus(): void;
	/** True while this overlay takes the keys. */
	readonly focused: boolean;
}

export interface MentionItem {
	/** What is inserted. */
	value: string;
	label?: string;
	description?: string;
}

/** Completes `@query` in the composer (alongside file paths). */
export interface MentionProvider {
	name: string;
	/** The character that starts a mention. Default "@". */
	trigger?: string;
	complete(query: string, signal: AbortSignal): MentionItem[] | Promise<MentionItem[]>;
}

/** What a completion provider is asked: the composer's lines and cursor. */
export interface CompletionRequest {
	readonly lines: readonly string[];
	readonly line: number;
	readonly col: number;
	/** Aborted when the text or cursor moved on before the answer came. */
	readonly signal: AbortSignal;
	/**
	 * weft's own completion (`/` commands, `@` files and mentions) for these
	 * or other lines and cursor: its items and the text before the cursor
	 * they complete, undefined where it completes nothing. For providers
	 * that build on it (pi's `current.getSuggestions`).
	 */
	readonly builtin?: (
		lines: readonly string[],
		line: number,
		col: number,
		signal: AbortSignal,
	) => Promise<CompletionSuggestions | undefined>;
}

/** A provider's answer: the items, and the text before the cursor they complete. */
export interface CompletionSuggestions {
	/** Replaced by the chosen item's value (unless the provider applies it itself). */
	prefix: string;
	items: MentionItem[];
}

/**
 * Completes text in the composer by its own rules (`#123` issues, `:emoji:`,
 * arguments of a command). Asked on every change, newest provider first,
 * before weft's `/` command and `@` file completion: the first that answers
 * with items is shown; undefined or null leaves the text to the next one,
 * and to weft's own.
 */
export interface CompletionProvider {
	name: string;
	suggest(
		request: CompletionRequest,
	): CompletionSuggestions | null | undefined | Promise<CompletionSuggestions | null | undefined>;
	/** How a chosen item goes in (default: `prefix` before the cursor becomes `item.value`, the cursor after it). */
	apply?(
		request: Omit<CompletionRequest, "signal">,
		item: MentionItem,
		prefix: string,
	): { lines: string[]; line: number; col: number };
}

/** A raw input listener: what it returns decides what weft receives (nothing returned: the input unchanged). */
export type TUIInputListener = (data: string) => { consume?: boolean; data?: string } | undefined | void;

/** Replaces the composer: it renders, takes keys, and calls `submit` with the text to send. */
export type EditorFactory = (io: {
	buffer: UIBuffer;
	submit(text: string): void;
	requestRender(): void;
}) => UIComponent;

export interface TUIHelpers {
	measure(text: string): number;
	truncate(text: string, width: number, ellipsis?: string): string;
	pad(text: string, width: number, align?: "left" | "right" | "center"): string;
	wrap(text: string, width: number): string[];
	fg(color: UIColor, text: string): string;
	bg(color: UIColor, text: string): string;
	paint(text: string, style: UIStyle): string;
	readonly themeName: string;
	readonly appearance: "dark" | "light";
}

export interface TUILayout {
	read(): UILayoutSnapshot[];
	insert(spec: UILayoutSpec, where?: UIPlacement): void;
	remove(id: string): boolean;
	move(id: string, where: UIPlacement): void;
	update(id: string, patch: Partial<Omit<UIWindowSpec, "id">>): void;
	/** Replaces the whole tree (windows kept by id keep their renderer unless given another). */
	replace(specs: UILayoutSpec[]): void;
	/** Back to the stock chat layout. */
	reset(): void;
	focus(id: string | undefined): void;
	/** Submits the draw operations of a window whose renderer is "extension". */
	draw(id: string, ops: UIDrawOp[]): void;
}

export interface TUISurface {
	readonly layout: TUILayout;
	readonly buffers: {
		create(name: string, kind: "lines" | "blocks"): UIBuffer;
		get(name: string): UIBuffer | undefined;
		list(): string[];
	};
	readonly size: { readonly columns: number; readonly rows: number };
	readonly helpers: TUIHelpers;
	/** Shows a component floating above the chat until closed. */
	overlay(component: UIComponent, options?: OverlayOptions): OverlayHandle;
	/** A custom dialog: shows the component as a focused overlay until it calls `done`. */
	custom<T>(
		factory: (done: (value: T | undefined) => void) => UIComponent,
		options?: DialogOptions & OverlayOptions,
	): Promise<T | undefined>;
	/** Replaces the composer; undefined puts the stock one back. */
	setEditor(factory: EditorFactory | undefined): void;
	registerMentionProvider(provider: MentionProvider): () => void;
	/** Adds a completion provider (see `CompletionProvider`); the returned function removes it. */
	registerCompletionProvider(provider: CompletionProvider): () => void;
	/**
	 * Sees the terminal's raw input before weft acts on it (each key's bytes;
	 * a paste as its bracketed sequence): return `{ consume: true }` to drop
	 * it, `{ data }` to have other bytes parsed instead. Returns a function
	 * that removes the listener.
	 */
	onInput(listener: TUIInputListener): () => void;
	/**
	 * Runs another program in the terminal (an editor, a pager, a shell): weft
	 * erases its live region, leaves raw mode and its keyboard modes and stops
	 * reading input; `run` (e.g. `spawnSync(cmd, { stdio: "inherit" })` or an
	 * awaited child process) owns the terminal; then weft takes it back and
	 * draws the live region again below what the program left. Resolves with
	 * what `run` returns; the terminal comes back even when it throws.
	 */
	runInTerminal<T>(run: () => T | Promise<T>): Promise<T>;
	/** The same in two steps, for code that cannot pass a function: the returned function takes the terminal back. */
	releaseTerminal(): () => void;
	/** A widget drawn by a component (re-rendered every frame it is asked for). */
	setWidgetComponent(
		id: string,
		component: UIComponent,
		options?: { placement?: "above" | "below"; priority?: number },
	): void;
	/**
	 * Replaces the header (and any `ui.setHeader` lines) with a component;
	 * undefined puts them back. The header sits at the top of the live region.
	 */
	setHeaderComponent(component: UIComponent | undefined): void;
	/**
	 * A header at the top of the conversation, in the scrollback, that
	 * scrolls away as the conversation grows (pi's `setHeader`), where
	 * setHeaderComponent's stays at the top of the live region. Set by the
	 * first session's `session_start` handlers, it is printed in place of
	 * weft's start-up header; set or cleared (undefined: weft's header) later,
	 * the conversation is written again under it, as after the terminal got
	 * narrower. Rendered at the terminal's width each time it is printed.
	 */
	setConversationHeader(component: UIComponent | undefined): void;
	/**
	 * Replaces the status line (model, tokens, cost, status segments) with a
	 * component, as pi's `setFooter` does; the working indicator stays above
	 * it while the agent runs, and `ui.setFooter` lines below. Undefined puts
	 * the status line back.
	 */
	setFooterComponent(component: UIComponent | undefined): void;
	/** Asks for a frame (after changing what a component draws). */
	requestRender(): void;
}
