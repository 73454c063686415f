/**
 * Windows: a region of the screen showing a buffer. The renderer decides how:
 * "stock" (weft's own rendering of the buffer), a component (`render(width)`
 * → lines), or "extension" — weft draws nothing and shows only the draw
 * operations the owning extension submitted.
 */

import { BUILTIN_OWNER } from "../../kernel/owner.js";
import type { UIComponent, UIHeight, UIWindowSpec } from "../../kernel/ui-surface.js";
import { type DrawOp, validateDrawOps } from "./draw-ops.js";

/** Fixed rows, the content's rows (within bounds), or a share of what is left: the kernel's public shape. */
export type HeightPolicy = UIHeight;

/** Anything that draws itself as lines at a width: the kernel's public shape. */
export type Component = UIComponent;

export type WindowRenderer = NonNullable<UIWindowSpec["renderer"]>;

/** The kernel's public window spec (a window with a component or extension renderer may show no buffer), plus its owner. */
export interface WindowSpec extends UIWindowSpec {
	/** Who made the window: BUILTIN_OWNER (weft itself) or an extension's name. */
	owner?: string;
}

export interface Window {
	readonly id: string;
	buffer: string | undefined;
	height: HeightPolicy;
	visible: boolean;
	focusable: boolean;
	renderer: WindowRenderer;
	owner: string;
	/** For "extension" windows: the last operations submitted, applied every frame until replaced. */
	drawOps: readonly DrawOp[];
}

export function createWindow(spec: WindowSpec): Window {
	if (!spec.id || typeof spec.id !== "string") throw new Error("a window needs a non-empty string id");
	checkHeight(spec.id, spec.height);
	return {
		id: spec.id,
		buffer: spec.buffer,
		height: spec.height ?? { type: "content" },
		visible: spec.visible ?? true,
		focusable: spec.focusable ?? false,
		renderer: spec.renderer ?? "stock",
		owner: spec.owner ?? BUILTIN_OWNER,
		drawOps: [],
	};
}

/** Throws an error naming the window when a height policy cannot be honoured. */
export function checkHeight(id: string, height: HeightPolicy | undefined): void {
	if (!height) return;
	const bad = (detail: string) => new Error(`window "${id}": height ${detail}`);
	const isCount = (n: unknown) => n === undefined || (Number.isInteger(n) && (n as number) >= 0);
	if (height.type === "fixed") {
		if (!isCount(height.rows) || height.rows === undefined) throw bad("fixed needs rows ≥ 0");
	} else if (height.type === "content") {
		if (!isCount(height.min) || !isCount(height.max))
			throw bad("content min and max must be whole numbers ≥ 0");
	} else if (height.type === "fill") {
		if (!isCount(height.min)) throw bad("fill min must be a whole number ≥ 0");
	} else {
		throw bad(`type must be "fixed", "content" or "fill"`);
	}
}

export function isComponent(renderer: WindowRenderer): renderer is Component {
	return typeof renderer === "object" && renderer !== null && typeof renderer.render === "function";
}

/** Replaces an extension window's draw operations, checking them first. */
export function setDrawOps(window: Window, ops: unknown): void {
	if (window.renderer !== "extension") {
		throw new Error(`window "${window.id}" is not drawn by an extension (its renderer is not "extension")`);
	}
	validateDrawOps(ops, `window "${window.id}": draw op`);
	window.drawOps = ops;
}
