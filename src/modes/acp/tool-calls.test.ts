import { describe, expect, it } from "vitest";
import {
	announceToolCall,
	finishedContent,
	toolCallContent,
	toolKind,
	toolLocations,
	toolTitle,
} from "./tool-calls.js";

const cwd = "/work/project";

describe("ACP tool calls", () => {
	it("gives the built-in tools their kinds, and any other tool 'other'", () => {
		expect(["read", "write", "edit", "bash", "grep", "find", "ls", "deploy"].map(toolKind)).toEqual([
			"read",
			"edit",
			"edit",
			"execute",
			"search",
			"search",
			"search",
			"other",
		]);
	});

	it("titles a call by what it does: the path, the command, the pattern", () => {
		expect(toolTitle("read", { path: "src/a.ts", offset: 40 })).toBe("Read src/a.ts (from line 40)");
		expect(toolTitle("edit", { path: "a.ts" })).toBe("Edit a.ts");
		expect(toolTitle("write", {})).toBe("Write");
		expect(toolTitle("bash", { command: "npm test" })).toBe("npm test");
		expect(toolTitle("grep", { pattern: "TODO", path: "src" })).toBe('grep "TODO" in src');
		expect(toolTitle("find", { pattern: "*.ts" })).toBe("find *.ts");
		expect(toolTitle("ls", {})).toBe("ls .");
		expect(toolTitle("deploy", { target: "prod" })).toBe("deploy");
	});

	it("locates reads, writes and edits by absolute path (a read at its first line)", () => {
		expect(toolLocations("read", { path: "a.ts", offset: 7 }, cwd)).toEqual([
			{ path: "/work/project/a.ts", line: 7 },
		]);
		expect(toolLocations("edit", { path: "/abs/b.ts" }, cwd)).toEqual([{ path: "/abs/b.ts" }]);
		expect(toolLocations("bash", { command: "ls" }, cwd)).toEqual([]);
	});

	it("shows an edit's replacements and a write's text as diffs, bash's command as text", () => {
		const edit = toolCallContent(
			"edit",
			{ path: "a.ts", edits: [{ oldText: "a", newText: "b" }], oldText: "c", newText: "d" },
			cwd,
		);
		expect(edit).toEqual([
			{ type: "diff", path: "/work/project/a.ts", oldText: "a", newText: "b" },
			{ type: "diff", path: "/work/project/a.ts", oldText: "c", newText: "d" },
		]);
		expect(toolCallContent("write", { path: "n.ts", content: "new" }, cwd)).toEqual([
			{ type: "diff", path: "/work/project/n.ts", oldText: null, newText: "new" },
		]);
		expect(toolCallContent("write", { path: "n.ts", content: "new" }, cwd, "old")).toEqual([
			{ type: "diff", path: "/work/project/n.ts", oldText: "old", newText: "new" },
		]);
		expect(toolCallContent("bash", { command: "make" }, cwd)).toEqual([
			{ type: "content", content: { type: "text", text: "$ make" } },
		]);
	});

	it("announces a call as pending with its raw input", () => {
		expect(announceToolCall("c1", "read", { path: "a.ts" }, cwd)).toEqual({
			toolCallId: "c1",
			title: "Read a.ts",
			kind: "read",
			status: "pending",
			content: [],
			locations: [{ path: "/work/project/a.ts" }],
			rawInput: { path: "a.ts" },
		});
	});

	it("keeps a successful edit's diffs when it finishes, and shows what a failed one returned", () => {
		const diffs = toolCallContent("edit", { path: "a.ts", oldText: "x", newText: "y" }, cwd);
		const result = [{ type: "text" as const, text: "Edited a.ts" }];
		expect(finishedContent("edit", diffs, result, false)).toEqual(diffs);
		expect(finishedContent("edit", diffs, [{ type: "text", text: "no match" }], true)).toEqual([
			{ type: "content", content: { type: "text", text: "no match" } },
		]);
		expect(
			finishedContent("read", [], [{ type: "image", data: "AA==", mimeType: "image/png" }], false),
		).toEqual([{ type: "content", content: { type: "image", data: "AA==", mimeType: "image/png" } }]);
	});
});
