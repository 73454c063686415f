import { describe, expect, it } from "vitest";
import { fitLine } from "../render/fit-line.js";
import { clip, pad, plain, truncate, visibleWidth } from "./width.js";
import { wrap } from "./wrap.js";

const red = (s: string) => `\x1b[31m${s}\x1b[39m`;
const link = (uri: string, s: string) => `\x1b]8;;${uri}\x1b\\${s}\x1b]8;;\x1b\\`;

describe("visibleWidth", () => {
	it("counts columns, not code units", () => {
		expect(visibleWidth("hello")).toBe(5);
		expect(visibleWidth("你好")).toBe(4);
		expect(visibleWidth("😀")).toBe(2);
		expect(visibleWidth("👨‍👩‍👧")).toBe(2);
		expect(visibleWidth("⚠️")).toBe(2);
		expect(visibleWidth("e\u0301")).toBe(1);
		expect(visibleWidth("🇫🇷")).toBe(2);
	});

	it("measures clusters that start with an ASCII character inside longer text", () => {
		// The ASCII base of a combining accent or a keycap belongs to the cluster, not to the plain run before it.
		expect(visibleWidth("café au lait")).toBe(12);
		expect(visibleWidth("cafe\u0301 au lait")).toBe(12);
		expect(visibleWidth("press 1\uFE0F\u20E3 now")).toBe(12);
		expect(visibleWidth("• item — done…")).toBe(14);
		expect(visibleWidth(`${red("•")} wide 你好 text`)).toBe(16);
	});

	it("ignores SGR styles, hyperlinks and other escape sequences", () => {
		expect(visibleWidth(red("abc"))).toBe(3);
		expect(visibleWidth(link("https://example.com", "site"))).toBe(4);
		expect(visibleWidth("\x1b[38;2;1;2;3m你\x1b[0m")).toBe(2);
	});

	it("counts a tab as four columns and other control characters as none", () => {
		expect(visibleWidth("\tx")).toBe(5);
		expect(visibleWidth("a\x07b")).toBe(2);
	});

	it("gives the same answer from its cache", () => {
		const line = `${red("x")}😀`;
		expect(visibleWidth(line)).toBe(3);
		expect(visibleWidth(line)).toBe(3);
	});
});

describe("truncate and clip", () => {
	it("leaves lines that fit alone", () => {
		const line = red("short");
		expect(truncate(line, 5)).toBe(line);
	});

	it("cuts with an ellipsis and closes open styles", () => {
		const cut = truncate(red("abcdefgh"), 5);
		expect(plain(cut)).toBe("abcd…");
		expect(visibleWidth(cut)).toBe(5);
		expect(cut.endsWith("\x1b[m")).toBe(true);
	});

	it("never splits a wide character across the edge", () => {
		expect(clip("a你好", 4)).toBe("a你");
		expect(visibleWidth(clip("😀😀😀", 5))).toBe(4);
		expect(truncate("你好世界", 5)).toBe("你好…");
	});

	it("closes a hyperlink cut in the middle", () => {
		const cut = clip(link("https://example.com", "example"), 3);
		expect(plain(cut)).toBe("exa");
		expect(cut.endsWith("\x1b]8;;\x1b\\")).toBe(true);
	});

	it("returns nothing for no room and drops an ellipsis wider than the room", () => {
		expect(truncate("abc", 0)).toBe("");
		expect(truncate("abc", 1, "……")).toBe("a");
	});
});

describe("pad", () => {
	it("fills to exactly the width, aligned", () => {
		expect(pad("ab", 5)).toBe("ab   ");
		expect(pad("ab", 5, "right")).toBe("   ab");
		expect(pad("ab", 5, "center")).toBe(" ab  ");
		expect(visibleWidth(pad("你好世界", 5))).toBe(5);
		expect(pad(red("x"), 3)).toBe(`${red("x")}  `);
	});
});

describe("wrap", () => {
	it("breaks at spaces and keeps each line within the width", () => {
		expect(wrap("the quick brown fox jumps", 10)).toEqual(["the quick", "brown fox", "jumps"]);
	});

	it("splits words longer than a line", () => {
		expect(wrap("abcdefghij klm", 4)).toEqual(["abcd", "efgh", "ij", "klm"]);
	});

	it("keeps hard line breaks and empty lines", () => {
		expect(wrap("a\n\nb", 10)).toEqual(["a", "", "b"]);
	});

	it("carries a style across the lines it breaks", () => {
		const lines = wrap(red("one two three"), 7);
		expect(lines.map(plain)).toEqual(["one two", "three"]);
		expect(lines[0]).toBe("\x1b[31mone two\x1b[m");
		expect(lines[1]).toBe("\x1b[31mthree\x1b[39m");
	});

	it("reopens only the attributes still on, however many codes came before", () => {
		const lines = wrap("\x1b[38;2;1;2;3m\x1b[1m\x1b[4mab\x1b[24m cd", 2);
		expect(lines).toEqual(["\x1b[38;2;1;2;3m\x1b[1m\x1b[4mab\x1b[24m\x1b[m", "\x1b[38;2;1;2;3;1mcd\x1b[m"]);
	});

	it("carries styles across hard line breaks too", () => {
		expect(wrap("\x1b[1mbold\nstill\x1b[22m", 20)).toEqual(["\x1b[1mbold\x1b[m", "\x1b[1mstill\x1b[22m"]);
	});

	it("measures wide characters", () => {
		const lines = wrap("你好世界你好", 5);
		expect(lines).toEqual(["你好", "世界", "你好"]);
		for (const line of wrap("😀 😀 😀 😀", 5)) expect(visibleWidth(line)).toBeLessThanOrEqual(5);
	});

	it("keeps indentation that fits", () => {
		expect(wrap("  indented text", 11)).toEqual(["  indented", "text"]);
	});
});

describe("fitLine", () => {
	it("cuts a styled line inside a run of plain text at the edge and closes its style", () => {
		const line = `${red("error:")} the build failed in a long message`;
		const fitted = fitLine(line, 20);
		expect(plain(fitted.text)).toBe("error: the build fai");
		expect(fitted.width).toBe(20);
		expect(fitted.text.startsWith("\x1b[31merror:\x1b[39m")).toBe(true);
	});

	it("drops a wide character that would straddle the edge, counting only what is drawn", () => {
		const fitted = fitLine(`${red("ab")}cdefghi你`, 10);
		expect(plain(fitted.text)).toBe("abcdefghi");
		expect(fitted.width).toBe(9);
	});
});
