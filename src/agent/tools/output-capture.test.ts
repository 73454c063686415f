import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { OutputCapture } from "./output-capture.js";
import { SpillFiles } from "./spill-files.js";

const SMALL = { head: { maxLines: 2, maxBytes: 1000 }, tail: { maxLines: 2, maxBytes: 1000 } };

let dir: string;
let spills: SpillFiles;
beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), "weft-capture-"));
	spills = new SpillFiles({ dir });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("output capture", () => {
	it("keeps small output whole and writes no file", () => {
		const capture = new OutputCapture(spills, SMALL);
		capture.append("a\nb\n");
		capture.append("c\n");
		expect(capture.finish()).toEqual({ text: "a\nb\nc\n", truncated: false });
		expect(readdirSync(dir)).toEqual([]);
	});

	it("keeps head and tail of output beyond the limits and spills all of it to a file", () => {
		const capture = new OutputCapture(spills, SMALL);
		for (let i = 1; i <= 10; i++) capture.append(`line ${i}\n`);
		const result = capture.finish();
		expect(result.text).toBe("line 1\nline 2\n[… 6 lines omitted …]\nline 9\nline 10\n");
		expect(result.fullOutputPath?.startsWith(join(dir, `weft-bash-${process.pid}-`))).toBe(true);
		expect(readFileSync(result.fullOutputPath!, "utf8")).toBe(
			Array.from({ length: 10 }, (_, i) => `line ${i + 1}\n`).join(""),
		);
		expect(result.fullOutputCut).toBeUndefined();
	});

	it("says what the spill file left out when the output outgrew its cap", () => {
		const capped = new SpillFiles({ dir, limits: { headBytes: 100, tailBytes: 100 } });
		const capture = new OutputCapture(capped, SMALL);
		for (let i = 1; i <= 1000; i++) capture.append(`line ${i}\n`);
		const result = capture.finish();
		expect(result.fullOutputCut).toMatchObject({ headBytes: 100, tailBytes: 100 });
		expect(result.fullOutputCut!.lines).toBeGreaterThan(900);
	});

	it("counts omitted bytes when a single huge line exceeds both limits", () => {
		const limits = { head: { maxLines: 10, maxBytes: 10 }, tail: { maxLines: 10, maxBytes: 10 } };
		const capture = new OutputCapture(spills, limits);
		capture.append("x".repeat(100));
		const result = capture.finish();
		expect(result.text).toBe(`${"x".repeat(10)}\n[… 80 B omitted …]\n${"x".repeat(10)}`);
	});

	it("shows the latest output for live updates", () => {
		const capture = new OutputCapture(spills, SMALL);
		for (let i = 1; i <= 10; i++) capture.append(`line ${i}\n`);
		expect(capture.recent()).toBe("line 9\nline 10\n");
		capture.finish();
	});
});
