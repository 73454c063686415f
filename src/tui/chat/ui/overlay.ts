/**
 * Overlays: components drawn over the live region at an anchor (dialogs,
 * pickers, extension overlays). The live region is only as tall as its
 * content, so when an overlay needs more rows than the region has on screen
 * the region grows at its bottom, and the overlay sits there.
 */
import { errorMessage } from "../../../base/error-message.js";
import type { OverlayAnchor, OverlayHandle, OverlayOptions } from "../../../kernel/ui-surface.js";
import type { Component } from "../../primitives/window.js";
import type { CursorPosition, Frame, FrameSize } from "../../render/frame.js";
import { pad, truncate, visibleWidth } from "../../text/width.js";
import { ChangeSignal } from "./change-signal.js";
import { sliceColumns } from "./slice-columns.js";

export interface PlaceOptions {
	anchor?: OverlayAnchor;
	/** Columns the overlay takes; default its widest line. */
	width?: number;
	/** Rows from the anchored edge (down from the top, up from the bottom, down from the centre). */
	offsetRow?: number;
	/** Columns from the anchored edge (in from the left or right, right of the centre). */
	offsetCol?: number;
	screenWidth: number;
	screenHeight: number;
}

export interface Placement {
	/** First frame row the overlay covers. */
	row: number;
	col: number;
	width: number;
	height: number;
	/** Rows the frame has with the overlay (more than the base when it had to grow). */
	frameHeight: number;
}

/** Where an overlay of `overlay` lines goes over a frame of `baseHeight` rows. */
export function overlayPlacement(
	baseHeight: number,
	overlay: readonly string[],
	options: PlaceOptions,
): Placement {
	const screenWidth = Math.max(0, options.screenWidth);
	const naturalWidth = Math.max(0, ...overlay.map((line) => visibleWidth(line)));
	const width = Math.min(screenWidth, Math.max(0, options.width ?? naturalWidth));
	const height = Math.min(overlay.length, Math.max(0, options.screenHeight));
	// Only the bottom screenful of the frame is on screen; that is the area anchors refer to.
	let view = Math.min(baseHeight, options.screenHeight);
	const frameHeight = baseHeight + Math.max(0, height - view);
	view = Math.max(view, height);
	const anchor = options.anchor ?? "center";
	const offsetRow = options.offsetRow ?? 0;
	const offsetCol = options.offsetCol ?? 0;
	const vertical = anchor.startsWith("top")
		? offsetRow
		: anchor.startsWith("bottom")
			? view - height - offsetRow
			: Math.floor((view - height) / 2) + offsetRow;
	const horizontal = anchor.endsWith("left")
		? offsetCol
		: anchor.endsWith("right")
			? screenWidth - width - offsetCol
			: Math.floor((screenWidth - width) / 2) + offsetCol;
	return {
		row: frameHeight - view + clamp(vertical, 0, view - height),
		col: clamp(horizontal, 0, screenWidth - width),
		width,
		height,
		frameHeight,
	};
}

/** `base` with `overlay` drawn over it; styles and wide characters on both sides stay intact. */
export function placeOverlay(
	base: readonly string[],
	overlay: readonly string[],
	options: PlaceOptions,
): string[] {
	return drawAt(base, overlay, overlayPlacement(base.length, overlay, options), options.screenWidth);
}

function drawAt(
	base: readonly string[],
	overlay: readonly string[],
	at: Placement,
	screenWidth: number,
): string[] {
	const lines = [...base];
	while (lines.length < at.frameHeight) lines.push("");
	for (let i = 0; i < at.height; i++) {
		lines[at.row + i] = splice(lines[at.row + i], overlay[i], at.col, at.width, screenWidth);
	}
	return lines;
}

function splice(line: string, over: string, col: number, width: number, screenWidth: number): string {
	const left = sliceColumns(line, 0, col);
	const gap = " ".repeat(col - visibleWidth(left));
	let middle = pad(over, width);
	// An overlay line that leaves a style open must not colour the base to its right.
	if (middle.includes("\x1b")) middle += "\x1b[m";
	return left + gap + middle + sliceColumns(line, col + width, screenWidth);
}

