import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { jsonLine, readJsonLines } from "./jsonl.js";

function collect(): { stream: PassThrough; lines: string[] } {
	const stream = new PassThrough();
	const lines: string[] = [];
	readJsonLines(stream, (line) => lines.push(line));
	return { stream, lines };
}

describe("the RPC framing", () => {
	it("splits on LF only: U+2028 and U+2029 inside a JSON string stay in the line", () => {
		const { stream, lines } = collect();
		const text = "a\u2028b\u2029c";
		stream.write(jsonLine({ text }));
		expect(lines).toEqual([JSON.stringify({ text })]);
		expect(JSON.parse(lines[0]).text).toBe(text);
	});

	it("drops a trailing CR, joins lines split across chunks, and a multibyte character split between chunks", () => {
		const { stream, lines } = collect();
		const bytes = Buffer.from('{"a":"é"}\r\n{"b":2}\n');
		stream.write(bytes.subarray(0, 7)); // inside the two bytes of é
		stream.write(bytes.subarray(7, 14));
		stream.write(bytes.subarray(14));
		expect(lines).toEqual(['{"a":"é"}', '{"b":2}']);
	});

	it("hands over a last line without a newline when the stream ends", async () => {
		const { stream, lines } = collect();
		stream.end('{"last":true}');
		await new Promise((resolve) => stream.on("end", resolve));
		expect(lines).toEqual(['{"last":true}']);
	});

	it("writes one line per value, whatever the strings hold", () => {
		const line = jsonLine({ text: "one\ntwo\r\u0000" });
		expect(line.indexOf("\n")).toBe(line.length - 1);
	});
});
