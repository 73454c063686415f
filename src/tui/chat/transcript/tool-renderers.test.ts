/** The stock tool renderers: what each built-in tool's call and result look like, collapsed and expanded. */
import { describe, expect, it } from "vitest";
import { Kernel } from "../../../kernel/kernel.js";
import type { RenderOptions, ToolRenderer } from "../../../kernel/renderer.js";
import { plain, visibleWidth } from "../../text/width.js";
import { DARK_THEME } from "../../theme/builtin-themes.js";
import { Styler } from "../../theme/style.js";
import { parseUnifiedDiff } from "./diff-view.js";
import { genericToolRenderer, stockToolRenderers } from "./tool-renderers.js";

const styler = new Styler(DARK_THEME);
const renderers = stockToolRenderers(() => styler);
const collapsed: RenderOptions = { width: 60, expanded: false };
const expanded: RenderOptions = { width: 60, expanded: true };

type Result = Parameters<NonNullable<ToolRenderer["renderResult"]>>[0];
const result = (text: string, extra: Partial<Result> = {}): Result => ({
	content: [{ type: "text", text }],
	isError: false,
	partial: false,
	...extra,
});
const call = (name: string, args: Record<string, unknown>, options = collapsed) =>
	renderers[name].renderCall!(args, options).map(plain);
const shown = (name: string, r: Result, options = collapsed) => renderers[name].renderResult!(r, options);
const numbered = (n: number, from = 1) => Array.from({ length: n }, (_, i) => `line ${i + from}`).join("\n");

const DIFF = [
	"--- src/app.ts",
	"+++ src/app.ts",
	"@@ -10,4 +10,5 @@",
	" const a = 1;",
	"-const b = 2;",
	"+const b = 3;",
	"+const c = 4;",
	" export { a };",
	" // end",
	"",
].join("\n");

