import { describe, expect, it } from "vitest";
import { countLines, cutLine, formatSize, takeHead, takeTail } from "./truncate.js";

describe("truncation helpers", () => {
	it("count lines without counting a trailing newline as a line", () => {
		expect(countLines("")).toBe(0);
		expect(countLines("a")).toBe(1);
		expect(countLines("a\nb\n")).toBe(2);
		expect(countLines("a\nb")).toBe(2);
	});

	it("cut a long line and say how much was dropped", () => {
		expect(cutLine("abcdef", 10)).toBe("abcdef");
		expect(cutLine("abcdef", 2)).toBe("ab… [line cut, 4 more chars]");
		expect(cutLine("ab", 2, 50)).toBe("ab… [line cut, 48 more chars]");
	});

	it("keep whole lines from the head within the line and byte limits", () => {
		expect(takeHead("a\nb\nc\n", { maxLines: 2, maxBytes: 100 })).toEqual({
			text: "a\nb\n",
			lines: 2,
			truncated: true,
		});
		expect(takeHead("aaa\nbbb\n", { maxLines: 10, maxBytes: 5 })).toEqual({
			text: "aaa\n",
			lines: 1,
			truncated: true,
		});
		expect(takeHead("a\nb", { maxLines: 10, maxBytes: 100 })).toEqual({
			text: "a\nb",
			lines: 2,
			truncated: false,
		});
	});

	it("keep whole lines from the tail within the line and byte limits", () => {
		expect(takeTail("a\nb\nc\n", { maxLines: 2, maxBytes: 100 })).toEqual({
			text: "b\nc\n",
			lines: 2,
			truncated: true,
		});
		expect(takeTail("aaa\nbbb", { maxLines: 10, maxBytes: 5 })).toEqual({
			text: "bbb",
			lines: 1,
			truncated: true,
		});
	});

	it("cut a single oversized line by bytes without splitting a character", () => {
		expect(takeHead("ééé", { maxLines: 1, maxBytes: 3 }).text).toBe("é");
		expect(takeTail("ééé", { maxLines: 1, maxBytes: 3 }).text).toBe("é");
	});

	it("format sizes for people", () => {
		expect(formatSize(512)).toBe("512 B");
		expect(formatSize(2048)).toBe("2.0 KB");
		expect(formatSize(5 * 1024 * 1024)).toBe("5.0 MB");
	});
});
