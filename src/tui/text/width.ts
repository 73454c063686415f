/**
 * Visible width of styled lines, and fitting them to a width: truncate (with
 * an ellipsis), clip, pad. Widths are cached per line string, so a line that
 * is measured every frame is measured once.
 */
import { ESCAPE, isPlainAscii, StyleState, scan } from "./ansi.js";

const WIDTH_CACHE_LIMIT = 8192;
const widths = new Map<string, number>();

/** Columns `line` occupies on a terminal: escape sequences are free, wide characters and emoji take two. */
export function visibleWidth(line: string): number {
	if (isPlainAscii(line)) return line.length;
	const cached = widths.get(line);
	if (cached !== undefined) return cached;
	let width = 0;
	scan(
		line,
		(_kind, _text, w) => {
			width += w;
		},
		true,
	);
	// Oldest first: evicting from the front keeps the lines of recent frames.
	if (widths.size >= WIDTH_CACHE_LIMIT) widths.delete(widths.keys().next().value!);
	widths.set(line, width);
	return width;
}

/**
 * Cuts `line` to at most `width` columns, ending with `ellipsis` when
 * anything was cut. Styles open at the cut are closed, so nothing bleeds into
 * what follows. A wide character that would straddle the edge is dropped.
 */
export function truncate(line: string, width: number, ellipsis = "…"): string {
	if (width <= 0) return "";
	if (visibleWidth(line) <= width) return line;
	let tail = ellipsis;
	let tailWidth = visibleWidth(ellipsis);
	if (tailWidth > width) {
		tail = "";
		tailWidth = 0;
	}
	const room = width - tailWidth;
	const state = new StyleState();
	let out = "";
	let used = 0;
	scan(line, (kind, text, w) => {
		if (kind === ESCAPE) {
			out += text;
			state.apply(text);
			return true;
		}
		if (used + w > room) return false;
		out += text;
		used += w;
		return true;
	});
	return out + tail + state.close();
}

/** Cuts `line` to at most `width` columns without an ellipsis. */
export function clip(line: string, width: number): string {
	return truncate(line, width, "");
}

export type Align = "left" | "right" | "center";

/** Fits `line` to exactly `width` columns: clipped when wider, filled with spaces when narrower. */
export function pad(line: string, width: number, align: Align = "left"): string {
	if (width <= 0) return "";
	const fitted = clip(line, width);
	const gap = width - visibleWidth(fitted);
	if (gap === 0) return fitted;
	if (align === "right") return " ".repeat(gap) + fitted;
	if (align === "center") {
		const left = gap >> 1;
		return " ".repeat(left) + fitted + " ".repeat(gap - left);
	}
	return fitted + " ".repeat(gap);
}

/** The text without escape sequences. */
export function plain(line: string): string {
	let out = "";
	scan(line, (kind, text) => {
		if (kind !== ESCAPE) out += text;
	});
	return out;
}