describe("stock tool renderers", () => {
	it("are registered through the kernel's tool renderer registry like an extension's", () => {
		const kernel = new Kernel();
		for (const [name, renderer] of Object.entries(renderers))
			kernel.toolRenderers.register(name, renderer, "weft");
		expect(kernel.toolRenderers.names().sort()).toEqual([
			"bash",
			"edit",
			"find",
			"grep",
			"ls",
			"read",
			"write",
		]);
	});

	it("read: the path and line range, a line count collapsed and numbered lines expanded", () => {
		expect(call("read", { path: "src/app.ts", offset: 10, limit: 20 })).toEqual(["Read src/app.ts:10-29"]);
		expect(call("read", { path: "src/app.ts" })).toEqual(["Read src/app.ts"]);

		const r = result(`${numbered(3, 10)}\n\n[showing lines 10-12 of 90; use offset=13 to continue]`, {
			details: { kind: "text", offset: 10, totalLines: 90 },
		});
		expect(shown("read", r).map(plain)).toEqual(["3 of 90 lines"]);
		expect(shown("read", r, expanded).map(plain)).toEqual(["10 line 10", "11 line 11", "12 line 12"]);
	});

	it("bash: the command on a $ line and the last 5 lines of live output, all of it expanded", () => {
		expect(call("bash", { command: "npm test" })).toEqual(["$ npm test"]);
		expect(call("bash", { command: "cd a\nmake" })).toEqual(["$ cd a …"]);
		expect(call("bash", { command: "cd a\nmake" }, expanded)).toEqual(["$ cd a", "make"]);

		const live = result(numbered(8), { partial: true });
		expect(shown("bash", live).map(plain)).toEqual([
			"… 3 earlier lines (ctrl+o to expand)",
			"line 4",
			"line 5",
			"line 6",
			"line 7",
			"line 8",
		]);
		expect(shown("bash", live, expanded)).toHaveLength(8);
	});

	it("bash: a failing command's exit code in red under its output", () => {
		const failed = result("oops\n[exit code 2]", { isError: true, details: { exitCode: 2 } });
		const out = shown("bash", failed);

		expect(out.map(plain)).toEqual(["oops", "[exit code 2]"]);
		expect(out[0]).toContain(styler.sgr({ fg: "toolOutput" }));
		expect(out[1]).toContain(styler.sgr({ fg: "error" }));
	});

	it("bash: the final result says how long the command took", () => {
		const done = result("built", { details: { exitCode: 0, durationMs: 2345 } });
		expect(shown("bash", done).map(plain)).toEqual(["built", "took 2.3s"]);
		const failed = result("oops\n[exit code 2]", {
			isError: true,
			details: { exitCode: 2, durationMs: 61_000 },
		});
		expect(shown("bash", failed).map(plain)).toEqual(["oops", "[exit code 2]", "took 1m 01s"]);
		// Live output has no duration yet: the block's title shows the running time.
		const live = result("building", { partial: true, details: { durationMs: 5 } });
		expect(shown("bash", live).map(plain)).toEqual(["building"]);
	});

	it("edit: the path, then the diff with added lines in diffAdded, removed in diffRemoved and numbered from the hunk", () => {
		expect(call("edit", { path: "src/app.ts", oldText: "a", newText: "b" })).toEqual(["Edit src/app.ts"]);

		const out = shown("edit", result("Edited src/app.ts", { details: { diff: DIFF } }));

		expect(out.map(plain)).toEqual([
			"@@ -10,4 +10,5 @@",
			"10   const a = 1;",
			"11 - const b = 2;",
			"11 + const b = 3;",
			"12 + const c = 4;",
			"13   export { a };",
			"14   // end",
		]);
		const added = styler.sgr({ fg: "diffAdded" });
		const removed = styler.sgr({ fg: "diffRemoved" });
		for (const line of out) {
			expect(line.includes(added)).toBe(plain(line).includes(" + "));
			expect(line.includes(removed)).toBe(plain(line).includes(" - "));
		}
		expect(out[0]).toContain(styler.sgr({ fg: "diffHunk" }));
	});

	it("edit: a long diff collapsed to its first 20 lines, whole when expanded", () => {
		const body = Array.from({ length: 40 }, (_, i) => `+added ${i}`).join("\n");
		const diff = `--- a\n+++ a\n@@ -0,0 +1,40 @@\n${body}\n`;
		const out = shown("edit", result("Edited a", { details: { diff } }));

		expect(out).toHaveLength(21);
		expect(plain(out[20])).toBe("… 21 more lines (ctrl+o to expand)");
		expect(shown("edit", result("Edited a", { details: { diff } }), expanded)).toHaveLength(41);
	});

	it("edit: a failed edit's message in red", () => {
		const out = shown("edit", result("oldText not found in a.ts", { isError: true }));
		expect(out.map(plain)).toEqual(["oldText not found in a.ts"]);
		expect(out[0]).toContain(styler.sgr({ fg: "error" }));
	});

	it("write: the path, line count and first lines collapsed, all of it expanded; created or overwritten", () => {
		expect(call("write", { path: "notes.md", content: "# Notes\n\nhello\n" })).toEqual([
			"Write notes.md (3 lines)",
			"# Notes",
			"",
			"hello",
		]);
		const long = { path: "big.txt", content: numbered(12) };
		expect(call("write", long)).toEqual([
			"Write big.txt (12 lines)",
			"line 1",
			"line 2",
			"line 3",
			"line 4",
			"line 5",
			"… 7 more lines (ctrl+o to expand)",
		]);
		expect(call("write", long, expanded)).toHaveLength(13);

		const created = shown("write", result("Created notes.md (15 bytes).", { details: { created: true } }));
		expect(created.map(plain)).toEqual(["created"]);
		const replaced = shown(
			"write",
			result("Overwrote notes.md (15 bytes).", { details: { created: false } }),
		);
		expect(replaced.map(plain)).toEqual(["overwritten"]);
		expect(replaced[0]).toContain(styler.sgr({ fg: "warning" }));
	});

	it("edit: in a rewritten line the changed words are drawn inverse, the rest plain", () => {
		const diff = "@@ -1,2 +1,2 @@\n-const limit = 10;\n-old line\n+const limit = 20;\n+brand new text\n";
		const out = shown("edit", result("Edited a", { details: { diff } }));
		const removedWord = styler.paint("10", { fg: "diffRemoved", inverse: true });
		const addedWord = styler.paint("20", { fg: "diffAdded", inverse: true });
		expect(out.map(plain)).toEqual([
			"@@ -1,2 +1,2 @@",
			"1 - const limit = 10;",
			"2 - old line",
			"1 + const limit = 20;",
			"2 + brand new text",
		]);
		expect(out[1]).toContain(removedWord);
		expect(out[1]).not.toContain(styler.paint("const", { fg: "diffRemoved", inverse: true }));
		expect(out[3]).toContain(addedWord);
		// A line with nothing in common is its colour alone: marking all of it would say nothing more.
		expect(out[2]).not.toContain(styler.sgr({ fg: "diffRemoved", inverse: true }));
		expect(out[4]).not.toContain(styler.sgr({ fg: "diffAdded", inverse: true }));
	});

	it("grep, find and ls: the query and a result count, the results when expanded", () => {
		expect(call("grep", { pattern: "TODO", path: "src", glob: "*.ts" })).toEqual([
			"Grep /TODO/ in src (*.ts)",
		]);
		expect(call("find", { pattern: "**/*.md" })).toEqual(["Find **/*.md"]);
		expect(call("ls", {})).toEqual(["List ."]);

		const grep = result("src/a.ts:3: // TODO one\nsrc/b.ts:9: // TODO two", {
			details: { matches: 2, truncated: false },
		});
		expect(shown("grep", grep).map(plain)).toEqual(["2 matches"]);
		expect(shown("grep", grep, expanded).map(plain)).toEqual([
			"2 matches",
			"src/a.ts:3: // TODO one",
			"src/b.ts:9: // TODO two",
		]);
		expect(shown("find", result("a.md", { details: { total: 1, truncated: false } })).map(plain)).toEqual([
			"1 file",
		]);
		expect(
			shown("ls", result("a/\nb.ts\nc.ts", { details: { total: 3, truncated: false } })).map(plain),
		).toEqual(["3 entries"]);
		const none = result('No matches for "zzz" in the working directory.', {
			details: { matches: 0, truncated: false },
		});
		expect(shown("grep", none).map(plain)).toEqual(['No matches for "zzz" in the working directory.']);
	});

	it("keep call lines within the width they are given", () => {
		const narrow = { width: 18, expanded: false };
		const path = "a/very/long/path/to/some/file/deep/inside.ts";
		for (const [name, args] of [
			["read", { path, offset: 1000, limit: 200 }],
			["bash", { command: `cat ${path}` }],
			["edit", { path }],
			["write", { path, content: "x" }],
			["grep", { pattern: "x".repeat(30), path }],
		] as const) {
			for (const line of renderers[name].renderCall!(args, narrow))
				expect(visibleWidth(line)).toBeLessThanOrEqual(18);
		}
		const diff = shown(
			"edit",
			result("", { details: { diff: `@@ -1 +1 @@\n-${"x".repeat(50)}\n+y\n` } }),
			narrow,
		);
		for (const line of diff) expect(visibleWidth(line)).toBeLessThanOrEqual(18);
	});
});

