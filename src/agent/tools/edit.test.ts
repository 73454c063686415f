import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ToolContext, ToolResult } from "../../kernel/tool.js";
import { createEditTool, type EditDetails } from "./edit.js";

let dir: string;
beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), "weft-edit-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function context(): ToolContext {
	return { cwd: dir, toolCallId: "call-1", signal: new AbortController().signal, onUpdate: () => {} };
}

async function edit(args: Record<string, unknown>): Promise<ToolResult> {
	return (await createEditTool().execute(args, context())) as ToolResult;
}

function file(name: string, content: string | Buffer): string {
	const path = join(dir, name);
	writeFileSync(path, content);
	return path;
}

const SOURCE = "function greet() {\n\treturn 'hi';\n}\n\nfunction part() {\n\treturn 'bye';\n}\n";

describe("edit", () => {
	it("replaces a unique oldText and returns a unified diff", async () => {
		const path = file("a.ts", SOURCE);
		const result = await edit({
			path: "a.ts",
			edits: [{ oldText: "return 'hi';", newText: "return 'hello';" }],
		});
		expect(readFileSync(path, "utf8")).toBe(SOURCE.replace("'hi'", "'hello'"));
		expect(result.isError).toBeFalsy();
		const details = result.details as EditDetails;
		expect(details.path).toBe(path);
		expect(details.firstChangedLine).toBe(2);
		expect(details.diff).toContain("--- a.ts\n+++ a.ts\n");
		expect(details.diff).toContain("-\treturn 'hi';\n+\treturn 'hello';");
		expect(result.content).toBe("Edited a.ts (1 edit, first change at line 2).");
	});

	it("accepts the single oldText/newText form", async () => {
		const path = file("a.ts", SOURCE);
		await edit({ path: "a.ts", oldText: "'bye'", newText: "'ciao'" });
		expect(readFileSync(path, "utf8")).toContain("return 'ciao';");
	});

	it("applies several edits in one call, matched against the original", async () => {
		const path = file("a.ts", SOURCE);
		const result = await edit({
			path: "a.ts",
			edits: [
				{ oldText: "'bye'", newText: "'ciao'" },
				{ oldText: "function greet", newText: "export function greet" },
			],
		});
		expect(readFileSync(path, "utf8")).toBe(
			SOURCE.replace("'bye'", "'ciao'").replace("function greet", "export function greet"),
		);
		expect((result.details as EditDetails).firstChangedLine).toBe(1);
	});

	it("refuses an oldText that matches twice and writes nothing", async () => {
		const path = file("a.ts", SOURCE);
		const attempt = edit({
			path: "a.ts",
			edits: [
				{ oldText: "greet", newText: "welcome" },
				{ oldText: "\treturn", newText: "\tyield" },
			],
		});
		await expect(attempt).rejects.toThrow(
			/edits\[1\]\.oldText matches 2 times in a\.ts; include more surrounding lines/,
		);
		expect(readFileSync(path, "utf8")).toBe(SOURCE);
	});

	it("names the edit that was not found and writes nothing", async () => {
		const path = file("a.ts", SOURCE);
		const attempt = edit({
			path: "a.ts",
			edits: [
				{ oldText: "greet", newText: "welcome" },
				{ oldText: "no such text", newText: "x" },
			],
		});
		await expect(attempt).rejects.toThrow(/edits\[1\]\.oldText was not found in a\.ts/);
		expect(readFileSync(path, "utf8")).toBe(SOURCE);
	});

	it("hints at a match that differs only in whitespace", async () => {
		file("a.ts", SOURCE);
		const attempt = edit({ path: "a.ts", oldText: "function part() {\n    return 'bye';", newText: "x" });
		await expect(attempt).rejects.toThrow(
			"differs only in whitespace starts at line 5; the file has exactly:\nfunction part() {\n\treturn 'bye';\n",
		);
	});

	it("refuses overlapping edits", async () => {
		const path = file("a.ts", SOURCE);
		const attempt = edit({
			path: "a.ts",
			edits: [
				{ oldText: "function greet() {\n\treturn", newText: "x" },
				{ oldText: "return 'hi';", newText: "y" },
			],
		});
		await expect(attempt).rejects.toThrow(/edits\[0\] and edits\[1\] overlap/);
		expect(readFileSync(path, "utf8")).toBe(SOURCE);
	});

	it("keeps CRLF line endings, matching LF oldText against them", async () => {
		const path = file("dos.txt", "one\r\ntwo\r\nthree\r\n");
		await edit({ path: "dos.txt", oldText: "two\nthree", newText: "2\n3\n3.5" });
		expect(readFileSync(path, "utf8")).toBe("one\r\n2\r\n3\r\n3.5\r\n");
	});

	it("keeps a UTF-8 byte order mark", async () => {
		const path = file("bom.txt", "\uFEFFfirst\nsecond\n");
		await edit({ path: "bom.txt", oldText: "first", newText: "1st" });
		expect(readFileSync(path, "utf8")).toBe("\uFEFF1st\nsecond\n");
	});

	it("refuses an edit that changes nothing", async () => {
		file("a.ts", SOURCE);
		await expect(edit({ path: "a.ts", oldText: "greet", newText: "greet" })).rejects.toThrow(/unchanged/);
	});

	it("refuses an empty oldText", async () => {
		file("a.ts", SOURCE);
		await expect(edit({ path: "a.ts", oldText: "", newText: "x" })).rejects.toThrow(/oldText is empty/);
	});

	it("asks for edits when none are given", async () => {
		file("a.ts", SOURCE);
		await expect(edit({ path: "a.ts" })).rejects.toThrow(/No edits given/);
	});

	it("reports a missing file and points to write", async () => {
		await expect(edit({ path: "gone.ts", oldText: "a", newText: "b" })).rejects.toThrow(
			"File not found: gone.ts. Use write to create a new file.",
		);
	});

	it("refuses binary files", async () => {
		file("blob.bin", Buffer.from([0x61, 0, 0x62]));
		await expect(edit({ path: "blob.bin", oldText: "a", newText: "b" })).rejects.toThrow(
			/not a UTF-8 text file/,
		);
	});
});
