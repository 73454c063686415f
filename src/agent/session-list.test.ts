import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { emptyUsage, type UserMessage } from "../kernel/messages.js";
import { projectKey, projectSessionDir } from "./session-list.js";
import { SessionStore } from "./session-store.js";

let home: string;
let root: string;
let projectA: string;
let projectB: string;

beforeEach(() => {
	home = mkdtempSync(join(tmpdir(), "weft-home-"));
	root = mkdtempSync(join(tmpdir(), "weft-projects-"));
	projectA = join(root, "alpha");
	projectB = join(root, "beta");
	mkdirSync(projectA);
	mkdirSync(projectB);
});

afterEach(() => {
	rmSync(home, { recursive: true, force: true });
	rmSync(root, { recursive: true, force: true });
});

const user = (text: string): UserMessage => ({ role: "user", content: text, timestamp: 1 });

/** A saved session whose file has the given modification time (seconds since the epoch). */
function saved(cwd: string, mtime: number, ...texts: string[]): SessionStore {
	const store = SessionStore.create({ home, cwd, persist: true });
	for (const text of texts) store.append({ type: "message", message: user(text) });
	utimesSync(store.file!, mtime, mtime);
	return store;
}

/** A session file with a chosen id, for prefix tests. */
function savedWithId(cwd: string, id: string): string {
	const dir = projectSessionDir(home, cwd);
	mkdirSync(dir, { recursive: true });
	const file = join(dir, `2025-01-01T00-00-00-000Z_${id}.jsonl`);
	writeFileSync(
		file,
		`${JSON.stringify({ type: "session", version: 1, id, timestamp: "2025-01-01T00:00:00.000Z", cwd })}\n`,
	);
	return file;
}

describe("projectKey", () => {
	it("turns a plain absolute path into a readable key", () => {
		expect(projectKey("/work/main")).toBe("--work-main--");
	});

	it("gives distinct keys to paths that would read the same", () => {
		const keys = ["/work/main", "/work-main", "/work/my app", "/work/my_app", "/work/my-app"].map(projectKey);
		expect(new Set(keys).size).toBe(keys.length);
		expect(projectKey("/work-main")).toMatch(/^--work-main--[0-9a-f]{8}$/);
	});

	it("keeps long keys short, ending in the project name and a hash", () => {
		const deep = `/${"very-long-directory-name/".repeat(20)}project`;
		const key = projectKey(deep);
		expect(key.length).toBeLessThan(120);
		expect(key).toMatch(/project--[0-9a-f]{8}$/);
		expect(projectKey(`${deep}2`)).not.toBe(key);
	});
});

describe("finding sessions", () => {
	it("findLatest picks the most recently modified session of the project", () => {
		const older = saved(projectA, 1_000_000, "old");
		const newer = saved(projectA, 2_000_000, "new");
		saved(projectB, 3_000_000, "other project");
		expect(SessionStore.findLatest({ home, cwd: projectA })).toBe(newer.file);
		utimesSync(older.file!, 4_000_000, 4_000_000);
		expect(SessionStore.findLatest({ home, cwd: projectA })).toBe(older.file);
	});

	it("byRecency lists the project's sessions newest first, ties broken by the newer name", () => {
		const older = saved(projectA, 1_000_000, "old");
		const newer = saved(projectA, 2_000_000, "new");
		const tie = savedWithId(projectA, "tie");
		utimesSync(tie, 2_000_000, 2_000_000);
		saved(projectB, 3_000_000, "other project");
		expect(SessionStore.byRecency({ home, cwd: projectA })).toEqual([newer.file, tie, older.file]);
	});

	it("findLatest finds nothing for a project without sessions", () => {
		expect(SessionStore.findLatest({ home, cwd: projectA })).toBeUndefined();
	});

	it("findById accepts a full id or a unique prefix, in this project or any other", () => {
		const here = saved(projectA, 1_000_000, "a");
		const there = saved(projectB, 1_000_000, "b");
		expect(SessionStore.findById({ home, cwd: projectA, id: here.id })).toBe(here.file);
		expect(SessionStore.findById({ home, cwd: projectA, id: there.id.slice(0, 8) })).toBe(there.file);
		expect(SessionStore.findById({ home, id: here.id.slice(0, 8) })).toBe(here.file);
		expect(SessionStore.findById({ home, cwd: projectA, id: "zzzz" })).toBeUndefined();
	});

	it("findById fails on an ambiguous prefix, listing the candidates", () => {
		const one = savedWithId(projectA, "abc111");
		const two = savedWithId(projectB, "abc222");
		expect(() => SessionStore.findById({ home, id: "abc" })).toThrow(/"abc" is ambiguous/);
		expect(() => SessionStore.findById({ home, id: "abc" })).toThrow(one);
		expect(() => SessionStore.findById({ home, id: "abc" })).toThrow(two);
		expect(SessionStore.findById({ home, id: "abc2" })).toBe(two);
	});

	it("findById prefers a match in this project over matches elsewhere", () => {
		const local = savedWithId(projectA, "abc111");
		savedWithId(projectB, "abc222");
		expect(SessionStore.findById({ home, cwd: projectA, id: "abc" })).toBe(local);
	});
});

describe("listing sessions", () => {
	it("lists a project's sessions newest first with counts and a preview of the first user message", () => {
		const older = saved(projectA, 1_000_000, "  fix the\n  bug  ", "thanks");
		const newer = saved(projectA, 2_000_000, "x".repeat(300));
		saved(projectB, 3_000_000, "elsewhere");

		const infos = SessionStore.list({ home, cwd: projectA });
		expect(infos.map((info) => info.id)).toEqual([newer.id, older.id]);
		expect(infos[1]).toEqual({
			id: older.id,
			file: older.file,
			cwd: projectA,
			created: new Date(older.header.timestamp),
			modified: new Date(1_000_000_000),
			messageCount: 2,
			firstMessage: "fix the bug",
		});
		expect(infos[0].firstMessage.length).toBeLessThanOrEqual(100);
		expect(SessionStore.list({ home })).toHaveLength(3);
	});

	it("skips files that are not sessions and counts only messages", () => {
		const store = saved(projectA, 1_000_000, "hello");
		store.append({
			type: "message",
			message: {
				role: "assistant",
				content: [],
				provider: "p",
				model: "m",
				usage: emptyUsage(),
				stopReason: "end",
				timestamp: 2,
			},
		});
		store.append({ type: "custom", customType: "x", data: null });
		writeFileSync(
			join(projectSessionDir(home, projectA), "2025-01-01T00-00-00-000Z_junk.jsonl"),
			"garbage\n",
		);
		const infos = SessionStore.list({ home, cwd: projectA });
		expect(infos).toHaveLength(1);
		expect(infos[0].messageCount).toBe(2);
	});
});