function clamp(value: number, min: number, max: number): number {
	return Math.max(min, Math.min(max, value));
}

/** Columns for an OverlayOptions width: a fraction below 1 is a share of the screen. */
export function resolveOverlayWidth(width: number | undefined, screenWidth: number): number {
	if (width === undefined || !(width > 0)) return screenWidth;
	const columns = width < 1 ? Math.floor(width * screenWidth) : Math.floor(width);
	return Math.max(1, Math.min(screenWidth, columns));
}

export interface StackedOverlayOptions extends OverlayOptions {
	/** Who opened it (BUILTIN_OWNER or an extension's name), so an unloaded extension's overlays can go with it. */
	owner?: string;
}

interface Entry {
	component: Component;
	options: StackedOverlayOptions;
	handle: OverlayHandle;
}

/** The open overlays, drawn in the order they opened; keys go to the newest focusable one. */
export class OverlayStack {
	private entries: Entry[] = [];
	private readonly changes = new ChangeSignal();

	get size(): number {
		return this.entries.length;
	}

	push(component: Component, options: StackedOverlayOptions = {}): OverlayHandle {
		let closed = false;
		const handle: OverlayHandle = {
			close: () => {
				if (closed) return;
				closed = true;
				this.entries = this.entries.filter((entry) => entry.handle !== handle);
				this.changes.emit();
			},
			get closed() {
				return closed;
			},
		};
		this.entries.push({ component, options, handle });
		this.changes.emit();
		return handle;
	}

	/** The overlay that takes keys: the newest one opened without `focus: false`. */
	top(): Component | undefined {
		return this.entries.findLast((entry) => entry.options.focus !== false)?.component;
	}

	/** Closes every overlay. */
	clear(): void {
		for (const entry of [...this.entries]) entry.handle.close();
	}

	/** Closes every overlay `owner` opened. */
	removeOwner(owner: string): void {
		for (const entry of this.entries.filter((e) => e.options.owner === owner)) entry.handle.close();
	}

	/**
	 * `base` with every open overlay drawn over it. The cursor is the focused
	 * overlay's (hidden when it has none), or the base frame's when no overlay takes keys.
	 */
	render(base: readonly string[] | Frame, size: FrameSize): Frame {
		const frame: Frame = isFrame(base) ? base : { lines: [...base] };
		let lines = [...frame.lines];
		const focused = this.top();
		let cursor = focused ? undefined : frame.cursor;
		for (const { component, options } of this.entries) {
			const width = resolveOverlayWidth(options.width, size.width);
			const drawn = renderSafely(component, width, options.owner);
			const at = overlayPlacement(lines.length, drawn, {
				...options,
				// Without a width the overlay is as wide as it draws itself.
				width: options.width === undefined ? undefined : width,
				screenWidth: size.width,
				screenHeight: size.height,
			});
			lines = drawAt(lines, drawn, at, size.width);
			if (component === focused) cursor = placedCursor(component, at);
		}
		return cursor ? { lines, cursor } : { lines };
	}

	/** Called when an overlay opens or closes. */
	onChange(listener: () => void): () => void {
		return this.changes.on(listener);
	}
}

function isFrame(base: readonly string[] | Frame): base is Frame {
	return !Array.isArray(base);
}

/** An overlay that throws draws one line saying so, instead of taking the frame down. */
function renderSafely(component: Component, width: number, owner: string | undefined): string[] {
	try {
		return component.render(width);
	} catch (error) {
		const message = errorMessage(error);
		const from = owner ? ` (${owner})` : "";
		return [truncate(`⚠ overlay${from} failed to render: ${message}`, width)];
	}
}

function placedCursor(component: Component, at: Placement): CursorPosition | undefined {
	const inside = component.cursor?.();
	if (!inside || inside.row < 0 || inside.row >= at.height || inside.col > at.width) return undefined;
	return { row: at.row + inside.row, col: at.col + inside.col };
}
