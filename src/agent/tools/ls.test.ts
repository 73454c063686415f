import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ToolContext, ToolResult } from "../../kernel/tool.js";
import { createLsTool } from "./ls.js";

let dir: string;
beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), "weft-ls-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function context(): ToolContext {
	return { cwd: dir, toolCallId: "call-1", signal: new AbortController().signal, onUpdate: () => {} };
}

async function ls(args: Record<string, unknown> = {}): Promise<ToolResult> {
	return (await createLsTool().execute(args, context())) as ToolResult;
}

describe("ls", () => {
	it("lists entries alphabetically with dotfiles and a slash after directories", async () => {
		writeFileSync(join(dir, "b.txt"), "");
		writeFileSync(join(dir, "A.md"), "");
		writeFileSync(join(dir, ".env"), "");
		mkdirSync(join(dir, "src"));
		symlinkSync(join(dir, "src"), join(dir, "link"));
		expect((await ls()).content).toBe(".env\nA.md\nb.txt\nlink/\nsrc/");
	});

	it("lists a given directory", async () => {
		mkdirSync(join(dir, "sub"));
		writeFileSync(join(dir, "sub", "x"), "");
		expect((await ls({ path: "sub" })).content).toBe("x");
	});

	it("stops at the limit with a notice", async () => {
		for (const name of ["a", "b", "c"]) writeFileSync(join(dir, name), "");
		const result = await ls({ limit: 2 });
		expect(result.content).toBe("a\nb\n\n[showing 2 of 3 entries; raise limit or use find]");
		expect(result.details).toMatchObject({ total: 3, truncated: true });
	});

	it("says when a directory is empty", async () => {
		expect((await ls()).content).toBe("[. is empty]");
	});

	it("refuses a file and suggests read", async () => {
		writeFileSync(join(dir, "f.txt"), "");
		await expect(ls({ path: "f.txt" })).rejects.toThrow(
			"f.txt is a file, not a directory; use read to see it.",
		);
	});

	it("reports a missing directory", async () => {
		await expect(ls({ path: "nope" })).rejects.toThrow("Directory not found: nope.");
	});
});
