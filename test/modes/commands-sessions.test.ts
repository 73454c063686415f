import { mkdirSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { projectSessionDir } from "../../src/agent/session-list.js";
import { SessionStore } from "../../src/agent/session-store.js";
import { type Fake, type FakeOptions, fakeServices } from "./commands-fake-services.js";

let fake: Fake;
afterEach(() => fake.cleanup());

/** A saved session of `cwd` in the fake's home, last modified at `mtime` (seconds since the epoch). */
function saved(cwd: string, mtime: number, ...texts: string[]): SessionStore {
	const store = SessionStore.create({ home: fake.home, cwd, persist: true });
	for (const text of texts)
		store.append({ type: "message", message: { role: "user", content: text, timestamp: 1 } });
	utimesSync(store.file!, mtime, mtime);
	return store;
}

/** A session file with a chosen id (real ids are random UUIDs), for prefix tests. */
function sessionWithId(id: string): string {
	const dir = projectSessionDir(fake.home, fake.cwd);
	mkdirSync(dir, { recursive: true });
	const file = join(dir, `2025-01-01T00-00-00-000Z_${id}.jsonl`);
	const header = { type: "session", version: 1, id, timestamp: "2025-01-01T00:00:00.000Z", cwd: fake.cwd };
	writeFileSync(file, `${JSON.stringify(header)}\n`);
	return file;
}

function setup(options: FakeOptions = {}): void {
	fake = fakeServices(options);
}

describe("/new", () => {
	it("switches to a fresh session and says so", async () => {
		setup();
		await fake.run("new");
		expect(fake.switches).toEqual([{ kind: "new" }]);
		expect(fake.user.notes).toEqual([{ message: "Started a new session", level: "info" }]);
	});

	it("stays quiet when an extension cancels the switch (the reason was shown already)", async () => {
		setup({ switchAllowed: false });
		await fake.run("new");
		expect(fake.user.notes).toEqual([]);
	});

	it("rejects arguments", async () => {
		setup();
		await fake.run("new", "please");
		expect(fake.switches).toEqual([]);
		expect(fake.user.notesAt("error")).toEqual(['/new takes no arguments (got "please")']);
	});
});

describe("/resume", () => {
	it("lists this project's other sessions newest first and resumes the pick", async () => {
		setup({ sessionId: "current" });
		const older = saved(fake.cwd, 1_000_000, "fix the parser", "and the tests");
		const newer = saved(fake.cwd, 2_000_000, "write the docs");
		saved(fake.home, 3_000_000, "another project");
		fake.user.selects(older.file);
		await fake.run("resume");

		const picker = fake.user.dialogs[0];
		expect(picker.items?.map((i) => [i.value, i.label])).toEqual([
			[newer.file, "write the docs"],
			[older.file, "fix the parser"],
		]);
		expect(picker.items?.[1].description).toMatch(/ · 2 messages · [0-9a-f]{8}$/);
		expect(fake.switches).toEqual([{ kind: "resume", file: older.file }]);
		expect(fake.user.notes).toContainEqual({ message: 'Resumed "fix the parser"', level: "info" });
	});

	it("shows a named session by its name, with how it began in the description", async () => {
		setup({ sessionId: "current" });
		const named = saved(fake.cwd, 1_000_000, "fix the parser");
		named.append({ type: "session_info", name: "parser rewrite" });
		utimesSync(named.file!, 1_000_000, 1_000_000);
		fake.user.selects(named.file);
		await fake.run("resume");

		const [item] = fake.user.dialogs[0].items ?? [];
		expect(item.label).toBe("parser rewrite");
		expect(item.description).toMatch(/ · 1 message · [0-9a-f]{8} · fix the parser$/);
		expect(fake.user.notes).toContainEqual({ message: 'Resumed "parser rewrite"', level: "info" });
	});

	it("leaves the session in use out of the list", async () => {
		setup();
		const mine = saved(fake.cwd, 1_000_000, "hi");
		fake.sessionId = mine.id;
		await fake.run("resume");
		expect(fake.user.notes).toEqual([{ message: "No earlier sessions in this project yet", level: "info" }]);
		await fake.run("resume", mine.id.slice(0, 6));
		expect(fake.user.notesAt("info")[1]).toContain("is the one you are in");
		expect(fake.switches).toEqual([]);
	});

	it("resumes by id prefix, in this project or any other", async () => {
		setup();
		const here = saved(fake.cwd, 1_000_000, "here");
		const there = saved(fake.home, 1_000_000, "there");
		await fake.run("resume", here.id.slice(0, 8));
		await fake.run("resume", there.id.slice(0, 8));
		expect(fake.switches).toEqual([
			{ kind: "resume", file: here.file },
			{ kind: "resume", file: there.file },
		]);
		expect(fake.user.dialogs).toEqual([]);
	});

	it("narrows the picker to the sessions sharing an id prefix", async () => {
		setup();
		const first = sessionWithId("abc111");
		const second = sessionWithId("abc222");
		sessionWithId("def333");
		fake.user.selects(second);
		await fake.run("resume", "abc");
		expect(fake.user.dialogs[0].items?.map((i) => i.value).sort()).toEqual([first, second].sort());
		expect(fake.switches).toEqual([{ kind: "resume", file: second }]);
	});

	it("reports an id prefix no session has", async () => {
		setup();
		saved(fake.cwd, 1_000_000, "here");
		await fake.run("resume", "zzzz");
		expect(fake.user.notesAt("error")[0]).toContain('no session id starts with "zzzz"');
		expect(fake.switches).toEqual([]);
	});

	it("says so when the project has no sessions", async () => {
		setup();
		await fake.run("resume");
		expect(fake.user.notes).toEqual([{ message: "No earlier sessions in this project yet", level: "info" }]);
		expect(fake.user.dialogs).toEqual([]);
	});
});
