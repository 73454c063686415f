/**
 * Overlays: components drawn over the live region (dialogs, pickers,
 * extension overlays), placed by overlay-layout.ts. The stack keeps them in
 * drawing order; the newest focused one that is shown takes the keys.
 */
import { errorMessage } from "../../../base/error-message.js";
import type { OverlayHandle, OverlayOptions } from "../../../kernel/ui-surface.js";
import type { Component } from "../../primitives/window.js";
import type { CursorPosition, Frame, FrameSize } from "../../render/frame.js";
import { pad, truncate, visibleWidth } from "../../text/width.js";
import { ChangeSignal } from "./change-signal.js";
import { overlayPlacement, type Placement, type PlaceOptions, renderWidth } from "./overlay-layout.js";
import { sliceColumns } from "./slice-columns.js";

export {
	overlayPlacement,
	type Placement,
	type PlaceOptions,
	resolveOverlayWidth,
} from "./overlay-layout.js";

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

export interface StackedOverlayOptions extends OverlayOptions {
	/** Who opened it (BUILTIN_OWNER or an extension's name), so an unloaded extension's overlays can go with it. */
	owner?: string;
}

interface Entry {
	component: Component;
	options: StackedOverlayOptions;
	handle: OverlayHandle;
	hidden: boolean;
}

/** The open overlays, drawn in the order they opened; keys go to the newest focusable one. */
export class OverlayStack {
	private entries: Entry[] = [];
	private readonly changes = new ChangeSignal();
	/** The size of the last frame, for `visible` when finding who takes keys. */
	private lastSize: FrameSize | undefined;

	get size(): number {
		return this.entries.length;
	}

	push(component: Component, options: StackedOverlayOptions = {}): OverlayHandle {
		let closed = false;
		const stack = this;
		const entry: Entry = { component, options: { ...options }, hidden: false, handle: undefined as never };
		const change = (apply: () => void) => {
			if (closed) return;
			apply();
			stack.changes.emit();
		};
		entry.handle = {
			close: () =>
				change(() => {
					closed = true;
					stack.entries = stack.entries.filter((e) => e !== entry);
				}),
			get closed() {
				return closed;
			},
			setHidden: (hidden) => change(() => (entry.hidden = hidden)),
			get hidden() {
				return entry.hidden;
			},
			focus: () =>
				change(() => {
					entry.options.focus = true;
					stack.entries = [...stack.entries.filter((e) => e !== entry), entry];
				}),
			unfocus: () => change(() => (entry.options.focus = false)),
			get focused() {
				return !closed && stack.top() === component;
			},
		};
		this.entries.push(entry);
		this.changes.emit();
		return entry.handle;
	}

	/** The overlay that takes keys: the newest one shown and opened without `focus: false`. */
	top(): Component | undefined {
		return this.entries.findLast((entry) => entry.options.focus !== false && this.shown(entry))?.component;
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
	 * `base` with every shown overlay drawn over it. The cursor is the focused
	 * overlay's (hidden when it has none), or the base frame's when no overlay takes keys.
	 */
	render(base: readonly string[] | Frame, size: FrameSize): Frame {
		this.lastSize = size;
		const frame: Frame = isFrame(base) ? base : { lines: [...base] };
		let lines = [...frame.lines];
		const focused = this.top();
		let cursor = focused ? undefined : frame.cursor;
		for (const entry of this.entries) {
			if (!this.shown(entry)) continue;
			const { component, options } = entry;
			const drawn = renderSafely(component, renderWidth(options, size.width), options.owner);
			const at = overlayPlacement(lines.length, drawn, {
				...options,
				// Without a width the overlay is as wide as it draws itself.
				width: options.width === undefined ? undefined : renderWidth(options, size.width),
				screenWidth: size.width,
				screenHeight: size.height,
			});
			lines = drawAt(lines, drawn, at, size.width);
			if (component === focused) cursor = placedCursor(component, at);
		}
		return cursor ? { lines, cursor } : { lines };
	}

	/** Called when an overlay opens, closes, hides, shows or changes focus. */
	onChange(listener: () => void): () => void {
		return this.changes.on(listener);
	}

	/** Not hidden, and its `visible` (if any) accepts the terminal's size; a `visible` that throws hides it. */
	private shown(entry: Entry): boolean {
		if (entry.hidden) return false;
		const visible = entry.options.visible;
		if (!visible || !this.lastSize) return true;
		try {
			return visible(this.lastSize.width, this.lastSize.height) !== false;
		} catch {
			return false;
		}
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
