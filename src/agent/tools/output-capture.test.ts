import { readFileSync, rmSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { OutputCapture } from "./output-capture.js";

const SMALL = { head: { maxLines: 2, maxBytes: 1000 }, tail: { maxLines: 2, maxBytes: 1000 } };

describe("output capture", () => {
	it("keeps small output whole", () => {
		const capture = new OutputCapture(SMALL);
		capture.append("a\nb\n");
		capture.append("c\n");
		expect(capture.finish()).toEqual({ text: "a\nb\nc\n", truncated: false });
	});

	it("keeps head and tail of output beyond the limits and spills all of it to a file", () => {
		const capture = new OutputCapture(SMALL);
		for (let i = 1; i <= 10; i++) capture.append(`line ${i}\n`);
		const result = capture.finish();
		try {
			expect(result.text).toBe("line 1\nline 2\n[… 6 lines omitted …]\nline 9\nline 10\n");
			expect(readFileSync(result.fullOutputPath!, "utf8")).toBe(
				Array.from({ length: 10 }, (_, i) => `line ${i + 1}\n`).join(""),
			);
		} finally {
			rmSync(result.fullOutputPath!, { force: true });
		}
	});

	it("counts omitted bytes when a single huge line exceeds both limits", () => {
		const limits = { head: { maxLines: 10, maxBytes: 10 }, tail: { maxLines: 10, maxBytes: 10 } };
		const capture = new OutputCapture(limits);
		capture.append("x".repeat(100));
		const result = capture.finish();
		try {
			expect(result.text).toBe(`${"x".repeat(10)}\n[… 80 B omitted …]\n${"x".repeat(10)}`);
		} finally {
			rmSync(result.fullOutputPath!, { force: true });
		}
	});

	it("shows the latest output for live updates", () => {
		const capture = new OutputCapture(SMALL);
		for (let i = 1; i <= 10; i++) capture.append(`line ${i}\n`);
		expect(capture.recent()).toBe("line 9\nline 10\n");
		rmSync(capture.finish().fullOutputPath!, { force: true });
	});
});
