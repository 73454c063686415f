import { describe, expect, it } from "vitest";
import { LineSplitter, parseLine } from "./framing.js";

function split(chunks: Array<string | Buffer>, max?: number) {
	const lines: string[] = [];
	const oversize: number[] = [];
	const splitter = new LineSplitter(
		{ line: (line) => lines.push(line.toString("utf8")), oversize: (bytes) => oversize.push(bytes) },
		max,
	);
	for (const chunk of chunks) splitter.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
	splitter.end();
	return { lines, oversize };
}

describe("line splitting", () => {
	it("splits on LF only, across chunk boundaries, keeping U+2028 and CR inside lines", () => {
		const { lines } = split(['{"a":"x\u2028y"}\n{"b', '":1}\r\n', "tail"]);
		expect(lines).toEqual(['{"a":"x\u2028y"}', '{"b":1}\r', "tail"]);
	});

	it("splits a multi-byte character cut between chunks correctly", () => {
		const bytes = Buffer.from('{"t":"é"}\n');
		const { lines } = split([bytes.subarray(0, 7), bytes.subarray(7)]);
		expect(lines).toEqual(['{"t":"é"}']);
	});

	it("reports a line over the cap once and discards it up to its newline, then carries on", () => {
		const { lines, oversize } = split(["ok\n", "x".repeat(6), "x".repeat(6), "xx\nnext\n"], 10);
		expect(lines).toEqual(["ok", "next"]);
		expect(oversize).toEqual([12]);
	});

	it("reports an over-long line that arrives in one chunk with its newline", () => {
		const { lines, oversize } = split(["0123456789ABC\nfine\n"], 10);
		expect(lines).toEqual(["fine"]);
		expect(oversize).toEqual([13]);
	});
});

describe("parsing a line", () => {
	it("accepts a JSON object with a type", () => {
		expect(parseLine(Buffer.from('{"type":"ready"}'))).toEqual({ kind: "frame", frame: { type: "ready" } });
	});

	it("treats blank lines as nothing", () => {
		expect(parseLine(Buffer.from("  \r"))).toEqual({ kind: "blank" });
	});

	it("describes what is wrong, with control characters escaped", () => {
		const garbled = parseLine(Buffer.from("{nope\u0001"));
		const message = garbled.kind === "error" ? garbled.message : "";
		expect(message).toContain("not valid JSON");
		expect(message).toContain("{nope\\x01");
		expect(message).not.toContain("\u0001");
		expect(parseLine(Buffer.from("[1]"))).toEqual({ kind: "error", message: "not a JSON object: [1]" });
		expect(parseLine(Buffer.from('{"id":"1"}'))).toEqual({
			kind: "error",
			message: 'a frame without a "type": {"id":"1"}',
		});
	});
});
