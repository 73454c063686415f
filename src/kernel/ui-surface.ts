/**
 * The terminal UI's primitives as extensions see them: layout, windows,
 * buffers, draw operations, overlays, custom dialogs, editor replacement and
 * mention providers. Only the interactive terminal UI provides this surface
 * (`ui.tui`); elsewhere it is undefined. These are the public shapes; the
 * terminal layer checks what it is given and reports mistakes by owner.
 */
import type { DialogOptions } from "./ui-port.js";

/** A theme token ("accent", "diffAdded", …), "#rrggbb", a 256-colour index, or "default". */
export type UiColor = string | number;

export interface UiStyle {
	fg?: UiColor;
	bg?: UiColor;
	bold?: boolean;
	dim?: boolean;
	italic?: boolean;
	underline?: boolean;
	inverse?: boolean;
	strikethrough?: boolean;
}

/** A key as the terminal layer names it ("ctrl+c", "shift+enter", "up", "a"). */
export interface UiKey {
	type: "key";
	id: string;
	/** What the key types, when it types anything. */
	text?: string;
	raw: string;
}

export interface UiCursor {
	row: number;
	col: number;
}

/** Anything that draws itself as lines at a width. */
export interface UiComponent {
	render(width: number): string[];
	/** Returns true when it used the key. */
	handleInput?(key: UiKey): boolean | undefined | void;
	/** Where the hardware cursor goes, in the lines of the last render. */
	cursor?(): UiCursor | undefined;
}

export type UiBorder = "single" | "rounded" | "double" | "heavy";

export type UiDrawOp =
	| { op: "clear"; style?: UiStyle }
	| { op: "clearRegion"; row: number; col: number; width: number; height: number; style?: UiStyle }
	| { op: "text"; row: number; col: number; text: string; style?: UiStyle }
	| { op: "lines"; row: number; col?: number; lines: string[]; style?: UiStyle }
	| { op: "spans"; row: number; col: number; spans: Array<{ text: string; style?: UiStyle }> }
	| {
			op: "box";
			row: number;
			col: number;
			width: number;
			height: number;
			border?: UiBorder;
			style?: UiStyle;
			title?: string;
			titleStyle?: UiStyle;
	  }
	| { op: "batch"; ops: UiDrawOp[] }
	| { op: "cursor"; row: number; col: number };

export type UiHeight =
	/** Exactly `rows` rows. */
	| { type: "fixed"; rows: number }
	/** As many rows as the content has, within min and max. */
	| { type: "content"; min?: number; max?: number }
	/** The rows left over once every other window has its height, shared among fill windows. */
	| { type: "fill"; min?: number };

export interface UiWindowSpec {
	id: string;
	buffer?: string;
	height?: UiHeight;
	visible?: boolean;
	focusable?: boolean;
	renderer?: "stock" | "extension" | UiComponent;
}

export interface UiSplitSpec {
	split: "row" | "column";
	id: string;
	children: UiLayoutSpec[];
	sizes?: Array<number | undefined>;
	visible?: boolean;
}

export type UiLayoutSpec = UiWindowSpec | UiSplitSpec;

/**
 * What `layout.read()` returns: the tree as plain data that is also a valid
 * layout spec, so an extension can edit it and hand it to `replace()` —
 * windows named by an existing id keep their renderer unless given another.
 */
export type UiLayoutSnapshot =
	| {
			id: string;
			buffer?: string;
			height: UiHeight;
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
			children: UiLayoutSnapshot[];
	  };

/** Where to put a node: next to another, or at an index in a split (the top-level stack by default). */
export type UiPlacement = { before: string } | { after: string } | { parent?: string; index?: number };

export interface UiBlock {
	readonly id: string;
	kind: string;
	text?: string;
	data?: unknown;
	meta?: Record<string, unknown>;
}

/** A named buffer: lines (composer, status, your own) or blocks (transcript). */
export interface UiBuffer {
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
	recentBlocks(limit?: number): UiBlock[];
	appendBlock(block: UiBlock): void;
	updateBlock(id: string, patch: Partial<Omit<UiBlock, "id">>): void;
	getMeta(key: string): unknown;
	setMeta(key: string, value: unknown): void;
	annotate(
		namespace: string,
		annotation: {
			kind: string;
			range?: { line: number; col: number; endLine?: number; endCol?: number };
			block?: string;
			style?: UiStyle;
			data?: unknown;
		},
	): number;
	clearAnnotations(namespace: string): number;
}

export type OverlayAnchor =
	| "center"
	| "top"
	| "bottom"
	| "top-left"
	| "top-right"
	| "bottom-left"
	| "bottom-right";

export interface OverlayOptions {
	anchor?: OverlayAnchor;
	/** Columns, or a fraction of the terminal width (0.5 = half). Default: as wide as it renders, at most the terminal. */
	width?: number;
	/** Rows from the anchored edge. */
	offsetRow?: number;
	offsetCol?: number;
	/** Keys go to the overlay's component while it is open. Default true. */
	focus?: boolean;
}

export interface OverlayHandle {
	close(): void;
	readonly closed: boolean;
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

/** Replaces the composer: it renders, takes keys, and calls `submit` with the text to send. */
export type EditorFactory = (io: {
	buffer: UiBuffer;
	submit(text: string): void;
	requestRender(): void;
}) => UiComponent;

export interface TuiHelpers {
	measure(text: string): number;
	truncate(text: string, width: number, ellipsis?: string): string;
	pad(text: string, width: number, align?: "left" | "right" | "center"): string;
	wrap(text: string, width: number): string[];
	fg(color: UiColor, text: string): string;
	bg(color: UiColor, text: string): string;
	paint(text: string, style: UiStyle): string;
	readonly themeName: string;
	readonly appearance: "dark" | "light";
}

export interface TuiLayout {
	read(): UiLayoutSnapshot[];
	insert(spec: UiLayoutSpec, where?: UiPlacement): void;
	remove(id: string): boolean;
	move(id: string, where: UiPlacement): void;
	update(id: string, patch: Partial<Omit<UiWindowSpec, "id">>): void;
	/** Replaces the whole tree (windows kept by id keep their renderer unless given another). */
	replace(specs: UiLayoutSpec[]): void;
	/** Back to the stock chat layout. */
	reset(): void;
	focus(id: string | undefined): void;
	/** Submits the draw operations of a window whose renderer is "extension". */
	draw(id: string, ops: UiDrawOp[]): void;
}

export interface TuiSurface {
	readonly layout: TuiLayout;
	readonly buffers: {
		create(name: string, kind: "lines" | "blocks"): UiBuffer;
		get(name: string): UiBuffer | undefined;
		list(): string[];
	};
	readonly size: { readonly columns: number; readonly rows: number };
	readonly helpers: TuiHelpers;
	/** Shows a component floating above the chat until closed. */
	overlay(component: UiComponent, options?: OverlayOptions): OverlayHandle;
	/** A custom dialog: shows the component as a focused overlay until it calls `done`. */
	custom<T>(
		factory: (done: (value: T | undefined) => void) => UiComponent,
		options?: DialogOptions & OverlayOptions,
	): Promise<T | undefined>;
	/** Replaces the composer; undefined puts the stock one back. */
	setEditor(factory: EditorFactory | undefined): void;
	registerMentionProvider(provider: MentionProvider): () => void;
	/** A widget drawn by a component (re-rendered every frame it is asked for). */
	setWidgetComponent(
		id: string,
		component: UiComponent,
		options?: { placement?: "above" | "below"; priority?: number },
	): void;
	/** Asks for a frame (after changing what a component draws). */
	requestRender(): void;
}
