/** Extension log files: batched, rotated, and private to the user (0600). */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ExtensionLog, extensionLogFile } from "./extension-log.js";
import { LogFile } from "./log-file.js";

const roots: string[] = [];
afterEach(() => {
	for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

function tempHome(): string {
	const home = mkdtempSync(join(tmpdir(), "weft-logfile-"));
	roots.push(home);
	return home;
}

const modeOf = (file: string) => statSync(file).mode & 0o777;

describe("an extension's log file", () => {
	it("is created readable by its owner only", () => {
		const home = tempHome();
		const log = new ExtensionLog("quiet", home);
		log.write("hello");
		log.flush();

		const file = extensionLogFile(home, "quiet");
		expect(readFileSync(file, "utf8")).toMatch(/ info hello\n$/);
		expect(modeOf(file)).toBe(0o600);
	});

	it("narrows a file an older weft left readable by others, and its rotated copy", () => {
		const home = tempHome();
		const file = extensionLogFile(home, "old");
		mkdirSync(join(home, "logs"), { recursive: true });
		writeFileSync(file, "from before\n");
		writeFileSync(`${file}.1`, "older still\n");
		chmodSync(file, 0o644);
		chmodSync(`${file}.1`, 0o666);

		const log = new ExtensionLog("old", home);
		log.write("now");
		log.flush();

		expect(modeOf(file)).toBe(0o600);
		expect(modeOf(`${file}.1`)).toBe(0o600);
		expect(readFileSync(file, "utf8")).toMatch(/^from before\n.* info now\n$/);
	});

	it("rotates past its size limit, keeping one old file", () => {
		const home = tempHome();
		const log = new ExtensionLog("chatty", home, undefined, 200);
		for (let round = 0; round < 3; round++) {
			for (let i = 0; i < 3; i++) log.write(`round ${round} line ${i} ${"x".repeat(20)}`);
			log.flush();
		}

		const file = extensionLogFile(home, "chatty");
		expect(readFileSync(file, "utf8")).toContain("round 2 line 0");
		expect(readFileSync(file, "utf8")).not.toContain("round 1");
		expect(readFileSync(`${file}.1`, "utf8")).toContain("round 1 line 2");
		expect(modeOf(`${file}.1`)).toBe(0o600);
	});

	it("writes a burst of lines in one batch on the next turn of the event loop", async () => {
		const home = tempHome();
		const file = join(home, "logs", "batch.log");
		const log = new LogFile(file);
		for (let i = 0; i < 100; i++) log.append(`line ${i}\n`);
		expect(() => statSync(file)).toThrow();

		await new Promise((resolve) => setImmediate(resolve));

		expect(readFileSync(file, "utf8").split("\n")).toHaveLength(101);
	});

	it("keeps lines in memory only when there is no home", () => {
		const log = new ExtensionLog("memory", undefined);
		log.write("kept");
		expect(log.path).toBeUndefined();
		expect(log.tail().map((l) => l.message)).toEqual(["kept"]);
	});
});
