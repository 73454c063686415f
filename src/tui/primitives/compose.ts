/**
 * Layout → frame: gives every visible window its height (fixed, its
 * content's, or a share of what is left for "fill" windows), renders it —
 * stock renderer, component, or an extension's draw operations on a grid —
 * and stacks the results into the lines the renderer draws, with the focused
 * window's cursor placed in frame coordinates.
 */
import type { CursorPosition, Frame, FrameSize } from "../render/frame.js";
import { pad } from "../text/width.js";
import { wrap } from "../text/wrap.js";
import type { Styler } from "../theme/style.js";
import type { BufferRegistry, ContentBuffer } from "./buffer.js";
import { drawOpsHeight } from "./draw-ops.js";
import { applyDrawOps, Grid } from "./grid.js";
import type { Layout, LayoutNode } from "./layout.js";
import { isComponent, type Window } from "./window.js";

export interface RenderedWindow {
	lines: string[];
	cursor?: CursorPosition;
}

/**
 * How "stock" windows are drawn. The stock chat supplies its own; the default
 * shows the buffer's text, wrapped. Called every frame: a stock renderer
 * keeps whatever cache its content allows.
 */
export type StockRenderer = (
	window: Window,
	buffer: ContentBuffer | undefined,
	width: number,
) => RenderedWindow;

const plainCache = new WeakMap<ContentBuffer, { version: number; width: number; lines: string[] }>();

export const plainStockRenderer: StockRenderer = (_window, buffer, width) => {
	if (!buffer) return { lines: [] };
	const cached = plainCache.get(buffer);
	if (cached && cached.version === buffer.version && cached.width === width) return { lines: cached.lines };
	const texts = buffer.kind === "lines" ? buffer.getLines() : buffer.blocks().map((b) => b.text ?? "");
	const lines = texts.flatMap((text) => wrap(text, width));
	plainCache.set(buffer, { version: buffer.version, width, lines });
	return { lines };
};

export interface CompositorOptions {
	buffers: BufferRegistry;
	styler: Styler;
	stock?: StockRenderer;
}

interface CacheEntry {
	key: readonly unknown[];
	result: RenderedWindow;
}

export class Compositor {
	private readonly stock: StockRenderer;
	/** Last grid render per extension window, reused while its draw ops, size and styler are the same. */
	private readonly cache = new Map<string, CacheEntry>();
	private focused: Window | undefined;

	constructor(private readonly options: CompositorOptions) {
		this.stock = options.stock ?? plainStockRenderer;
	}

	compose(layout: Layout, size: FrameSize): Frame {
		this.focused = layout.focused();
		const live = new Set(layout.windows().map((w) => w.id));
		for (const id of this.cache.keys()) if (!live.has(id)) this.cache.delete(id);
		const { lines, cursor } = this.stack(layout.stack, size.width, size.height);
		return cursor ? { lines, cursor } : { lines };
	}

	/** A vertical stack: non-fill nodes take what they need, fill nodes share the rest of `budget`. */
	private stack(nodes: readonly LayoutNode[], width: number, budget: number): RenderedWindow {
		const visible = nodes.filter(isVisible);
		const parts: Array<RenderedWindow | undefined> = visible.map((node) =>
			isFill(node) ? undefined : this.natural(node, width),
		);
		const used = parts.reduce((sum, part) => sum + (part?.lines.length ?? 0), 0);
		const fills = visible.filter(isFill);
		let remaining = Math.max(0, budget - used);
		let fillsLeft = fills.length;
		visible.forEach((node, i) => {
			if (parts[i]) return;
			const share = Math.ceil(remaining / fillsLeft);
			const rows = Math.max(fillMin(node), share);
			remaining = Math.max(0, remaining - rows);
			fillsLeft--;
			parts[i] = this.sized(node, width, rows);
		});
		const out: RenderedWindow = { lines: [] };
		for (const part of parts) {
			if (part!.cursor) out.cursor = { row: out.lines.length + part!.cursor.row, col: part!.cursor.col };
			for (const line of part!.lines) out.lines.push(line);
		}
		return out;
	}

	/** A node at the height its policy gives without a budget. */
	private natural(node: LayoutNode, width: number): RenderedWindow {
		if (node.type === "split") {
			return node.direction === "row"
				? this.row(node.children, node.sizes, width)
				: this.stack(node.children, width, 0);
		}
		const policy = node.window.height;
		if (policy.type === "fixed")
			return fitRows(this.renderWindow(node.window, width, policy.rows), policy.rows);
		const rendered = this.renderWindow(node.window, width, undefined);
		const rows = clamp(rendered.lines.length, policy.type === "content" ? policy : { min: policy.min });
		return fitRows(rendered, rows);
	}

