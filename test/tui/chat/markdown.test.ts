import type { Token } from "marked";
import { describe, expect, it } from "vitest";
import { lexMarkdown, MarkdownRenderer } from "../../../src/tui/chat/markdown/markdown.js";
import { plain, visibleWidth } from "../../../src/tui/text/width.js";
import { DARK_THEME, LIGHT_THEME } from "../../../src/tui/theme/builtin-themes.js";
import { Styler } from "../../../src/tui/theme/style.js";
import { Screen } from "../support/screen.js";

const styler = new Styler(DARK_THEME);

function render(markdown: string, width = 60): string[] {
	return new MarkdownRenderer(() => styler).render(markdown, width);
}

function text(markdown: string, width = 60): string[] {
	return render(markdown, width).map(plain);
}

/** A renderer whose lexer records every source it is given. */
function observed(): { renderer: MarkdownRenderer; lexed: string[] } {
	const lexed: string[] = [];
	const lex = (markdown: string): Token[] => {
		lexed.push(markdown);
		return lexMarkdown(markdown);
	};
	return { renderer: new MarkdownRenderer(() => styler, { lex }), lexed };
}

const SAMPLE = [
	"# Heading with 😀 emoji",
	"",
	"A paragraph with **bold**, *em*, ~~gone~~, `code 你好`, [a link](https://example.com/path) and 你好世界你好世界 wide text.",
	"",
	"- item one with a long line that wraps",
	"  - nested 👨‍👩‍👧 item",
	"- [x] done",
	"",
	"1. first",
	"2. second",
	"",
	"> a quote that is long enough to wrap",
	"",
	"---",
	"",
	"| Name | Emoji | Notes |",
	"|------|:-----:|------:|",
	"| 你好 | 😀😀 | a much longer cell that has to wrap |",
	"",
	"```ts",
	"const value = '你好世界你好世界' + 1; // 😀 a comment that is long",
	"```",
	"",
	"    indented code block line",
	"",
	"<div>raw html</div>",
].join("\n");

