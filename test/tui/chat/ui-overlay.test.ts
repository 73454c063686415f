import { describe, expect, it } from "vitest";
import {
	OverlayStack,
	overlayPlacement,
	placeOverlay,
	resolveOverlayWidth,
} from "../../../src/tui/chat/ui/overlay.js";
import { sliceColumns } from "../../../src/tui/chat/ui/slice-columns.js";
import type { Component } from "../../../src/tui/primitives/window.js";
import { plain, visibleWidth } from "../../../src/tui/text/width.js";
import { Screen } from "../support/screen.js";

const screen = { screenWidth: 20, screenHeight: 10 };
const base = ["aaaaaaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbbbbbb", "cccccccccccccccccccc", "dddddddddddddddddddd"];

describe("placeOverlay", () => {
	it("centres the overlay over the frame by default", () => {
		const lines = placeOverlay(base, ["XXXX", "YYYY"], screen);
		expect(lines).toEqual([base[0], "bbbbbbbbXXXXbbbbbbbb", "ccccccccYYYYcccccccc", base[3]]);
	});

	it("puts the overlay at each anchor, offset from the anchored edge", () => {
		const at = (anchor: Parameters<typeof placeOverlay>[2]["anchor"], offsetRow = 0, offsetCol = 0) =>
			placeOverlay(base, ["XX"], { ...screen, anchor, offsetRow, offsetCol }).map(plain);
		expect(at("top-left")[0]).toBe("XXaaaaaaaaaaaaaaaaaa");
		expect(at("top-right")[0]).toBe("aaaaaaaaaaaaaaaaaaXX");
		expect(at("bottom-left")[3]).toBe("XXdddddddddddddddddd");
		expect(at("bottom-right", 1, 2)[2]).toBe("ccccccccccccccccXXcc");
		expect(at("top", 1)[1]).toBe("bbbbbbbbbXXbbbbbbbbb");
		expect(at("bottom")[3]).toBe("dddddddddXXddddddddd");
		expect(at("top-left", 0, 3)[0]).toBe("aaaXXaaaaaaaaaaaaaaa");
	});

	it("keeps the overlay on screen when offsets would push it off", () => {
		const lines = placeOverlay(base, ["XX"], { ...screen, anchor: "top-left", offsetRow: 50, offsetCol: 50 });
		expect(lines[3]).toBe("ddddddddddddddddddXX");
	});

	it("pads the overlay to its width so what is under it never shows through", () => {
		const lines = placeOverlay(base, ["ab", "abcd"], { ...screen, anchor: "top-left" });
		expect(lines.slice(0, 2)).toEqual(["ab  aaaaaaaaaaaaaaaa", "abcdbbbbbbbbbbbbbbbb"]);
	});

	it("grows a short frame at its bottom when the overlay needs more rows", () => {
		const lines = placeOverlay(["composer", "status"], ["1", "2", "3", "4"], {
			...screen,
			anchor: "top-left",
		});
		expect(lines.map(plain)).toEqual(["1omposer", "2tatus", "3", "4"]);
	});

	it("anchors within the bottom screenful when the frame is taller than the screen", () => {
		const tall = Array.from({ length: 15 }, (_, i) => `row${i}`);
		const at = overlayPlacement(tall.length, ["X"], { ...screen, anchor: "top-left" });
		expect(at.row).toBe(5);
		expect(placeOverlay(tall, ["X"], { ...screen, anchor: "top-left" })[5]).toBe("Xow5");
	});

	it("replaces a wide character cut by the overlay edge with spaces on both sides", () => {
		const lines = placeOverlay(["界界界界界"], ["ab"], {
			screenWidth: 10,
			screenHeight: 5,
			anchor: "top-left",
			offsetCol: 3,
		});
		expect(plain(lines[0])).toBe("界 ab 界界");
		expect(visibleWidth(lines[0])).toBe(10);
	});

	it("keeps the base's styles on both sides and stops the overlay's own from leaking", () => {
		const red = "\x1b[31mredredred\x1b[0m";
		const [line] = placeOverlay([red], ["\x1b[44mX"], {
			screenWidth: 9,
			screenHeight: 3,
			anchor: "top-left",
			offsetCol: 3,
		});
		expect(plain(line)).toBe("redXedred");
		expect(line).toBe("\x1b[31mred\x1b[m\x1b[44mX\x1b[m\x1b[31medred\x1b[0m");
	});

	it("draws over styled, wide text so a real terminal shows every column where it belongs", async () => {
		const term = new Screen(20, 5);
		const styledBase = ["\x1b[1;32m漢字漢字漢字漢字漢字\x1b[0m", "\x1b[35mmagenta line here!!\x1b[0m"];
		const lines = placeOverlay(styledBase, ["┌──┐", "└──┘"], {
			screenWidth: 20,
			screenHeight: 5,
			offsetCol: 1,
		});
		term.write(lines.join("\r\n"));
		expect((await term.screen()).slice(0, 2)).toEqual(["漢字漢字 ┌──┐ 字漢字", "magenta l└──┘here!!"]);
	});
});

