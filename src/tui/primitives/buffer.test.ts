import { describe, expect, it } from "vitest";
import { type BufferChange, BufferRegistry, ContentBuffer } from "./buffer.js";

describe("a line buffer", () => {
	it("starts with one empty line and replaces line ranges", () => {
		const buffer = new ContentBuffer("composer", "lines", "weft");
		expect(buffer.getLines()).toEqual([""]);
		buffer.setText("one\ntwo\nthree");
		buffer.setLines(1, 2, ["TWO", "two and a half"]);
		expect(buffer.getText()).toBe("one\nTWO\ntwo and a half\nthree");
		buffer.setLines(-1, -1, ["four"]);
		expect(buffer.getLines(3)).toEqual(["three", "four"]);
		buffer.setLines(0, buffer.lineCount, []);
		expect(buffer.getLines()).toEqual([""]);
	});

	it("tells listeners what changed and bumps its version", () => {
		const buffer = new ContentBuffer("status", "lines", "weft");
		const changes: BufferChange[] = [];
		const stop = buffer.onChange((change) => changes.push(change));
		const before = buffer.version;
		buffer.setLines(0, 1, ["a", "b"]);
		buffer.setMeta("model", "mock");
		stop();
		buffer.setText("unheard");
		expect(changes).toEqual([
			{ type: "lines", start: 0, removed: 1, inserted: 2 },
			{ type: "meta", key: "model" },
		]);
		expect(buffer.version).toBe(before + 3);
		expect(buffer.getMeta("model")).toBe("mock");
	});

	it("keeps annotations per namespace and moves them with the lines they are on", () => {
		const buffer = new ContentBuffer("composer", "lines", "weft");
		buffer.setText("a\nb\nc\nd");
		const mark = buffer.annotate("spell", { kind: "highlight", range: { line: 3, col: 0, endCol: 1 } });
		buffer.annotate("spell", { kind: "highlight", range: { line: 1, col: 0 } });
		buffer.annotate("git", { kind: "mark", range: { line: 0, col: 0 }, data: { added: true } });
		buffer.setLines(1, 2, ["b1", "b2", "b3"]);
		expect(buffer.annotations("spell")).toEqual([
			{ id: mark, namespace: "spell", kind: "highlight", range: { line: 5, col: 0, endCol: 1 } },
		]);
		expect(buffer.annotations("git")).toHaveLength(1);
		expect(buffer.clearAnnotations("spell")).toBe(1);
		expect(buffer.annotations().map((a) => a.namespace)).toEqual(["git"]);
	});

	it("refuses block operations, naming the buffer", () => {
		const buffer = new ContentBuffer("composer", "lines", "weft");
		expect(() => buffer.appendBlock({ id: "x", kind: "user" })).toThrow(
			'buffer "composer" holds lines; appendBlock() works on a buffer of blocks',
		);
	});
});

describe("a block buffer", () => {
	it("appends, updates and removes blocks", () => {
		const transcript = new ContentBuffer("transcript", "blocks", "weft");
		transcript.appendBlock({ id: "u1", kind: "user", text: "hi" });
		transcript.appendBlock({ id: "a1", kind: "assistant", text: "hel" });
		transcript.updateBlock("a1", { text: "hello" });
		expect(transcript.blocks().map((b) => b.text)).toEqual(["hi", "hello"]);
		expect(transcript.removeBlock("u1")).toBe(true);
		expect(transcript.removeBlock("u1")).toBe(false);
		expect(() => transcript.appendBlock({ id: "a1", kind: "assistant" })).toThrow(/already has a block "a1"/);
		expect(() => transcript.updateBlock("nope", {})).toThrow(/has no block "nope"/);
	});

	it("hands out a bounded snapshot of recent blocks that callers cannot change", () => {
		const transcript = new ContentBuffer("transcript", "blocks", "weft");
		for (let i = 0; i < 300; i++) transcript.appendBlock({ id: `b${i}`, kind: "assistant", meta: { n: i } });
		const recent = transcript.recentBlocks(1000);
		expect(recent).toHaveLength(200);
		expect(recent[0].id).toBe("b100");
		recent[0].meta!.n = -1;
		expect(transcript.block("b100")?.meta?.n).toBe(100);
		expect(transcript.recentBlocks(2).map((b) => b.id)).toEqual(["b298", "b299"]);
	});

	it("drops a removed block's annotations", () => {
		const tools = new ContentBuffer("tools", "blocks", "weft");
		tools.appendBlock({ id: "t1", kind: "tool" });
		tools.annotate("ext", { kind: "mark", block: "t1" });
		tools.removeBlock("t1");
		expect(tools.annotations()).toEqual([]);
	});
});

describe("BufferRegistry", () => {
	it("holds the stock buffers and the buffers extensions create", () => {
		const registry = BufferRegistry.withStockBuffers();
		expect(registry.list().map((b) => `${b.name}:${b.kind}`)).toEqual([
			"composer:lines",
			"status:lines",
			"transcript:blocks",
			"thinking:blocks",
			"tools:blocks",
		]);
		registry.create("todo", "lines", "todo-ext");
		expect(() => registry.create("todo", "lines", "other")).toThrow(
			'a buffer named "todo" already exists (created by todo-ext)',
		);
		expect(registry.removeOwner("todo-ext")).toBe(1);
		expect(registry.get("todo")).toBeUndefined();
	});
});