describe("MarkdownRenderer blocks", () => {
	it("draws headings in the heading colour, the first level bold and underlined", () => {
		const [h1, , h2, , h3] = render("# One\n\n## Two\n\n### Three");
		expect(h1).toContain(styler.sgr({ fg: "heading", bold: true, underline: true }));
		expect(h2).toContain(styler.sgr({ fg: "heading", bold: true }));
		expect(h2).not.toContain(styler.sgr({ fg: "heading", bold: true, underline: true }));
		expect([h1, h2, h3].map(plain)).toEqual(["One", "Two", "### Three"]);
	});

	it("wraps paragraphs to the width and reads soft line breaks as spaces", () => {
		expect(text("the quick brown fox\njumps over the lazy dog", 16)).toEqual([
			"the quick brown",
			"fox jumps over",
			"the lazy dog",
		]);
	});

	it("keeps hard line breaks", () => {
		expect(text("one  \ntwo")).toEqual(["one", "two"]);
	});

	it("puts one blank line between blocks", () => {
		expect(text("# Title\nfirst\n\n\n\nsecond")).toEqual(["Title", "", "first", "", "second"]);
	});

	it("styles emphasis, strong, strikethrough and inline code", () => {
		const [line] = render("*em* **strong** ~~gone~~ `code`");
		expect(line).toContain(`${styler.sgr({ italic: true })}em`);
		expect(line).toContain(`${styler.sgr({ bold: true })}strong`);
		expect(line).toContain(`${styler.sgr({ strikethrough: true })}gone`);
		expect(line).toContain(`${styler.sgr({ fg: "code" })}code`);
		expect(plain(line)).toBe("em strong gone code");
	});

	it("nests inline styles without the inner one ending the outer", () => {
		const [line] = render("**bold *both* still bold**");
		expect(line).toContain(`${styler.sgr({ bold: true, italic: true })}both`);
		expect(line).toContain(`${styler.sgr({ bold: true })} still bold`);
	});

	it("shows a link's address after its text only when they differ", () => {
		const [line] = render("[docs](https://example.com/docs) and <https://example.com>");
		expect(line).toContain(`${styler.sgr({ fg: "link", underline: true })}docs`);
		expect(plain(line)).toBe("docs (https://example.com/docs) and https://example.com");
	});

	it("decodes character references in text but not in code spans", () => {
		expect(text("a &amp; b &lt; c &#65; `&amp;`")).toEqual(["a & b < c A &amp;"]);
	});

	it("draws bullet lists with nesting, continuation lines indented under the text", () => {
		const lines = render("- first item that wraps around\n- second\n  - nested\n    - deeper", 20);
		expect(lines.map(plain)).toEqual([
			"• first item that",
			"  wraps around",
			"• second",
			"  ◦ nested",
			"    ▪ deeper",
		]);
		// The stock themes draw bullets in the text colour, so they carry no colour codes.
		expect(lines[0].startsWith("• first")).toBe(true);
	});

	it("colours bullets when the theme gives them a colour", () => {
		const coloured = new Styler({
			...styler.theme,
			colors: { ...styler.theme.colors, listBullet: "#ff0000" },
		});
		const lines = new MarkdownRenderer(() => coloured).render("- one\n- two", 20);
		expect(lines[0]).toContain(coloured.fg("listBullet", "•"));
	});

	it("numbers ordered lists from their start, markers right-aligned", () => {
		expect(text("9. nine\n10. ten\n11. eleven")).toEqual([" 9. nine", "10. ten", "11. eleven"]);
	});

	it("shows task list checkboxes", () => {
		expect(text("- [x] done\n- [ ] todo that wraps here", 18)).toEqual([
			"• [x] done",
			"• [ ] todo that",
			"      wraps here",
		]);
	});

	it("separates the items of a loose list with blank lines", () => {
		expect(text("- one\n\n- two\n\n  more of two")).toEqual(["• one", "", "• two", "", "  more of two"]);
	});

	it("draws block quotes behind a bar in the quote colour", () => {
		const lines = render("> quoted text that wraps\n> around", 14);
		expect(lines.map(plain)).toEqual(["│ quoted text", "│ that wraps", "│ around"]);
		expect(lines[0].startsWith(styler.fg("quote", "│ "))).toBe(true);
		expect(lines[0]).toContain(styler.sgr({ fg: "quote", italic: true }));
	});

	it("draws horizontal rules across the width", () => {
		expect(render("---", 12)).toEqual([styler.fg("border", "─".repeat(12))]);
	});

	it("draws tables with borders, a bold header and aligned columns", () => {
		const lines = render("| Name | Qty |\n|:-----|----:|\n| apple | 3 |\n| fig | 12 |");
		expect(lines.map(plain)).toEqual([
			"┌───────┬─────┐",
			"│ Name  │ Qty │",
			"├───────┼─────┤",
			"│ apple │   3 │",
			"│ fig   │  12 │",
			"└───────┴─────┘",
		]);
		expect(lines[1]).toContain(`${styler.sgr({ bold: true })}Name`);
		expect(lines[0]).toBe(styler.fg("border", "┌───────┬─────┐"));
	});

	it("shrinks a table that is too wide and wraps its cells", () => {
		const lines = text("| Key | Description |\n|---|---|\n| a | one two three four five six |", 24);
		expect(lines).toEqual([
			"┌─────┬────────────────┐",
			"│ Key │ Description    │",
			"├─────┼────────────────┤",
			"│ a   │ one two three  │",
			"│     │ four five six  │",
			"└─────┴────────────────┘",
		]);
	});

	it("shows each row as header: value lines when columns can't fit", () => {
		expect(text("| Key | Value |\n|---|---|\n| a | 1 |\n| b | 2 |", 12)).toEqual([
			"Key: a",
			"Value: 1",
			"────────────",
			"Key: b",
			"Value: 2",
		]);
	});

	it("draws fenced code highlighted and bare (copyable), between rules naming the language", () => {
		const lines = render("```ts\nconst a = 1;\n```");
		expect(lines.map(plain)).toEqual(["─── ts", "const a = 1;", "───"]);
		expect(lines[0].startsWith(styler.fg("codeBlockBorder", "───"))).toBe(true);
		expect(lines[1].startsWith(styler.sgr({ fg: "syntaxKeyword" }))).toBe(true);
		expect(lines[1]).toContain(`${styler.sgr({ fg: "syntaxKeyword" })}const`);
	});

	it("cuts long code lines at the width instead of word-wrapping them", () => {
		expect(text("```\nabc def ghi jkl\n```", 10)).toEqual(["───", "abc def gh", "i jkl", "───"]);
	});

	it("draws indented code blocks as code", () => {
		expect(text("para\n\n    let x = 1;\n    x += 1;")).toEqual([
			"para",
			"",
			"───",
			"let x = 1;",
			"x += 1;",
			"───",
		]);
	});

	it("draws an unclosed fence as code", () => {
		expect(text("```python\ndef f():\n    return 1")).toEqual([
			"─── python",
			"def f():",
			"    return 1",
			"───",
		]);
	});

	it("shows HTML as plain text", () => {
		expect(text("<div>\nhello <b>there</b>\n</div>")).toEqual(["<div>", "hello <b>there</b>", "</div>"]);
		expect(text("say <kbd>Ctrl</kbd> now")).toEqual(["say <kbd>Ctrl</kbd> now"]);
	});

	it("drops control characters a model might emit", () => {
		expect(text("clear\x1b[2J screen\r\nnext")).toEqual(["clear[2J screen next"]);
	});

	it("never draws a line wider than the width, whatever the content", () => {
		for (let width = 1; width <= 40; width++) {
			for (const line of render(SAMPLE, width)) {
				expect(visibleWidth(line), `width ${width}: ${JSON.stringify(plain(line))}`).toBeLessThanOrEqual(
					width,
				);
			}
		}
	});

	it("keeps wide characters and emoji whole at width 10", () => {
		const lines = text(SAMPLE, 10);
		expect(lines.join("")).toContain("你好世界");
		expect(lines.join("")).toContain("😀");
		for (const line of lines) expect(visibleWidth(line)).toBeLessThanOrEqual(10);
	});
});

