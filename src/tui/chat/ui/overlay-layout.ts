/**
 * Where an overlay goes and how big it is (the `OverlayOptions` of
 * ui-surface.ts resolved against the screen). The live region is only as
 * tall as its content, so when an overlay (with its margins) needs more rows
 * than the region has on screen the region grows at its bottom; positions
 * are within that area, never the rows above it, which are not weft's to
 * draw on. An overlay in the screen frame grows the region to the whole
 * screen, so its positions are the terminal's.
 */
import type { OverlayAnchor, OverlayOptions, OverlaySize } from "../../../kernel/ui-surface.js";
import { visibleWidth } from "../../text/width.js";

export interface PlaceOptions
	extends Pick<
		OverlayOptions,
		"row" | "col" | "margin" | "minWidth" | "maxHeight" | "offsetRow" | "offsetCol" | "frame"
	> {
	anchor?: OverlayAnchor;
	/** Columns the overlay takes; default its widest line. */
	width?: number;
	screenWidth: number;
	screenHeight: number;
}

export interface Placement {
	/** First frame row the overlay covers. */
	row: number;
	col: number;
	width: number;
	/** Rows drawn: the overlay's lines, cut to its maximum height and the screen. */
	height: number;
	/** Rows the frame has with the overlay (more than the base when it had to grow). */
	frameHeight: number;
}

interface Margins {
	top: number;
	right: number;
	bottom: number;
	left: number;
}

function margins(margin: OverlayOptions["margin"]): Margins {
	const m =
		typeof margin === "number" ? { top: margin, right: margin, bottom: margin, left: margin } : margin;
	const side = (value: number | undefined) => Math.max(0, Math.floor(value ?? 0));
	return { top: side(m?.top), right: side(m?.right), bottom: side(m?.bottom), left: side(m?.left) };
}

/** A size as cells: "50%" and fractions below 1 are shares of `whole`; undefined when unset or unreadable. */
export function resolveSize(size: OverlaySize | undefined, whole: number): number | undefined {
	if (typeof size === "string") {
		const percent = /^(\d+(?:\.\d+)?)%$/.exec(size.trim());
		return percent ? Math.floor((Number(percent[1]) / 100) * whole) : undefined;
	}
	if (typeof size !== "number" || !(size > 0)) return undefined;
	return size < 1 ? Math.floor(size * whole) : Math.floor(size);
}

/**
 * The columns an overlay is rendered at: its width (or the whole space when
 * it has none, so it can draw as wide as it likes), at least its minWidth,
 * at most the screen less the margins.
 */
export function renderWidth(options: OverlayOptions, screenWidth: number): number {
	const m = margins(options.margin);
	const space = Math.max(1, screenWidth - m.left - m.right);
	const width = Math.max(resolveSize(options.width, screenWidth) ?? space, options.minWidth ?? 0);
	return Math.max(1, Math.min(space, width));
}

/** Columns for an OverlayOptions width: a fraction below 1 or a percentage is a share of the screen. */
export function resolveOverlayWidth(width: OverlaySize | undefined, screenWidth: number): number {
	return renderWidth({ width }, screenWidth);
}

/** Where an overlay of `overlay` lines goes over a frame of `baseHeight` rows. */
export function overlayPlacement(
	baseHeight: number,
	overlay: readonly string[],
	options: PlaceOptions,
): Placement {
	const screenWidth = Math.max(0, options.screenWidth);
	const screenHeight = Math.max(0, options.screenHeight);
	const m = margins(options.margin);
	const space = Math.max(0, screenWidth - m.left - m.right);
	const naturalWidth = Math.max(0, ...overlay.map((line) => visibleWidth(line)));
	const width = Math.min(space, Math.max(options.width ?? naturalWidth, options.minWidth ?? 0, 0));
	const maxHeight = resolveSize(options.maxHeight, screenHeight) ?? Number.POSITIVE_INFINITY;
	const height = Math.max(
		0,
		Math.min(overlay.length, Math.max(1, maxHeight), screenHeight - m.top - m.bottom),
	);
	// Only the bottom screenful of the frame is on screen; that is the area
	// positions refer to, grown to fit the overlay or, for the screen frame, to the whole screen.
	const shown = Math.min(baseHeight, screenHeight);
	const needed = options.frame === "screen" ? screenHeight : height + m.top + m.bottom;
	const view = Math.max(shown, Math.min(screenHeight, needed));
	const frameHeight = baseHeight + (view - shown);
	const anchor = options.anchor ?? "center";
	const vertical = place(options.row, anchor.startsWith("top"), anchor.startsWith("bottom"), {
		start: m.top,
		size: view - m.top - m.bottom,
		extent: height,
		offset: options.offsetRow ?? 0,
	});
	const horizontal = place(options.col, anchor.endsWith("left"), anchor.endsWith("right"), {
		start: m.left,
		size: space,
		extent: width,
		offset: options.offsetCol ?? 0,
	});
	return {
		row: frameHeight - view + keepWithin(vertical, m.top, view - m.bottom - height),
		col: keepWithin(horizontal, m.left, screenWidth - m.right - width),
		width,
		height,
		frameHeight,
	};
}

interface Axis {
	/** First cell inside the margins. */
	start: number;
	/** Cells inside the margins. */
	size: number;
	/** Cells the overlay takes. */
	extent: number;
	/** Cells in from the anchored edge (from the start for a fixed position). */
	offset: number;
}

/** One axis: a fixed position (number or percentage of the free space), else the anchored edge or the centre. */
function place(fixed: number | string | undefined, atStart: boolean, atEnd: boolean, axis: Axis): number {
	const free = Math.max(0, axis.size - axis.extent);
	if (typeof fixed === "number") return fixed + axis.offset;
	if (typeof fixed === "string") {
		const percent = /^(\d+(?:\.\d+)?)%$/.exec(fixed.trim());
		if (percent) return axis.start + Math.floor(free * Math.min(1, Number(percent[1]) / 100)) + axis.offset;
	}
	if (atStart) return axis.start + axis.offset;
	if (atEnd) return axis.start + free - axis.offset;
	return axis.start + Math.floor(free / 2) + axis.offset;
}

/** Keeps a position inside [min, max]; when the overlay does not fit between the margins, on screen wins. */
function keepWithin(value: number, min: number, max: number): number {
	return Math.max(0, Math.min(Math.max(value, min), max));
}
