import { describe, expect, it } from "vitest";
import { FrontmatterError, parseFrontmatter } from "./frontmatter.js";

function errorOf(text: string): { line: number; message: string } {
	try {
		parseFrontmatter(text);
	} catch (error) {
		if (error instanceof FrontmatterError) return { line: error.line, message: error.message };
		throw error;
	}
	throw new Error("expected a FrontmatterError");
}

describe("parseFrontmatter", () => {
	it("returns the whole text as the body when there is no frontmatter", () => {
		expect(parseFrontmatter("# Title\n---\n")).toEqual({ data: {}, body: "# Title\n---\n" });
	});

	it("reads plain, quoted and commented values, and the body after the closing line", () => {
		const text = [
			"---",
			"name: pdf-tools",
			'description: "Fill \\"PDF\\" forms: text, checkboxes"  # a comment',
			"license: 'Apache ''2.0'''",
			"argument-hint: [file] [line]",
			"empty:",
			"url: https://example.com/a#b",
			"---",
			"Body line",
		].join("\n");
		expect(parseFrontmatter(text)).toEqual({
			data: {
				name: "pdf-tools",
				description: 'Fill "PDF" forms: text, checkboxes',
				license: "Apache '2.0'",
				"argument-hint": "[file] [line]",
				empty: "",
				url: "https://example.com/a#b",
			},
			body: "Body line",
		});
	});

	it("joins a plain value wrapped onto indented lines", () => {
		const text = "---\ndescription: Reviews code\n  for bugs\n\n  and style\nname: x\n---\n";
		expect(parseFrontmatter(text).data).toEqual({
			description: "Reviews code for bugs and style",
			name: "x",
		});
	});

	it("reads literal and folded blocks with their chomping", () => {
		const text = [
			"---",
			"literal: |",
			"  one",
			"    two",
			"",
			"folded: >-",
			"  one",
			"  two",
			"",
			"  three",
			"kept: |+",
			"  a",
			"",
			"---",
		].join("\n");
		expect(parseFrontmatter(text).data).toEqual({
			literal: "one\n  two\n",
			folded: "one two\nthree",
			kept: "a\n\n",
		});
	});

	it("reads lists and nested maps", () => {
		const text = [
			"---",
			"tools: [Read, 'Grep', Bash]",
			"allowed:",
			"- one",
			"- two",
			"metadata:",
			"  author: someone",
			"  tags:",
			"    - a",
			"---",
		].join("\n");
		expect(parseFrontmatter(text).data).toEqual({
			tools: ["Read", "Grep", "Bash"],
			allowed: ["one", "two"],
			metadata: { author: "someone", tags: ["a"] },
		});
	});

	it("names the line of what it cannot read", () => {
		expect(errorOf("---\nname: x\nthis is not a key\n---\n")).toEqual({
			line: 3,
			message: 'expected "key: value", got "this is not a key"',
		});
		expect(errorOf("---\nname: x\nname: y\n---\n")).toMatchObject({
			line: 3,
			message: '"name" is given twice',
		});
		expect(errorOf('---\n\ndescription: "open\n---\n')).toMatchObject({ line: 3 });
		expect(errorOf("---\nname: x\n    deeper: y\n---\n").line).toBe(3);
		expect(errorOf("---\nname: x\n")).toMatchObject({
			line: 1,
			message: expect.stringContaining("never closed"),
		});
		expect(errorOf("---\n\tname: x\n---\n")).toMatchObject({
			line: 2,
			message: "indent with spaces, not tabs",
		});
	});

	it("accepts CRLF line ends and a byte-order mark", () => {
		expect(parseFrontmatter("\uFEFF---\r\nname: x\r\n---\r\nbody")).toEqual({
			data: { name: "x" },
			body: "body",
		});
	});
});