describe("genericToolRenderer", () => {
	const generic = genericToolRenderer("fetch", () => styler);

	it("shows the name and compact JSON arguments on one line, cut to the width", () => {
		expect(generic.renderCall({ url: "https://example.com", depth: 2 }, collapsed).map(plain)).toEqual([
			'fetch {"url":"https://example.com","depth":2}',
		]);
		const long = generic.renderCall({ body: "x".repeat(200) }, collapsed);
		expect(long).toHaveLength(1);
		expect(visibleWidth(long[0])).toBe(60);
	});

	it("shows the first 3 lines of a text result collapsed, the latest 3 while it streams", () => {
		expect(generic.renderResult(result(numbered(5)), collapsed).map(plain)).toEqual([
			"line 1",
			"line 2",
			"line 3",
			"… 2 more lines (ctrl+o to expand)",
		]);
		expect(generic.renderResult(result(numbered(5), { partial: true }), collapsed).map(plain)).toEqual([
			"… 2 earlier lines (ctrl+o to expand)",
			"line 3",
			"line 4",
			"line 5",
		]);
		expect(generic.renderResult(result(numbered(5)), expanded)).toHaveLength(5);
	});

	it("drops escape sequences from output and keeps what a carriage return left visible", () => {
		const out = generic.renderResult(result("\x1b[31mred\x1b[0m\n10%\r50%\r100%\r\n"), collapsed).map(plain);
		expect(out).toEqual(["red", "100%"]);
	});
});

describe("parseUnifiedDiff", () => {
	it("numbers lines from each hunk header and skips file headers, even between files", () => {
		const lines = parseUnifiedDiff(
			"--- a\n+++ a\n@@ -1,2 +1,2 @@\n-x\n+y\n z\n--- b\n+++ b\n@@ -5 +5 @@\n--- old comment\n+--- new comment\n",
		);
		expect(lines.map((l) => [l.kind, l.line ?? null, l.text])).toEqual([
			["hunk", null, "@@ -1,2 +1,2 @@"],
			["removed", 1, "x"],
			["added", 1, "y"],
			["context", 2, "z"],
			["hunk", null, "@@ -5 +5 @@"],
			["removed", 5, "-- old comment"],
			["added", 5, "--- new comment"],
		]);
	});
});
