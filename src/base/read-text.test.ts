import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { readTextIfExists } from "./read-text.js";

describe("readTextIfExists", () => {
	let dir: string;
	afterEach(() => rmSync(dir, { recursive: true, force: true }));

	it("returns the text of a file, and undefined when the file or a folder on its path is missing", () => {
		dir = mkdtempSync(join(tmpdir(), "weft-read-"));
		writeFileSync(join(dir, "a.txt"), "hello");
		expect(readTextIfExists(join(dir, "a.txt"))).toBe("hello");
		expect(readTextIfExists(join(dir, "missing.txt"))).toBeUndefined();
		expect(readTextIfExists(join(dir, "a.txt", "below.txt"))).toBeUndefined();
	});

	it("throws when the path exists but cannot be read", () => {
		dir = mkdtempSync(join(tmpdir(), "weft-read-"));
		mkdirSync(join(dir, "folder"));
		expect(() => readTextIfExists(join(dir, "folder"))).toThrow(/EISDIR/);
		const locked = join(dir, "locked.txt");
		writeFileSync(locked, "secret");
		chmodSync(locked, 0o000);
		// root reads any file; the permission case only means something for other users
		if (process.getuid?.() !== 0) expect(() => readTextIfExists(locked)).toThrow(/EACCES/);
	});
});
