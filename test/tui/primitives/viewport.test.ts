import { describe, expect, it } from "vitest";
import { createTUIHelpers } from "../../../src/tui/primitives/helpers.js";
import { viewport } from "../../../src/tui/primitives/viewport.js";
import { virtualList } from "../../../src/tui/primitives/virtual-list.js";
import { DARK_THEME, LIGHT_THEME } from "../../../src/tui/theme/builtin-themes.js";
import { Styler } from "../../../src/tui/theme/style.js";

const lines = Array.from({ length: 10 }, (_, i) => `line ${i}`);

describe("viewport", () => {
	it("shows a slice from an offset, clamped to the content", () => {
		expect(viewport(lines, 3, { offset: 2 })).toEqual({
			lines: ["line 2", "line 3", "line 4"],
			offset: 2,
			total: 10,
			above: 2,
			below: 5,
		});
		expect(viewport(lines, 3, { offset: 50 }).offset).toBe(7);
		expect(viewport(lines.slice(0, 2), 5).lines).toEqual(["line 0", "line 1"]);
	});

	it("follows the bottom", () => {
		expect(viewport(lines, 3, { follow: "bottom" }).lines).toEqual(["line 7", "line 8", "line 9"]);
	});

	it("scrolls as little as possible to keep a line visible", () => {
		expect(viewport(lines, 3, { offset: 0, keepVisible: 4 }).offset).toBe(2);
		expect(viewport(lines, 3, { offset: 6, keepVisible: 4 }).offset).toBe(4);
		expect(viewport(lines, 3, { offset: 3, keepVisible: 4 }).offset).toBe(3);
	});
});

describe("virtualList", () => {
	it("renders only the items in view and keeps the selection visible", () => {
		const rendered: number[] = [];
		const renderItem = (i: number, selected: boolean) => {
			rendered.push(i);
			return `${selected ? ">" : " "} model ${i}`;
		};
		const first = virtualList({ count: 10_000, height: 3, width: 20, selected: 5000, renderItem });
		expect(first.lines).toEqual(["  model 4998", "  model 4999", "> model 5000"]);
		expect(rendered).toEqual([4998, 4999, 5000]);
		const next = virtualList({
			count: 10_000,
			height: 3,
			width: 20,
			selected: 4999,
			scrollTop: first.scrollTop,
			renderItem,
		});
		expect(next.scrollTop).toBe(4998);
		expect(next).toMatchObject({ above: 4998, below: 10_000 - 5001 });
	});

	it("clips items to the width", () => {
		const list = virtualList({ count: 1, height: 5, width: 4, renderItem: () => "a long item" });
		expect(list.lines).toEqual(["a lo"]);
	});
});

describe("createTUIHelpers", () => {
	it("measures and fits text, and paints with the current theme", () => {
		let styler = new Styler(DARK_THEME);
		const ui = createTUIHelpers(() => styler);
		expect(ui.measure("你好")).toBe(4);
		expect(ui.truncate("hello world", 6)).toBe("hello…");
		expect(ui.wrap("a b", 1)).toEqual(["a", "b"]);
		expect(ui.fg("accent", "x")).toBe("\x1b[38;2;122;162;247mx\x1b[39m");
		styler = new Styler(LIGHT_THEME);
		expect(ui.themeName).toBe("light");
		expect(ui.fg("accent", "x")).toBe("\x1b[38;2;46;89;199mx\x1b[39m");
	});
});
