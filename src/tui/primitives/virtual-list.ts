/**
 * A virtual list: one row per item, rendering only the items in view, so a
 * picker over 10,000 models or sessions costs the same as one over ten. The
 * selected item stays in view with as little scrolling as possible.
 */
import { clip } from "../text/width.js";
import { scrollOffset } from "./viewport.js";

export interface VirtualListOptions {
	count: number;
	height: number;
	width: number;
	/** Index of the selected item, kept in view. */
	selected?: number;
	/** The first item shown last time (from the previous result), so the list scrolls only when it must. */
	scrollTop?: number;
	/** One row for an item; clipped to `width`. */
	renderItem(index: number, selected: boolean, width: number): string;
}

export interface VirtualList {
	lines: string[];
	scrollTop: number;
	/** Items hidden above and below, for "↑ 3 more" hints. */
	above: number;
	below: number;
}

export function virtualList(options: VirtualListOptions): VirtualList {
	const { count, height, width, selected } = options;
	const top = scrollOffset(count, height, { offset: options.scrollTop ?? 0, keepVisible: selected });
	const shown = Math.min(Math.max(0, height), Math.max(0, count - top));
	const lines: string[] = [];
	for (let i = top; i < top + shown; i++)
		lines.push(clip(options.renderItem(i, i === selected, width), width));
	return { lines, scrollTop: top, above: top, below: Math.max(0, count - top - shown) };
}