describe("sliceColumns", () => {
	it("cuts a column range, reopening and closing the styles in effect", () => {
		const line = "ab\x1b[1mcd\x1b[22mef";
		expect(sliceColumns(line, 3, 5)).toBe("\x1b[1md\x1b[22me");
		expect(plain(sliceColumns(line, 0, 2))).toBe("ab");
		expect(sliceColumns(line, 4, 4)).toBe("");
	});
});

describe("resolveOverlayWidth", () => {
	it("reads fractions below 1 as a share of the screen and clamps columns to it", () => {
		expect(resolveOverlayWidth(0.5, 80)).toBe(40);
		expect(resolveOverlayWidth(30, 80)).toBe(30);
		expect(resolveOverlayWidth(300, 80)).toBe(80);
		expect(resolveOverlayWidth(undefined, 80)).toBe(80);
	});
});

function box(label: string, cursor?: { row: number; col: number }): Component & { keys: string[] } {
	const keys: string[] = [];
	return {
		keys,
		render: (width) => [label.padEnd(Math.min(width, label.length)), "----"],
		handleInput: (key) => {
			keys.push(key.id);
			return true;
		},
		cursor: () => cursor,
	};
}

describe("OverlayStack", () => {
	const size = { width: 20, height: 10 };

	it("draws overlays in the order they opened and gives keys to the newest focusable one", () => {
		const stack = new OverlayStack();
		const first = box("first");
		const passive = box("passive");
		stack.push(first, { anchor: "top-left" });
		stack.push(passive, { anchor: "top-left", focus: false });
		expect(stack.top()).toBe(first);
		const { lines } = stack.render(base, size);
		expect(lines[0]).toBe("passiveaaaaaaaaaaaaa");
	});

	it("closing an overlay removes it and tells listeners; closing twice does nothing", () => {
		const stack = new OverlayStack();
		let changes = 0;
		stack.onChange(() => changes++);
		const handle = stack.push(box("one"));
		expect(handle.closed).toBe(false);
		handle.close();
		handle.close();
		expect(handle.closed).toBe(true);
		expect(stack.size).toBe(0);
		expect(stack.top()).toBeUndefined();
		expect(changes).toBe(2);
		expect(stack.render(base, size).lines).toEqual(base);
	});

	it("places the focused overlay's cursor in frame coordinates", () => {
		const stack = new OverlayStack();
		stack.push(box("field", { row: 1, col: 2 }), { anchor: "bottom-right" });
		const frame = stack.render(base, size);
		// "field" is 5 wide, so the overlay starts at column 15.
		expect(frame.cursor).toEqual({ row: 3, col: 17 });
	});

	it("keeps the base frame's cursor while no overlay takes keys, and hides it under one that has none", () => {
		const stack = new OverlayStack();
		const composer = { lines: base, cursor: { row: 3, col: 4 } };
		const passive = stack.push(box("note"), { anchor: "top-left", focus: false });
		expect(stack.render(composer, size).cursor).toEqual({ row: 3, col: 4 });
		stack.push({ render: () => ["no cursor"] });
		expect(stack.render(composer, size).cursor).toBeUndefined();
		passive.close();
	});

	it("renders at the requested width, a fraction of the screen included", () => {
		const stack = new OverlayStack();
		const widths: number[] = [];
		stack.push(
			{
				render: (w) => {
					widths.push(w);
					return ["x"];
				},
			},
			{ width: 0.5 },
		);
		stack.push({
			render: (w) => {
				widths.push(w);
				return ["x"];
			},
		});
		stack.render(base, size);
		expect(widths).toEqual([10, 20]);
	});

	it("shows one line instead of an overlay that throws, naming its owner", () => {
		const stack = new OverlayStack();
		stack.push(
			{
				render: () => {
					throw new Error("boom");
				},
			},
			{ anchor: "top-left", owner: "ext-a" },
		);
		expect(plain(stack.render(["", ""], { width: 60, height: 5 }).lines[0])).toBe(
			"⚠ overlay (ext-a) failed to render: boom",
		);
	});

	it("closes every overlay of an owner", () => {
		const stack = new OverlayStack();
		const kept = stack.push(box("weft"), { owner: "weft" });
		const gone = stack.push(box("ext"), { owner: "ext" });
		stack.removeOwner("ext");
		expect([kept.closed, gone.closed]).toEqual([false, true]);
	});
});
