import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { textOf } from "../../kernel/messages.js";
import type { ToolContext, ToolResult } from "../../kernel/tool.js";
import { createFindTool, type FindDetails } from "./find.js";

let dir: string;
beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), "weft-find-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function context(cwd = dir): ToolContext {
	return { cwd, toolCallId: "call-1", signal: new AbortController().signal, onUpdate: () => {} };
}

async function find(args: Record<string, unknown>, cwd = dir): Promise<ToolResult> {
	return (await createFindTool().execute(args, context(cwd))) as ToolResult;
}

function files(...names: string[]): void {
	for (const name of names) {
		mkdirSync(dirname(join(dir, name)), { recursive: true });
		writeFileSync(join(dir, name), "");
	}
}

describe("find", () => {
	it("lists matching files as sorted relative paths", async () => {
		files("src/b.ts", "src/a.ts", "src/deep/c.ts", "README.md");
		expect((await find({ pattern: "src/**/*.ts" })).content).toBe("src/a.ts\nsrc/b.ts\nsrc/deep/c.ts");
	});

	it("matches a pattern without a slash at any depth, hidden files included", async () => {
		files("a.md", "docs/b.md", ".notes/c.md", "x.ts");
		expect((await find({ pattern: "*.md" })).content).toBe(".notes/c.md\na.md\ndocs/b.md");
	});

	it("skips files ignored by root and nested .gitignore files", async () => {
		files("keep.ts", "dist/out.ts", "debug.ts", "pkg/gen/x.ts", "pkg/src/y.ts", "pkg/important.ts");
		writeFileSync(join(dir, ".gitignore"), "dist/\ndebug.ts\n");
		writeFileSync(join(dir, "pkg/.gitignore"), "gen/\n*.ts\n!src/*.ts\n");
		expect((await find({ pattern: "**/*.ts" })).content).toBe("keep.ts\npkg/src/y.ts");
	});

	it("skips .git and node_modules", async () => {
		files("a.js", ".git/hooks/pre.js", "node_modules/lib/index.js", "sub/node_modules/x.js");
		expect((await find({ pattern: "*.js" })).content).toBe("a.js");
	});

	it("applies the repository root's .gitignore when searching a subdirectory", async () => {
		mkdirSync(join(dir, ".git"));
		writeFileSync(join(dir, ".gitignore"), "*.log\n");
		files("app/run.log", "app/main.ts");
		expect((await find({ pattern: "*", path: "app" })).content).toBe("app/main.ts");
		expect((await find({ pattern: "*" }, join(dir, "app"))).content).toBe("main.ts");
	});

	it("stops at the limit with a notice", async () => {
		files("a.txt", "b.txt", "c.txt", "d.txt");
		const result = await find({ pattern: "*.txt", limit: 2 });
		expect(textOf(result.content)).toBe(
			"a.txt\nb.txt\n\n[showing 2 of 4 files; narrow the pattern or path, or raise limit]",
		);
		expect(result.details).toEqual({ total: 4, truncated: true } satisfies FindDetails);
	});

	it("says when nothing matches", async () => {
		files("a.txt");
		expect((await find({ pattern: "*.rs" })).content).toBe("No files match *.rs in the working directory.");
	});

	it("reports a missing directory", async () => {
		await expect(find({ pattern: "*", path: "nope" })).rejects.toThrow("Directory not found: nope.");
	});
});
