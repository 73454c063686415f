import { mkdtempSync, readFileSync, rmSync } from "node:fs";
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
});
