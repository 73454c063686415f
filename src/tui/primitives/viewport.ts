/**
 * Viewports: which slice of a long list of lines shows in a given height,
 * scrolled explicitly, following the bottom (a log, a streaming answer), or
 * just enough to keep one line in view (a selection, a cursor).
 */

export interface ViewportOptions {
	/** First line shown; clamped to the content. Default 0, or the bottom with `follow: "bottom"`. */
	offset?: number;
	follow?: "top" | "bottom";
	/** A line that must be visible: scroll from `offset` as little as possible to show it. */
	keepVisible?: number;
}

export interface Viewport {
	lines: string[];
	/** The first line shown, to pass back as `offset` next time. */
	offset: number;
	total: number;
	/** Lines hidden above and below. */
	above: number;
	below: number;
}

/** The first line to show of `total` in `height` rows. */
export function scrollOffset(total: number, height: number, options: ViewportOptions = {}): number {
	const rows = Math.max(0, height);
	const maxOffset = Math.max(0, total - rows);
	let offset = options.offset ?? (options.follow === "bottom" ? maxOffset : 0);
	const keep = options.keepVisible;
	if (keep !== undefined && keep >= 0 && keep < total) {
		if (keep < offset) offset = keep;
		else if (keep >= offset + rows) offset = keep - rows + 1;
	}
	return Math.min(Math.max(0, offset), maxOffset);
}

export function viewport(lines: readonly string[], height: number, options: ViewportOptions = {}): Viewport {
	const total = lines.length;
	const offset = scrollOffset(total, height, options);
	const shown = lines.slice(offset, offset + Math.max(0, height));
	return { lines: shown, offset, total, above: offset, below: Math.max(0, total - offset - shown.length) };
}
