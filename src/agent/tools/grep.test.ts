import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { textOf } from "../../kernel/messages.js";
import type { ToolContext, ToolResult } from "../../kernel/tool.js";
import { createGrepTool, type GrepDetails } from "./grep.js";

let dir: string;
beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), "weft-grep-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function context(): ToolContext {
	return { cwd: dir, toolCallId: "call-1", signal: new AbortController().signal, onUpdate: () => {} };
}

async function grep(args: Record<string, unknown>): Promise<string> {
	const result = (await createGrepTool().execute(args, context())) as ToolResult;
	expect(result.isError).toBeFalsy();
	return textOf(result.content);
}

function files(tree: Record<string, string>): void {
	for (const [name, content] of Object.entries(tree)) {
		mkdirSync(dirname(join(dir, name)), { recursive: true });
		writeFileSync(join(dir, name), content);
	}
}

describe("grep", () => {
	it("prints matches as path:line: text with paths relative to the working directory", async () => {
		files({ "src/a.ts": "const x = 1;\nconst needle = 2;\n", "b.md": "needle here\n" });
		const lines = (await grep({ pattern: "needle" })).split("\n").sort();
		expect(lines).toEqual(["b.md:1: needle here", "src/a.ts:2: const needle = 2;"]);
	});

	it("searches below a given path, still printing paths relative to the working directory", async () => {
		files({ "src/a.ts": "needle\n", "other/b.ts": "needle\n" });
		expect(await grep({ pattern: "needle", path: "src" })).toBe("src/a.ts:1: needle");
		expect(await grep({ pattern: "needle", path: "src/a.ts" })).toBe("src/a.ts:1: needle");
	});

	it("respects .gitignore", async () => {
		files({
			".gitignore": "dist/\n*.log\n",
			"dist/out.js": "needle\n",
			"debug.log": "needle\n",
			"keep.ts": "needle\n",
		});
		expect(await grep({ pattern: "needle" })).toBe("keep.ts:1: needle");
	});

	it("includes hidden files", async () => {
		files({ ".github/ci.yml": "needle\n" });
		expect(await grep({ pattern: "needle" })).toBe(".github/ci.yml:1: needle");
	});

	it("filters files with glob", async () => {
		files({ "a.ts": "needle\n", "a.md": "needle\n" });
		expect(await grep({ pattern: "needle", glob: "*.md" })).toBe("a.md:1: needle");
	});

	it("matches case-insensitively and literally on request", async () => {
		files({ "a.txt": "Value (x)\nvalue x\n" });
		expect(await grep({ pattern: "VALUE", ignoreCase: true })).toBe("a.txt:1: Value (x)\na.txt:2: value x");
		expect(await grep({ pattern: "(x)", literal: true })).toBe("a.txt:1: Value (x)");
	});

	it("shows context lines around matches", async () => {
		files({ "a.txt": "one\ntwo\nneedle\nfour\nfive\nsix\nseven\nneedle\n" });
		expect(await grep({ pattern: "needle", context: 1 })).toBe(
			["a.txt-2- two", "a.txt:3: needle", "a.txt-4- four", "--", "a.txt-7- seven", "a.txt:8: needle"].join(
				"\n",
			),
		);
	});

	it("stops at the match limit with a notice", async () => {
		files({ "a.txt": Array.from({ length: 10 }, (_, i) => `needle ${i + 1}`).join("\n") });
		const result = (await createGrepTool().execute({ pattern: "needle", limit: 3 }, context())) as ToolResult;
		expect(textOf(result.content)).toBe(
			"a.txt:1: needle 1\na.txt:2: needle 2\na.txt:3: needle 3\n\n" +
				"[showing the first 3 matches; narrow the pattern, path or glob, or raise limit]",
		);
		expect(result.details).toEqual({ matches: 3, truncated: true } satisfies GrepDetails);
	});

	it("cuts long matching lines", async () => {
		files({ "min.js": `needle${"x".repeat(1000)}\n` });
		expect(await grep({ pattern: "needle" })).toBe(
			`min.js:1: needle${"x".repeat(494)}… [line cut, 506 more chars]`,
		);
	});

	it("says when nothing matches, without an error", async () => {
		files({ "a.txt": "hay\n" });
		expect(await grep({ pattern: "needle" })).toBe('No matches for "needle" in the working directory.');
	});

	it("reports an invalid regular expression as an error", async () => {
		files({ "a.txt": "hay\n" });
		await expect(createGrepTool().execute({ pattern: "(unclosed" }, context())).rejects.toThrow(
			/regex parse error/,
		);
	});

	it("reports a missing path", async () => {
		await expect(createGrepTool().execute({ pattern: "x", path: "nope" }, context())).rejects.toThrow(
			"Path not found: nope",
		);
	});
});
