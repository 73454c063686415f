import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { textOf } from "../../kernel/messages.js";
import type { ToolContext, ToolResult } from "../../kernel/tool.js";
import { createReadTool, type ReadDetails } from "./read.js";

let dir: string;
beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), "weft-read-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function context(): ToolContext {
	return { cwd: dir, toolCallId: "call-1", signal: new AbortController().signal, onUpdate: () => {} };
}

async function read(args: Record<string, unknown>): Promise<ToolResult> {
	return (await createReadTool().execute(args, context())) as ToolResult;
}

function numberedLines(count: number, width = 0): string {
	return Array.from({ length: count }, (_, i) => `line ${i + 1}`.padEnd(width, ".")).join("\n");
}

describe("read", () => {
	it("returns a small text file whole, without a notice", async () => {
		writeFileSync(join(dir, "a.txt"), "alpha\nbeta\n");
		const result = await read({ path: "a.txt" });
		expect(result.content).toBe("alpha\nbeta");
		expect(result.isError).toBeFalsy();
		expect(result.details).toMatchObject({ kind: "text", offset: 1, totalLines: 2, truncated: false });
	});

	it("stops at 2000 lines and says how to continue", async () => {
		writeFileSync(join(dir, "long.txt"), numberedLines(5400));
		const text = textOf((await read({ path: "long.txt" })).content);
		const lines = text.split("\n");
		expect(lines[0]).toBe("line 1");
		expect(lines[1999]).toBe("line 2000");
		expect(text).not.toContain("line 2001");
		expect(text.endsWith("[showing lines 1-2000 of 5400; use offset=2001 to continue]")).toBe(true);
	});

	it("continues from offset and honours limit", async () => {
		writeFileSync(join(dir, "long.txt"), numberedLines(5400));
		const result = await read({ path: "long.txt", offset: 2001, limit: 3 });
		expect(textOf(result.content)).toBe(
			"line 2001\nline 2002\nline 2003\n\n[showing lines 2001-2003 of 5400; use offset=2004 to continue]",
		);
		expect(result.details).toMatchObject({ offset: 2001, limit: 3, totalLines: 5400, truncated: false });
	});

	it("shows the last page without a notice", async () => {
		writeFileSync(join(dir, "long.txt"), numberedLines(10));
		expect(textOf((await read({ path: "long.txt", offset: 9 })).content)).toBe("line 9\nline 10");
	});

	it("stops at 50 KB before 2000 lines", async () => {
		writeFileSync(join(dir, "wide.txt"), numberedLines(1500, 100));
		const result = await read({ path: "wide.txt" });
		const text = textOf(result.content);
		expect(Buffer.byteLength(text)).toBeLessThanOrEqual(50 * 1024 + 200);
		expect(text).toMatch(/\[showing lines 1-(\d+) of 1500, 50 KB limit; use offset=\d+ to continue\]$/);
		expect((result.details as ReadDetails).truncated).toBe(true);
	});

	it("cuts lines longer than 2000 chars with a marker", async () => {
		writeFileSync(join(dir, "min.js"), `${"x".repeat(5000)}\nshort`);
		const [first, second] = textOf((await read({ path: "min.js" })).content).split("\n");
		expect(first).toBe(`${"x".repeat(2000)}… [line cut, 3000 more chars]`);
		expect(second).toBe("short");
	});

	it("shows CRLF files without carriage returns", async () => {
		writeFileSync(join(dir, "dos.txt"), "one\r\ntwo\r\n");
		expect((await read({ path: "dos.txt" })).content).toBe("one\ntwo");
	});

	it("says when a file is empty", async () => {
		writeFileSync(join(dir, "empty.txt"), "");
		expect(textOf((await read({ path: "empty.txt" })).content)).toContain("is empty");
	});

	it("returns an image block for a PNG, detected by its magic bytes", async () => {
		const png = Buffer.concat([
			Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
			Buffer.alloc(32, 1),
		]);
		writeFileSync(join(dir, "picture.dat"), png);
		const result = await read({ path: "picture.dat" });
		expect(Array.isArray(result.content)).toBe(true);
		const blocks = result.content as Exclude<ToolResult["content"], string>;
		expect(blocks[0]).toMatchObject({ type: "text" });
		expect(blocks[1]).toEqual({ type: "image", mimeType: "image/png", data: png.toString("base64") });
	});

	it("recognises jpeg, gif and webp", async () => {
		const samples: Array<[string, Buffer, string]> = [
			["a.jpg", Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0]), "image/jpeg"],
			["a.gif", Buffer.from("GIF89a\u0000\u0000", "latin1"), "image/gif"],
			["a.webp", Buffer.from("RIFF\u0000\u0000\u0000\u0000WEBPVP8 ", "latin1"), "image/webp"],
		];
		for (const [name, bytes, mimeType] of samples) {
			writeFileSync(join(dir, name), bytes);
			expect((await read({ path: name })).details).toMatchObject({ kind: "image", mimeType });
		}
	});

	it("describes a binary file with its size instead of dumping it", async () => {
		writeFileSync(join(dir, "blob.bin"), Buffer.from([1, 2, 0, 3, 4]));
		const result = await read({ path: "blob.bin" });
		expect(result.isError).toBeFalsy();
		expect(result.content).toBe("blob.bin is a binary file (5 B); its content is not shown.");
	});

	it("treats invalid UTF-8 as binary", async () => {
		writeFileSync(join(dir, "latin.txt"), Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0x6f, 0x6b]));
		expect((await read({ path: "latin.txt" })).details).toMatchObject({ kind: "binary" });
	});

	it("fails clearly on a missing file", async () => {
		await expect(read({ path: "nope.txt" })).rejects.toThrow("File not found: nope.txt");
	});

	it("refuses a directory and suggests ls", async () => {
		mkdirSync(join(dir, "sub"));
		await expect(read({ path: "sub" })).rejects.toThrow(/directory; use ls/);
	});

	it("rejects an offset past the end of the file", async () => {
		writeFileSync(join(dir, "a.txt"), "one\ntwo\n");
		await expect(read({ path: "a.txt", offset: 5 })).rejects.toThrow(/offset 5 is past the end.*2 lines/);
	});

	it("reads absolute paths outside the working directory", async () => {
		const other = mkdtempSync(join(tmpdir(), "weft-read-other-"));
		try {
			writeFileSync(join(other, "b.txt"), "far away");
			expect((await read({ path: join(other, "b.txt") })).content).toBe("far away");
		} finally {
			rmSync(other, { recursive: true, force: true });
		}
	});
});
