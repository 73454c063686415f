import { describe, expect, it } from "vitest";
import { plain, visibleWidth } from "../text/width.js";
import { DARK_THEME } from "../theme/builtin-themes.js";
import { Styler } from "../theme/style.js";
import { applyDrawOps, Grid } from "./grid.js";

const styler = new Styler(DARK_THEME);
const text = (grid: Grid) => grid.toLines().map(plain);

describe("Grid and draw operations", () => {
	it("writes text at a row and column, clipped at the edges", () => {
		const grid = new Grid(8, 3);
		applyDrawOps(
			grid,
			[
				{ op: "text", row: 0, col: 5, text: "overflow" },
				{ op: "text", row: 1, col: -2, text: "xxhello" },
				{ op: "text", row: 9, col: 0, text: "off the grid" },
			],
			styler,
		);
		expect(text(grid)).toEqual(["     ove", "hello", ""]);
	});

	it("keeps every row exactly the grid's width, wide characters included", () => {
		const grid = new Grid(7, 2);
		applyDrawOps(
			grid,
			[
				{ op: "text", row: 0, col: 0, text: "你好世界" },
				{ op: "text", row: 1, col: 1, text: "😀😀😀" },
			],
			styler,
		);
		expect(text(grid)).toEqual(["你好世", " 😀😀😀"]);
		for (const line of grid.toLines()) expect(visibleWidth(line)).toBeLessThanOrEqual(7);
	});

	it("blanks the other half of a wide character that is overwritten", () => {
		const grid = new Grid(6, 1);
		applyDrawOps(
			grid,
			[
				{ op: "text", row: 0, col: 0, text: "你好世" },
				{ op: "text", row: 0, col: 1, text: "a" },
				{ op: "text", row: 0, col: 4, text: "b" },
			],
			styler,
		);
		expect(text(grid)).toEqual([" a好b"]);
	});

	it("styles text from the op's style and from SGR codes inside the text", () => {
		const grid = new Grid(6, 1);
		applyDrawOps(grid, [{ op: "text", row: 0, col: 0, text: "a\x1b[1mb", style: { fg: "#ff0000" } }], styler);
		expect(grid.toLines()).toEqual(["\x1b[38;2;255;0;0ma\x1b[m\x1b[38;2;255;0;0m\x1b[1mb\x1b[m"]);
	});

	it("draws spans one after another and lines on consecutive rows", () => {
		const grid = new Grid(10, 3);
		applyDrawOps(
			grid,
			[
				{ op: "spans", row: 0, col: 1, spans: [{ text: "ab" }, { text: "你" }, { text: "c" }] },
				{ op: "lines", row: 1, col: 2, lines: ["one", "two", "three"] },
			],
			styler,
		);
		expect(text(grid)).toEqual([" ab你c", "  one", "  two"]);
	});

	it("draws boxes with a title cut to fit", () => {
		const grid = new Grid(12, 4);
		applyDrawOps(
			grid,
			[
				{ op: "box", row: 0, col: 0, width: 12, height: 4, border: "rounded", title: "A long title" },
				{ op: "text", row: 1, col: 1, text: "inside" },
			],
			styler,
		);
		expect(text(grid)).toEqual(["╭─ A lon… ─╮", "│inside    │", "│          │", "╰──────────╯"]);
	});

	it("keeps trailing blanks that carry a background", () => {
		const grid = new Grid(3, 1);
		applyDrawOps(grid, [{ op: "clear", style: { bg: "#000000" } }], styler);
		expect(grid.toLines()).toEqual(["\x1b[48;2;0;0;0m   \x1b[m"]);
	});

	it("clears regions and reports the last cursor op, also from inside a batch", () => {
		const grid = new Grid(4, 2);
		const cursor = applyDrawOps(
			grid,
			[
				{ op: "lines", row: 0, lines: ["abcd", "efgh"] },
				{ op: "clearRegion", row: 0, col: 1, width: 2, height: 2 },
				{ op: "batch", ops: [{ op: "cursor", row: 1, col: 2 }] },
			],
			styler,
		);
		expect(text(grid)).toEqual(["a  d", "e  h"]);
		expect(cursor).toEqual({ row: 1, col: 2 });
	});
});