describe("MarkdownRenderer while an answer streams", () => {
	it("returns the cached array when the same text is drawn at the same width", () => {
		const renderer = new MarkdownRenderer(() => styler);
		const first = renderer.render(SAMPLE, 50);
		expect(renderer.render(SAMPLE, 50)).toBe(first);
		expect(renderer.render(SAMPLE, 40)).not.toBe(first);
	});

	it("lexes each finished block once, only re-reading the tail as text arrives", () => {
		const { renderer, lexed } = observed();
		const paragraphs = Array.from({ length: 40 }, (_, i) => `Paragraph number ${i} with **some** text.`);
		const answer = paragraphs.join("\n\n");
		for (let end = 1; end <= answer.length; end += 3) renderer.render(answer.slice(0, end), 50);
		renderer.render(answer, 50);
		// The first paragraph was lexed while it was the tail, then once as part of the stable prefix; never again.
		const holdsFirst = (source: string) => source.includes("Paragraph number 0 ");
		const stableAt = lexed.findLastIndex(holdsFirst);
		expect(stableAt).toBeGreaterThan(0);
		expect(lexed.slice(stableAt + 1).some(holdsFirst)).toBe(false);
		expect(lexed.at(-1)).toBe(paragraphs[39]);
		// No source ever holds more than the paragraph being written and the one just finished.
		for (const source of lexed) expect(source.length).toBeLessThan(2 * paragraphs[39].length + 4);
	});

	it("draws streamed text the same as the whole text drawn at once", () => {
		const renderer = new MarkdownRenderer(() => styler);
		let lines: string[] = [];
		for (let end = 1; end <= SAMPLE.length; end += 7) lines = renderer.render(SAMPLE.slice(0, end), 50);
		lines = renderer.render(SAMPLE, 50);
		expect(lines).toEqual(render(SAMPLE, 50));
	});

	it("keeps a list that continues after a blank line together", () => {
		const renderer = new MarkdownRenderer(() => styler);
		const answer = "Steps:\n\n1. one\n\n1. two\n\n   detail\n\nDone.";
		for (let end = 1; end <= answer.length; end++) renderer.render(answer.slice(0, end), 40);
		expect(renderer.render(answer, 40).map(plain)).toEqual(text(answer, 40));
		expect(text(answer, 40)).toContain("2. two");
	});

	it("keeps blank lines inside a streaming code fence in the code", () => {
		const renderer = new MarkdownRenderer(() => styler);
		const answer = "```ts\nconst a = 1;\n\nconst b = 2;\n```\nafter";
		let lines: string[] = [];
		for (let end = 1; end <= answer.length; end++) lines = renderer.render(answer.slice(0, end), 40);
		expect(lines.map(plain)).toEqual(["─── ts", "const a = 1;", "", "const b = 2;", "───", "", "after"]);
		expect(renderer.render(answer.slice(0, 27), 40).map(plain)).toEqual([
			"─── ts",
			"const a = 1;",
			"",
			"const b",
			"───",
		]);
	});

	it("starts over when the text is replaced rather than extended", () => {
		const renderer = new MarkdownRenderer(() => styler);
		renderer.render("first answer\n\nmore", 40);
		expect(renderer.render("second\n\nthing", 40).map(plain)).toEqual(["second", "", "thing"]);
	});

	it("draws again in the new colours when the theme changes", () => {
		let current = styler;
		const renderer = new MarkdownRenderer(() => current);
		const dark = renderer.render("# Title\n\nbody", 40);
		current = new Styler(LIGHT_THEME);
		const light = renderer.render("# Title\n\nbody", 40);
		expect(light[0]).not.toBe(dark[0]);
		expect(light[0]).toContain(current.sgr({ fg: "heading", bold: true, underline: true }));
	});
});

describe("MarkdownRenderer on a terminal screen", () => {
	it("shows a table and a list as a user sees them", async () => {
		const screen = new Screen(40, 14);
		const lines = render(
			"Fruit:\n\n| Name | Qty |\n|------|----:|\n| apple | 3 |\n| 🍐 pear | 12 |\n\n- red\n  - ripe\n- [x] green",
			40,
		);
		screen.write(lines.join("\r\n"));
		expect(await screen.screen()).toEqual([
			"Fruit:",
			"",
			"┌─────────┬─────┐",
			"│ Name    │ Qty │",
			"├─────────┼─────┤",
			"│ apple   │   3 │",
			"│ 🍐 pear │  12 │",
			"└─────────┴─────┘",
			"",
			"• red",
			"  ◦ ripe",
			"• [x] green",
			"",
			"",
		]);
	});
});
