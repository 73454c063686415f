/** The read, write and edit tools with a TextFiles of their own (an editor's buffers), and the disk when it declines. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ToolContext, ToolResult } from "../../kernel/tool.js";
import { createEditTool } from "./edit.js";
import { createReadTool } from "./read.js";
import type { TextFiles } from "./text-files.js";
import { createWriteTool } from "./write.js";

let dir: string;
beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), "weft-text-files-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const ctx = (): ToolContext => ({
	cwd: dir,
	toolCallId: "call-1",
	signal: new AbortController().signal,
	onUpdate: () => {},
});

/** Buffers by absolute path; a path without a buffer is left to the disk. */
function buffers(initial: Record<string, string> = {}): TextFiles & { held: Map<string, string> } {
	const held = new Map(Object.entries(initial));
	return {
		held,
		read: async (path) => held.get(path),
		write: async (path, content) => {
			if (!held.has(path)) return false;
			held.set(path, content);
			return true;
		},
	};
}

const text = (result: ToolResult | string) => (typeof result === "string" ? result : String(result.content));

describe("tools with TextFiles", () => {
	it("read shows the buffer's text, paged as from disk", async () => {
		const path = join(dir, "a.txt");
		writeFileSync(path, "disk\n");
		const files = buffers({ [path]: "one\ntwo\nthree\n" });
		const result = await createReadTool({ files }).execute({ path: "a.txt", offset: 2, limit: 1 }, ctx());
		expect(text(result)).toBe("two\n\n[showing lines 2-2 of 3; use offset=3 to continue]");
	});

	it("read falls back to the disk when the buffer is not there", async () => {
		writeFileSync(join(dir, "b.txt"), "from disk\n");
		const result = await createReadTool({ files: buffers() }).execute({ path: "b.txt" }, ctx());
		expect(text(result)).toBe("from disk");
	});

	it("edit changes the buffer, leaving the disk alone", async () => {
		const path = join(dir, "c.txt");
		writeFileSync(path, "on disk\n");
		const files = buffers({ [path]: "unsaved text\n" });
		await createEditTool({ files }).execute({ path: "c.txt", oldText: "unsaved", newText: "edited" }, ctx());
		expect(files.held.get(path)).toBe("edited text\n");
		expect(readFileSync(path, "utf8")).toBe("on disk\n");
	});

	it("write goes to the buffer when taken, else to disk", async () => {
		const held = join(dir, "d.txt");
		writeFileSync(held, "old\n");
		const files = buffers({ [held]: "old\n" });
		await createWriteTool({ files }).execute({ path: "d.txt", content: "new\n" }, ctx());
		expect(files.held.get(held)).toBe("new\n");
		expect(readFileSync(held, "utf8")).toBe("old\n");
		await createWriteTool({ files }).execute({ path: "sub/e.txt", content: "made\n" }, ctx());
		expect(readFileSync(join(dir, "sub/e.txt"), "utf8")).toBe("made\n");
	});
});
