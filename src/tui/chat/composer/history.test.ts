import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ComposerHistory } from "./history.js";

describe("ComposerHistory", () => {
	let dir: string;
	beforeEach(() => {
		dir = mkdtempSync(join(tmpdir(), "weft-history-"));
	});
	afterEach(() => rmSync(dir, { recursive: true, force: true }));

	it("browses back and forward, returning the draft past the newest entry", () => {
		const history = new ComposerHistory();
		history.add("one");
		history.add("two");
		expect(history.previous("draft")).toBe("two");
		expect(history.previous("two")).toBe("one");
		expect(history.previous("one")).toBeUndefined();
		expect(history.next()).toBe("two");
		expect(history.next()).toBe("draft");
		expect(history.browsing).toBe(false);
		expect(history.next()).toBeUndefined();
	});

	it("skips empty entries and immediate repeats", () => {
		const history = new ComposerHistory();
		history.add("same");
		history.add("same");
		history.add("  ");
		expect(history.list()).toEqual(["same"]);
	});

	it("keeps the file readable by the user only, narrowing one left readable by others", () => {
		const created = join(dir, "created.jsonl");
		new ComposerHistory(created).add("secret plan");
		expect(statSync(created).mode & 0o777).toBe(0o600);

		const old = join(dir, "old.jsonl");
		writeFileSync(old, '{"text":"before"}\n');
		chmodSync(old, 0o644);
		new ComposerHistory(old).add("after");
		expect(statSync(old).mode & 0o777).toBe(0o600);
		expect(readFileSync(old, "utf8")).toBe('{"text":"before"}\n{"text":"after"}\n');
	});

	it("appends one JSON line per entry, creating the folder, and reads them back in a new session", () => {
		const file = join(dir, "nested", "history.jsonl");
		const first = new ComposerHistory(file);
		first.add("hello");
		first.add("multi\nline");
		expect(readFileSync(file, "utf8")).toBe('{"text":"hello"}\n{"text":"multi\\nline"}\n');
		const second = new ComposerHistory(file);
		expect(second.previous("")).toBe("multi\nline");
		expect(second.previous("")).toBe("hello");
	});

	it("works without a file and tolerates a missing one", () => {
		const history = new ComposerHistory(join(dir, "absent.jsonl"));
		expect(history.previous("x")).toBeUndefined();
		expect(history.list()).toEqual([]);
	});

	it("skips corrupt lines and keeps the rest", () => {
		const file = join(dir, "history.jsonl");
		writeFileSync(file, '{"text":"good"}\n{"text": trunc\nnot json\n"plain string"\n{"other":1}\n');
		expect(new ComposerHistory(file).list()).toEqual(["good", "plain string"]);
	});

	it("keeps only the newest entries up to the limit, and compacts the file as it grows", () => {
		const file = join(dir, "history.jsonl");
		const history = new ComposerHistory(file, 3);
		for (let i = 1; i <= 10; i++) history.add(`p${i}`);
		expect(history.list()).toEqual(["p8", "p9", "p10"]);
		const lines = readFileSync(file, "utf8").trim().split("\n");
		expect(lines.length).toBeLessThanOrEqual(6);
		expect(new ComposerHistory(file, 3).list()).toEqual(["p8", "p9", "p10"]);
	});

	it("keeps working in memory when the file cannot be written, saying why", () => {
		const blocker = join(dir, "blocker");
		writeFileSync(blocker, "");
		const history = new ComposerHistory(join(blocker, "history.jsonl"));
		history.add("still here");
		expect(history.list()).toEqual(["still here"]);
		expect(history.persistError?.message).toContain("Could not save prompt history");
		expect(existsSync(join(blocker, "history.jsonl"))).toBe(false);
	});
});
