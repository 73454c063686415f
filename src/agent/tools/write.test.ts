import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ToolContext, ToolResult } from "../../kernel/tool.js";
import { createWriteTool } from "./write.js";

let dir: string;
beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), "weft-write-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function context(): ToolContext {
	return { cwd: dir, toolCallId: "call-1", signal: new AbortController().signal, onUpdate: () => {} };
}

async function write(args: Record<string, unknown>): Promise<ToolResult> {
	return (await createWriteTool().execute(args, context())) as ToolResult;
}

describe("write", () => {
	it("creates a file and its missing parent directories", async () => {
		const result = await write({ path: "deep/er/new.txt", content: "héllo" });
		expect(readFileSync(join(dir, "deep/er/new.txt"), "utf8")).toBe("héllo");
		expect(result.content).toBe("Created deep/er/new.txt (6 bytes).");
		expect(result.details).toEqual({ path: join(dir, "deep/er/new.txt"), created: true, bytes: 6 });
	});

	it("overwrites an existing file and says so", async () => {
		writeFileSync(join(dir, "a.txt"), "old content that is longer");
		const result = await write({ path: "a.txt", content: "new" });
		expect(readFileSync(join(dir, "a.txt"), "utf8")).toBe("new");
		expect(result.content).toBe("Overwrote a.txt (3 bytes).");
		expect(result.details).toMatchObject({ created: false, bytes: 3 });
	});

	it("through a tool backend, leaves out whether the file was created (the backend is not asked)", async () => {
		const writes: string[] = [];
		const ctx: ToolContext = {
			...context(),
			backend: {
				writeFile: async (path, content) => {
					writes.push(`${path}=${content}`);
				},
			},
		};
		const result = (await createWriteTool().execute({ path: "new.txt", content: "x" }, ctx)) as ToolResult;
		expect(writes).toEqual([`${join(dir, "new.txt")}=x`]);
		expect(result.content).toBe("Wrote new.txt (1 bytes).");
		expect(result.details).toEqual({ path: join(dir, "new.txt"), bytes: 1 });
	});

	it("refuses to write over a directory", async () => {
		mkdirSync(join(dir, "sub"));
		await expect(write({ path: "sub", content: "x" })).rejects.toThrow(/sub is a directory/);
	});

	it("explains when a parent path is a file", async () => {
		writeFileSync(join(dir, "file"), "");
		await expect(write({ path: "file/child.txt", content: "x" })).rejects.toThrow(/parent of it is a file/);
	});
});
