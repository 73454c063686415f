import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { writeFileAtomic } from "./atomic-write.js";

describe("writeFileAtomic", () => {
	let dir: string;
	afterEach(() => rmSync(dir, { recursive: true, force: true }));

	it("replaces the file with exactly the given mode and leaves no temporary file", () => {
		dir = mkdtempSync(join(tmpdir(), "weft-atomic-"));
		const file = join(dir, "auth.json");
		writeFileSync(file, "old", { mode: 0o644 });
		writeFileAtomic(file, "new", 0o600);
		expect(readFileSync(file, "utf8")).toBe("new");
		expect(statSync(file).mode & 0o777).toBe(0o600);
		expect(readdirSync(dir)).toEqual(["auth.json"]);
	});

	it("replaces the file the same way when not asked to be durable (a cache)", () => {
		dir = mkdtempSync(join(tmpdir(), "weft-atomic-"));
		const file = join(dir, "index.json");
		writeFileSync(file, "old", { mode: 0o644 });
		writeFileAtomic(file, "new", 0o600, { durable: false });
		expect(readFileSync(file, "utf8")).toBe("new");
		expect(statSync(file).mode & 0o777).toBe(0o600);
		expect(readdirSync(dir)).toEqual(["index.json"]);
	});

	it("throws and removes its temporary file when the rename fails", () => {
		dir = mkdtempSync(join(tmpdir(), "weft-atomic-"));
		// A non-empty folder where the file should go cannot be renamed over.
		mkdirSync(join(dir, "taken", "inside"), { recursive: true });
		expect(() => writeFileAtomic(join(dir, "taken"), "data", 0o600)).toThrow();
		expect(readdirSync(dir)).toEqual(["taken"]);
	});
});