	/** A node at exactly `rows` rows. */
	private sized(node: LayoutNode, width: number, rows: number): RenderedWindow {
		if (node.type === "split") {
			if (node.direction === "row") return this.row(node.children, node.sizes, width, rows);
			return fitRows(this.stack(node.children, width, rows), rows);
		}
		return fitRows(this.renderWindow(node.window, width, rows), rows);
	}

	/** Children side by side: fixed widths first, the rest shared; as tall as the tallest (or `rows`). */
	private row(
		children: readonly LayoutNode[],
		sizes: Array<number | undefined> | undefined,
		width: number,
		rows?: number,
	): RenderedWindow {
		const visible = children.filter(isVisible);
		const fixed = visible.map((child) => sizes?.[children.indexOf(child)]);
		let free = Math.max(0, width - fixed.reduce<number>((sum, w) => sum + (w ?? 0), 0));
		let sharing = fixed.filter((w) => w === undefined).length;
		const widths = fixed.map((w) => {
			if (w !== undefined) return Math.max(0, Math.min(w, width));
			const share = Math.ceil(free / sharing);
			free -= share;
			sharing--;
			return share;
		});
		const parts = visible.map((child, i) =>
			rows === undefined ? this.natural(child, widths[i]) : this.sized(child, widths[i], rows),
		);
		const height = rows ?? Math.max(0, ...parts.map((p) => p.lines.length));
		const out: RenderedWindow = { lines: [] };
		for (let r = 0; r < height; r++) {
			out.lines.push(parts.map((part, i) => pad(part.lines[r] ?? "", widths[i])).join(""));
		}
		let x = 0;
		parts.forEach((part, i) => {
			if (part.cursor && part.cursor.row < height)
				out.cursor = { row: part.cursor.row, col: x + part.cursor.col };
			x += widths[i];
		});
		return out;
	}

	/** One window's lines (and its cursor, when it has focus); `rows` is its height when already decided. */
	private renderWindow(window: Window, width: number, rows: number | undefined): RenderedWindow {
		const rendered = this.renderContent(window, width, rows);
		if (window !== this.focused || !rendered.cursor) return { lines: rendered.lines };
		return rendered;
	}

	private renderContent(window: Window, width: number, rows: number | undefined): RenderedWindow {
		const { renderer } = window;
		if (isComponent(renderer)) {
			const lines = renderer.render(width, rows);
			const cursor = renderer.cursor?.();
			return cursor ? { lines, cursor } : { lines };
		}
		if (renderer === "extension") {
			const height =
				rows ?? clamp(drawOpsHeight(window.drawOps), window.height.type === "content" ? window.height : {});
			return this.cached(window.id, [window.drawOps, width, height, this.options.styler], () => {
				const grid = new Grid(width, height);
				const cursor = applyDrawOps(grid, window.drawOps, this.options.styler);
				const inside =
					cursor && cursor.row >= 0 && cursor.row < height && cursor.col >= 0 && cursor.col < width;
				return inside ? { lines: grid.toLines(), cursor } : { lines: grid.toLines() };
			});
		}
		const buffer = window.buffer === undefined ? undefined : this.options.buffers.get(window.buffer);
		return this.stock(window, buffer, width);
	}

	private cached(id: string, key: readonly unknown[], render: () => RenderedWindow): RenderedWindow {
		const entry = this.cache.get(id);
		if (entry && entry.key.length === key.length && entry.key.every((k, i) => k === key[i]))
			return entry.result;
		const result = render();
		this.cache.set(id, { key, result });
		return result;
	}
}

function isVisible(node: LayoutNode): boolean {
	return node.type === "window" ? node.window.visible : node.visible;
}

function isFill(node: LayoutNode): boolean {
	if (node.type === "window") return node.window.height.type === "fill";
	return node.children.some((child) => isVisible(child) && isFill(child));
}

function fillMin(node: LayoutNode): number {
	if (node.type === "window") return node.window.height.type === "fill" ? (node.window.height.min ?? 0) : 0;
	return 0;
}

function clamp(n: number, bounds: { min?: number; max?: number }): number {
	return Math.min(Math.max(n, bounds.min ?? 0), bounds.max ?? Number.POSITIVE_INFINITY);
}

/** Exactly `rows` lines: padded with empty lines, or cut — keeping the cursor in view when there is one. */
function fitRows(rendered: RenderedWindow, rows: number): RenderedWindow {
	const { lines, cursor } = rendered;
	if (lines.length === rows) return rendered;
	if (lines.length < rows) return { lines: [...lines, ...new Array(rows - lines.length).fill("")], cursor };
	const offset = cursor && cursor.row >= rows ? cursor.row - rows + 1 : 0;
	const shown = lines.slice(offset, offset + rows);
	const moved =
		cursor && cursor.row - offset >= 0 ? { row: cursor.row - offset, col: cursor.col } : undefined;
	return moved ? { lines: shown, cursor: moved } : { lines: shown };
}
