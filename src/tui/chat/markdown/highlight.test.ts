import { describe, expect, it } from "vitest";
import { plain } from "../../text/width.js";
import { DARK_THEME } from "../../theme/builtin-themes.js";
import { Styler } from "../../theme/style.js";
import type { ThemeToken } from "../../theme/tokens.js";
import { highlightCode } from "./highlight.js";

const styler = new Styler(DARK_THEME);
const colour = (token: ThemeToken) => styler.sgr({ fg: token });

describe("highlightCode", () => {
	it("colours TypeScript keywords, strings, numbers and comments with the theme's syntax tokens", () => {
		const [line] = highlightCode('const answer = "yes" + 42; // why', "typescript", styler);
		expect(line).toContain(`${colour("syntaxKeyword")}const`);
		expect(line).toContain(`${colour("syntaxString")}"yes"`);
		expect(line).toContain(`${colour("syntaxNumber")}42`);
		expect(line).toContain("// why");
		expect(line).toContain(styler.sgr({ fg: "syntaxComment", italic: true }));
		expect(plain(line)).toBe('const answer = "yes" + 42; // why');
	});

	it("writes as few codes as draw the same: one per run of a colour, none for the text colour", () => {
		const [line] = highlightCode("export function f(lines: string[]) {}", "ts", styler);
		// Two keywords with a space between them are one run of the keyword colour.
		expect(line.startsWith(`${colour("syntaxKeyword")}export function`)).toBe(true);
		expect(line.split(colour("syntaxKeyword"))).toHaveLength(2);
		// The stock themes draw variables in the text colour: written bare; a theme that colours them gets codes.
		expect(DARK_THEME.colors.syntaxVariable).toBe("default");
		expect(highlightCode("echo $HOME", "bash", styler)[0]).toBe(`${colour("syntaxType")}echo\x1b[m $HOME`);
		const custom = new Styler({ ...DARK_THEME, colors: { ...DARK_THEME.colors, syntaxVariable: "#ff0000" } });
		expect(highlightCode("echo $HOME", "bash", custom)[0]).toContain(
			`${custom.sgr({ fg: "syntaxVariable" })}$HOME`,
		);
	});

	it("decodes the HTML entities highlight.js escapes its output with", () => {
		const lines = highlightCode("if (a < b && c > d) { s = '\"' }", "javascript", styler);
		expect(plain(lines[0])).toBe("if (a < b && c > d) { s = '\"' }");
	});

	it("returns one styled string per source line, closing styles at each line end and reopening them", () => {
		const code = "/* one\n   two */\nlet x = `a\nb`;";
		const lines = highlightCode(code, "ts", styler);
		expect(lines.map(plain)).toEqual(code.split("\n"));
		const comment = styler.sgr({ fg: "syntaxComment", italic: true });
		expect(lines[0].startsWith(comment)).toBe(true);
		expect(lines[0].endsWith("\x1b[m")).toBe(true);
		expect(lines[1].startsWith(comment)).toBe(true);
		expect(lines[3].startsWith(colour("syntaxString"))).toBe(true);
	});

	it("knows languages by their usual fence names", () => {
		for (const [info, code, keyword] of [
			["py", "def f():\n    return None", "def"],
			["sh", "if true; then echo hi; fi", "if"],
			["rs", "fn main() {}", "fn"],
			["golang", "func main() {}", "func"],
			["TypeScript title=x.ts", "const a = 1", "const"],
		]) {
			const lines = highlightCode(code, info, styler);
			expect(lines.join("\n"), info).toContain(`${colour("syntaxKeyword")}${keyword}`);
		}
	});

	it("highlights every language it registers without failing", () => {
		const samples: Record<string, string> = {
			typescript: "interface A { b: string }",
			javascript: "export default function () {}",
			json: '{"a": [1, true, null]}',
			python: "class A: pass",
			bash: 'echo "$HOME"',
			console: "$ ls -la",
			rust: "let mut v = Vec::new();",
			go: "package main",
			java: "public class A {}",
			c: "#include <stdio.h>\nint main(void) { return 0; }",
			cpp: "std::vector<int> v;",
			css: ".a { color: red; }",
			html: '<div class="a"><script>let a = 1;</script></div>',
			yaml: "key: value\nlist:\n  - 1",
			markdown: "# Title\n\n*emphasis*",
			sql: "SELECT * FROM t WHERE a = 1;",
			ruby: "def f; end",
			php: "<?php echo $a; ?>",
			toml: '[section]\nkey = "value"',
		};
		for (const [language, code] of Object.entries(samples)) {
			const lines = highlightCode(code, language, styler);
			expect(lines.map(plain), language).toEqual(code.split("\n"));
			expect(lines.join("\n"), language).toContain("\x1b[");
		}
	});

	it("leaves code in an unknown or missing language unstyled", () => {
		expect(highlightCode("const a = 1;\nb", "klingon", styler)).toEqual(["const a = 1;", "b"]);
		expect(highlightCode("const a = 1;", undefined, styler)).toEqual(["const a = 1;"]);
	});

	it("colours a diff's added and removed lines", () => {
		const lines = highlightCode("--- a/x\n+++ b/x\n@@ -1 +1 @@\n-old\n+new\n same", "diff", styler);
		expect(lines[3]).toBe(styler.fg("diffRemoved", "-old"));
		expect(lines[4]).toBe(styler.fg("diffAdded", "+new"));
		expect(lines[2]).toBe(styler.fg("diffHunk", "@@ -1 +1 @@"));
		expect(lines[0]).not.toContain(colour("diffRemoved"));
		expect(highlightCode("+x", "patch", styler)).toEqual([styler.fg("diffAdded", "+x")]);
	});

	it("expands tabs and drops control characters so the terminal draws what was measured", () => {
		expect(highlightCode("\tx\r\n\x1b[2Jy", undefined, styler)).toEqual(["    x", "[2Jy"]);
	});
});
