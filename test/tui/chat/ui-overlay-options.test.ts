/**
 * The overlay options beyond anchor and width: side-centred anchors,
 * percentages, minWidth, maxHeight, margins, fixed rows and columns,
 * `visible`, and the handle's hide and focus.
 */
import { describe, expect, it } from "vitest";
import { OverlayStack, overlayPlacement, placeOverlay } from "../../../src/tui/chat/ui/overlay.js";
import { renderWidth, resolveSize } from "../../../src/tui/chat/ui/overlay-layout.js";
import type { Component } from "../../../src/tui/primitives/window.js";
import { plain } from "../../../src/tui/text/width.js";

const screen = { screenWidth: 20, screenHeight: 10 };
const base = Array.from({ length: 10 }, () => ".".repeat(20));

describe("overlay placement options", () => {
	it("centres side anchors vertically", () => {
		const left = overlayPlacement(10, ["XX", "XX"], { ...screen, anchor: "left" });
		const right = overlayPlacement(10, ["XX", "XX"], { ...screen, anchor: "right" });
		expect([left.row, left.col]).toEqual([4, 0]);
		expect([right.row, right.col]).toEqual([4, 18]);
	});

	it("keeps margins free on every side and per side", () => {
		const all = overlayPlacement(10, ["XX"], { ...screen, anchor: "top-left", margin: 2 });
		expect([all.row, all.col]).toEqual([2, 2]);
		const bottomRight = overlayPlacement(10, ["XX"], { ...screen, anchor: "bottom-right", margin: 2 });
		expect([bottomRight.row, bottomRight.col]).toEqual([7, 16]);
		const some = overlayPlacement(10, ["XX"], {
			...screen,
			anchor: "top-left",
			margin: { top: 5, left: 10 },
		});
		expect([some.row, some.col]).toEqual([5, 10]);
	});

	it("narrows an overlay to fit between the margins", () => {
		const at = overlayPlacement(10, ["X".repeat(30)], { ...screen, margin: { left: 3, right: 3 } });
		expect(at.width).toBe(14);
		expect(at.col).toBe(3);
	});

	it("places at fixed rows and columns, absolute or as a percentage of the free space", () => {
		const fixed = overlayPlacement(10, ["XX"], { ...screen, row: 3, col: 5 });
		expect([fixed.row, fixed.col]).toEqual([3, 5]);
		const top = overlayPlacement(10, ["XX", "XX"], { ...screen, row: "0%", col: "100%" });
		expect([top.row, top.col]).toEqual([0, 18]);
		const middle = overlayPlacement(10, ["XX", "XX"], { ...screen, row: "50%", col: "50%" });
		expect([middle.row, middle.col]).toEqual([4, 9]);
		const bottom = overlayPlacement(10, ["XX", "XX"], { ...screen, row: "100%", col: "0%" });
		expect([bottom.row, bottom.col]).toEqual([8, 0]);
	});

	it("cuts the overlay to maxHeight, in rows or as a share of the screen", () => {
		const lines = Array.from({ length: 8 }, (_, i) => `L${i}`);
		expect(overlayPlacement(10, lines, { ...screen, maxHeight: 3 }).height).toBe(3);
		expect(overlayPlacement(10, lines, { ...screen, maxHeight: "50%" }).height).toBe(5);
		const drawn = placeOverlay(base, lines, { ...screen, anchor: "top-left", maxHeight: 3 }).map(plain);
		expect(drawn.slice(0, 4)).toEqual([
			"L0" + ".".repeat(18),
			"L1" + ".".repeat(18),
			"L2" + ".".repeat(18),
			base[3],
		]);
	});

	it("grows a short live region to fit the overlay and its margins", () => {
		const at = overlayPlacement(2, ["X", "X"], { ...screen, anchor: "top-left", margin: 1 });
		expect(at.frameHeight).toBe(4);
		expect(at.row).toBe(1);
	});

	it("reads sizes as columns, fractions or percentages, and honours minWidth", () => {
		expect(resolveSize("25%", 80)).toBe(20);
		expect(resolveSize(0.5, 80)).toBe(40);
		expect(resolveSize(30, 80)).toBe(30);
		expect(resolveSize("wide" as never, 80)).toBeUndefined();
		expect(renderWidth({ width: "25%", minWidth: 30 }, 80)).toBe(30);
		expect(renderWidth({ width: 50, margin: { left: 5, right: 5 } }, 40)).toBe(30);
		expect(renderWidth({}, 40)).toBe(40);
	});
});

function panel(label: string): Component & { keys: string[] } {
	const keys: string[] = [];
	return {
		keys,
		render: () => [label],
		handleInput: (key) => {
			keys.push(key.id);
			return true;
		},
	};
}

describe("OverlayStack options", () => {
	const size = { width: 20, height: 10 };

	it("leaves an overlay out of frames its visible() refuses, and gives it no keys then", () => {
		const stack = new OverlayStack();
		const wide = panel("SIDE");
		stack.push(wide, { visible: (columns) => columns >= 30 });
		expect(stack.render(base, size).lines.join("")).not.toContain("SIDE");
		expect(stack.top()).toBeUndefined();
		expect(stack.render(base, { width: 40, height: 10 }).lines.join("")).toContain("SIDE");
		expect(stack.top()).toBe(wide);
	});

	it("hides and shows an overlay through its handle", () => {
		const stack = new OverlayStack();
		const one = panel("ONE");
		const handle = stack.push(one);
		handle.setHidden(true);
		expect(handle.hidden).toBe(true);
		expect(stack.render(base, size).lines.join("")).not.toContain("ONE");
		expect(stack.top()).toBeUndefined();
		handle.setHidden(false);
		expect(stack.render(base, size).lines.join("")).toContain("ONE");
		expect(handle.focused).toBe(true);
	});

	it("moves the keys between overlays with focus() and unfocus(), drawing the focused one in front", () => {
		const stack = new OverlayStack();
		const first = panel("FIRST");
		const second = panel("SECOND");
		const a = stack.push(first, { anchor: "top-left" });
		const b = stack.push(second, { anchor: "top-left", focus: false });
		expect(a.focused).toBe(true);
		b.focus();
		expect(b.focused).toBe(true);
		expect(a.focused).toBe(false);
		expect(plain(stack.render(base, size).lines[0])).toMatch(/^SECOND/);
		b.unfocus();
		expect(a.focused).toBe(true);
		a.close();
		expect(stack.top()).toBeUndefined();
	});
});

describe("the screen frame", () => {
	it("grows a short frame to the whole screen and places within it", () => {
		const corner = overlayPlacement(3, ["XX"], { ...screen, anchor: "bottom-right", frame: "screen" });
		expect(corner).toMatchObject({ frameHeight: 10, row: 9, col: 18 });
		const top = overlayPlacement(3, ["XX"], { ...screen, anchor: "top-left", frame: "screen" });
		expect(top).toMatchObject({ frameHeight: 10, row: 0, col: 0 });
		// The content frame grows only as far as the overlay needs.
		expect(overlayPlacement(3, ["XX"], { ...screen, anchor: "bottom-right" })).toMatchObject({
			frameHeight: 3,
			row: 2,
		});
	});

	it("changes nothing for a frame already taller than the screen", () => {
		const options = { ...screen, anchor: "bottom-right" as const };
		expect(overlayPlacement(30, ["XX"], { ...options, frame: "screen" })).toEqual(
			overlayPlacement(30, ["XX"], options),
		);
		expect(overlayPlacement(30, ["XX"], { ...options, frame: "screen" })).toMatchObject({
			frameHeight: 30,
			row: 29,
		});
	});
});
