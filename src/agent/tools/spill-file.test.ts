import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SpillFile } from "./spill-file.js";

let dir: string;
let n = 0;
beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), "weft-spill-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const open = (headBytes: number, tailBytes: number) =>
	new SpillFile(join(dir, `out-${n++}.log`), { headBytes, tailBytes });
const lines = (from: number, to: number) =>
	Array.from({ length: to - from + 1 }, (_, i) => `line ${from + i}\n`).join("");

describe("spill file", () => {
	it("holds output within the cap exactly, at mode 0600", () => {
		const file = open(100, 100);
		file.write("hello\n");
		file.write("world\n");
		expect(file.close()).toBeUndefined();
		expect(readFileSync(file.path, "utf8")).toBe("hello\nworld\n");
		expect(statSync(file.path).mode & 0o777).toBe(0o600);
	});

	it("keeps output of exactly head plus tail bytes whole", () => {
		const file = open(10, 10);
		file.write("0123456789");
		file.write("abcdefghij");
		expect(file.close()).toBeUndefined();
		expect(readFileSync(file.path, "utf8")).toBe("0123456789abcdefghij");
	});

	it("keeps whole lines from both ends and says how much of the middle it cut", () => {
		const file = open(1000, 1000);
		const all = lines(1, 10_000);
		for (let i = 1; i <= 10_000; i++) file.write(`line ${i}\n`);
		const cut = file.close()!;
		const text = readFileSync(file.path, "utf8");
		const [head, rest] = text.split(/\[… weft cut .* …\]\n/);
		expect(all.startsWith(head)).toBe(true);
		expect(all.endsWith(rest)).toBe(true);
		expect(head.endsWith("\n") && /^line \d+\n/.test(rest)).toBe(true);
		expect(text).toContain(`[… weft cut ${cut.lines} lines (`);
		expect(text).toContain("this file keeps the first 1000 B and the last 1000 B of the output …]");
		expect(Buffer.byteLength(head) + Buffer.byteLength(rest) + cut.bytes).toBe(Buffer.byteLength(all));
		const keptLines = (head + rest).split("\n").length - 1;
		expect(keptLines + cut.lines).toBe(10_000);
		expect(rest.endsWith("line 10000\n")).toBe(true);
	});

	it("never grows past its cap while a command keeps printing", () => {
		const file = open(4096, 4096);
		for (let i = 0; i < 2000; i++) {
			file.write("x".repeat(100) + "\n");
			expect(statSync(file.path).size).toBeLessThanOrEqual(8192);
		}
		file.close();
	});

	it("handles one chunk larger than the whole cap", () => {
		const file = open(10, 10);
		file.write(`${"a".repeat(5)}\n${"b".repeat(1000)}\n${"c".repeat(5)}\n`);
		const cut = file.close()!;
		const text = readFileSync(file.path, "utf8");
		expect(text.startsWith("aaaaa\n[… weft cut")).toBe(true);
		expect(text.endsWith("…]\nccccc\n")).toBe(true);
		expect(cut).toMatchObject({ lines: 1, bytes: 1001 });
	});

	it("cuts between characters, never through one, when there are no line breaks", () => {
		const file = open(100, 100);
		file.write("é".repeat(1000));
		const cut = file.close()!;
		const text = readFileSync(file.path, "utf8");
		expect(text).not.toContain("\uFFFD");
		const [head, rest] = text.split(/\n\[… weft cut .* …\]\n/);
		expect(Buffer.byteLength(head) + Buffer.byteLength(rest) + cut.bytes).toBe(2000);
		expect(cut.lines).toBe(0);
	});
});
