import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { extensionLogFile, SubprocessLog } from "./subprocess-log.js";

const roots: string[] = [];
afterEach(() => {
	for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

describe("the subprocess log", () => {
	it("appends lines to <home>/logs/ext-<name>.log and keeps the last ones in memory", () => {
		const home = mkdtempSync(join(tmpdir(), "weft-log-"));
		roots.push(home);
		const log = new SubprocessLog("my ext", home);
		log.write("hello");
		log.write("careful", "warn");
		log.flush();
		const file = extensionLogFile(home, "my ext");
		expect(file).toBe(join(home, "logs", "ext-my_ext.log"));
		expect(readFileSync(file, "utf8")).toMatch(/^\S+ info hello\n\S+ warn careful\n$/);
		expect(log.tail().map((l) => l.message)).toEqual(["hello", "careful"]);
	});

	it("rotates past its size limit, keeping one old file", () => {
		const home = mkdtempSync(join(tmpdir(), "weft-log-"));
		roots.push(home);
		const log = new SubprocessLog("chatty", home, undefined, 200);
		for (let round = 0; round < 3; round++) {
			for (let i = 0; i < 3; i++) log.write(`round ${round} line ${i} ${"x".repeat(20)}`);
			log.flush();
		}
		const file = extensionLogFile(home, "chatty");
		expect(readFileSync(file, "utf8")).toContain("round 2 line 0");
		expect(readFileSync(file, "utf8")).not.toContain("round 1");
		expect(readFileSync(`${file}.1`, "utf8")).toContain("round 1 line 2");
		expect(existsSync(`${file}.2`)).toBe(false);
	});
});
