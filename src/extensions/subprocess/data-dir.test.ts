import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { formerDataDir, moveFormerData } from "./data-dir.js";

let root: string | undefined;
afterEach(() => {
	if (root) rmSync(root, { recursive: true, force: true });
	root = undefined;
});

function setup() {
	root = mkdtempSync(join(tmpdir(), "weft-data-dir-"));
	const former = formerDataDir(join(root, "home"), "notes");
	const folder = join(root, "notes");
	mkdirSync(former, { recursive: true });
	mkdirSync(folder, { recursive: true });
	const lines: string[] = [];
	return { former, folder, lines, log: { write: (message: string) => void lines.push(message) } };
}

describe("moveFormerData", () => {
	it("moves files and folders into the extension's folder and removes the emptied former folder", () => {
		const { former, folder, log, lines } = setup();
		writeFileSync(join(former, "notes.json"), "[1]");
		mkdirSync(join(former, "cache"));
		writeFileSync(join(former, "cache", "a"), "a");
		moveFormerData(former, folder, log);
		expect(readFileSync(join(folder, "notes.json"), "utf8")).toBe("[1]");
		expect(readFileSync(join(folder, "cache", "a"), "utf8")).toBe("a");
		expect(existsSync(former)).toBe(false);
		expect(lines).toHaveLength(2);
	});

	it("never overwrites a file the folder has: it stays where it was, and the log says so", () => {
		const { former, folder, log, lines } = setup();
		writeFileSync(join(former, "notes.json"), "old");
		writeFileSync(join(former, "other.json"), "moved");
		writeFileSync(join(folder, "notes.json"), "new");
		moveFormerData(former, folder, log);
		expect(readFileSync(join(folder, "notes.json"), "utf8")).toBe("new");
		expect(readFileSync(join(former, "notes.json"), "utf8")).toBe("old");
		expect(readFileSync(join(folder, "other.json"), "utf8")).toBe("moved");
		expect(lines.at(-1)).toContain("left in its former data folder");
		expect(lines.at(-1)).toContain("notes.json");
	});

	it("does nothing when there is no former folder", () => {
		const { former, folder, log, lines } = setup();
		rmSync(former, { recursive: true });
		moveFormerData(former, folder, log);
		expect(lines).toEqual([]);
	});
});
