/**
 * pi-tui's overlay options and handle in weft's terms. The options map one
 * to one except the offsets: pi's offsetX/offsetY point right and down
 * whatever the anchor, weft's count in from the anchored edge, so they turn
 * round at the bottom and right edges. pi's default width is 80 columns (at
 * most the screen); weft's is the overlay's own. pi places overlays on
 * the whole terminal, so they are in weft's screen frame.
 */
import type {
	OverlayAnchor,
	OverlayHandle,
	OverlayOptions,
	OverlaySize,
	TUISurface,
	UIComponent,
} from "../../../kernel/ui-surface.js";

export interface PiOverlayOptions {
	anchor?: string;
	width?: OverlaySize;
	minWidth?: number;
	maxHeight?: OverlaySize;
	offsetX?: number;
	offsetY?: number;
	row?: number | `${number}%`;
	col?: number | `${number}%`;
	margin?: number | { top?: number; right?: number; bottom?: number; left?: number };
	visible?: (columns: number, rows: number) => boolean;
	nonCapturing?: boolean;
}

/** pi-tui's OverlayHandle. */
export interface PiOverlayHandle {
	hide(): void;
	setHidden(hidden: boolean): void;
	isHidden(): boolean;
	focus(): void;
	unfocus(): void;
	isFocused(): boolean;
}

const ANCHORS: Record<string, OverlayAnchor> = {
	center: "center",
	"top-center": "top",
	"bottom-center": "bottom",
	"left-center": "left",
	"right-center": "right",
	"top-left": "top-left",
	"top-right": "top-right",
	"bottom-left": "bottom-left",
	"bottom-right": "bottom-right",
	top: "top",
	bottom: "bottom",
};

/** pi's width when it names none. */
const PI_DEFAULT_WIDTH = 80;

export function toOverlayOptions(options: PiOverlayOptions | undefined): OverlayOptions {
	const o = options ?? {};
	const anchor = (o.anchor && ANCHORS[o.anchor]) || "center";
	const fromBottom = o.row === undefined && anchor.startsWith("bottom");
	const fromRight = o.col === undefined && anchor.endsWith("right");
	return {
		anchor,
		width: o.width ?? PI_DEFAULT_WIDTH,
		minWidth: o.minWidth,
		maxHeight: o.maxHeight,
		row: o.row,
		col: o.col,
		margin: o.margin,
		offsetRow: o.offsetY === undefined ? undefined : fromBottom ? -o.offsetY : o.offsetY,
		offsetCol: o.offsetX === undefined ? undefined : fromRight ? -o.offsetX : o.offsetX,
		visible: o.visible,
		focus: o.nonCapturing ? false : undefined,
		// pi places overlays on the whole terminal.
		frame: "screen",
	};
}

export function toPiOverlayHandle(handle: OverlayHandle): PiOverlayHandle {
	return {
		hide: () => handle.close(),
		setHidden: (hidden) => handle.setHidden(hidden),
		isHidden: () => handle.hidden,
		focus: () => handle.focus(),
		unfocus: () => handle.unfocus(),
		isFocused: () => handle.focused,
	};
}

/**
 * Opens `drawn` (pi's `component` as weft draws it) as an overlay. pi sets
 * `focused` on a component that has one as focus moves between overlays;
 * here it is set from the handle before each frame.
 */
export function openPiOverlay(
	surface: TUISurface,
	component: object,
	drawn: UIComponent,
	options: OverlayOptions,
): OverlayHandle {
	let handle: OverlayHandle | undefined;
	const focusable = "focused" in component ? (component as { focused: boolean }) : undefined;
	handle = surface.overlay(
		{
			...drawn,
			render(width, height) {
				if (focusable && handle) focusable.focused = handle.focused;
				return drawn.render(width, height);
			},
		},
		options,
	);
	return handle;
}
