import {
	appendFileSync,
	mkdirSync,
	mkdtempSync,
	readFileSync,
	rmSync,
	statSync,
	utimesSync,
	writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { UserMessage } from "../kernel/messages.js";
import { INDEX_FILE, summarizeSessionFile } from "./session-index.js";
import { listSessions, projectSessionDir } from "./session-list.js";
import { SessionStore } from "./session-store.js";

let home: string;
let project: string;
let dir: string;

beforeEach(() => {
	home = mkdtempSync(join(tmpdir(), "weft-home-"));
	project = mkdtempSync(join(tmpdir(), "weft-project-"));
	dir = projectSessionDir(home, project);
});

afterEach(() => {
	rmSync(home, { recursive: true, force: true });
	rmSync(project, { recursive: true, force: true });
});

const user = (text: string): UserMessage => ({ role: "user", content: text, timestamp: 1 });

function saved(...texts: string[]): SessionStore {
	const store = SessionStore.create({ home, cwd: project, persist: true });
	for (const text of texts) store.append({ type: "message", message: user(text) });
	return store;
}

const list = () => listSessions({ home, cwd: project });
const index = () => JSON.parse(readFileSync(join(dir, INDEX_FILE), "utf8"));

const MTIME = 1_700_000_000;

/** Rewrites a file with other content of the same length and a fixed mtime, as no append could. */
function swapSameSize(file: string, from: string, to: string): void {
	const text = readFileSync(file, "utf8");
	expect(to.length).toBe(from.length);
	writeFileSync(file, text.replace(from, to));
	utimesSync(file, MTIME, MTIME);
}

describe("the session index", () => {
	it("is written by the first listing, owner-only, and answers the next one without reading the files", () => {
		const store = saved("first question", "second");
		utimesSync(store.file!, MTIME, MTIME);
		const [first] = list();
		expect(first).toMatchObject({ id: store.id, messageCount: 2, firstMessage: "first question" });
		expect(statSync(join(dir, INDEX_FILE)).mode & 0o777).toBe(0o600);
		expect(index().sessions).toHaveProperty([first.file.slice(dir.length + 1), "summary", "id"], store.id);

		// Same size and mtime: the index is trusted, so the edit is not seen.
		swapSameSize(store.file!, "first question", "FIRST QUESTION");
		expect(list()[0].firstMessage).toBe("first question");
	});

	it("re-reads a file that grew since it was indexed", () => {
		const store = saved("hello");
		expect(list()[0].messageCount).toBe(1);
		store.append({ type: "message", message: user("more") });
		store.append({ type: "session_info", name: "the plan" });
		const [info] = list();
		expect(info.messageCount).toBe(2);
		expect(info.name).toBe("the plan");
		expect(index().sessions[info.file.slice(dir.length + 1)].size).toBe(statSync(store.file!).size);
	});

	it("re-reads a file whose mtime changed even at the same size", () => {
		const store = saved("original");
		utimesSync(store.file!, MTIME, MTIME);
		list();
		swapSameSize(store.file!, "original", "replaced");
		utimesSync(store.file!, MTIME + 1, MTIME + 1);
		expect(list()[0].firstMessage).toBe("replaced");
	});

	it.each([
		["torn JSON", '{"version":1,"sessions":{'],
		["another version", JSON.stringify({ version: 99, sessions: {} })],
		["not an object", "[]"],
		["malformed records", JSON.stringify({ version: 1, sessions: { "x.jsonl": { size: "big" } } })],
	])("ignores an index holding %s and rebuilds it", (_label, content) => {
		const store = saved("hi");
		mkdirSync(dir, { recursive: true });
		writeFileSync(join(dir, INDEX_FILE), content);
		expect(list()).toMatchObject([{ id: store.id, firstMessage: "hi", messageCount: 1 }]);
		expect(index().version).toBe(1);
		expect(Object.keys(index().sessions)).toHaveLength(1);
	});

	it("ignores a record whose fields have the wrong types, reading that file again", () => {
		const store = saved("hi");
		const [info] = list();
		const name = info.file.slice(dir.length + 1);
		const broken = index();
		broken.sessions[name].summary.messageCount = "many";
		writeFileSync(join(dir, INDEX_FILE), JSON.stringify(broken));
		expect(list()[0]).toMatchObject({ id: store.id, messageCount: 1 });
		expect(index().sessions[name].summary.messageCount).toBe(1);
	});

	it("drops deleted files and remembers files that are not sessions", () => {
		const kept = saved("kept");
		const gone = saved("gone");
		const junk = join(dir, "2025-01-01T00-00-00-000Z_junk.jsonl");
		writeFileSync(junk, "garbage\n");
		expect(list()).toHaveLength(2);
		expect(index().sessions["2025-01-01T00-00-00-000Z_junk.jsonl"].summary).toBeNull();
		rmSync(gone.file!);
		expect(list().map((info) => info.id)).toEqual([kept.id]);
		expect(Object.keys(index().sessions)).toHaveLength(2);
		// A junk file that became a session is read again.
		const header = {
			type: "session",
			version: 1,
			id: "junk",
			timestamp: "2025-01-01T00:00:00.000Z",
			cwd: project,
		};
		const entry = {
			type: "message",
			id: "a1",
			parentId: null,
			timestamp: "2025-01-01T00:00:01.000Z",
			message: user("fixed"),
		};
		writeFileSync(junk, `${JSON.stringify(header)}\n${JSON.stringify(entry)}\n`);
		expect(
			list()
				.map((info) => info.firstMessage)
				.sort(),
		).toEqual(["fixed", "kept"]);
	});

	it("still lists when the index cannot be written", () => {
		const store = saved("hi");
		mkdirSync(join(dir, INDEX_FILE)); // a folder where the file should go
		expect(list()).toMatchObject([{ id: store.id, firstMessage: "hi" }]);
	});

	it("gives each project its own index", () => {
		const other = mkdtempSync(join(tmpdir(), "weft-project-"));
		try {
			saved("here");
			SessionStore.create({ home, cwd: other, persist: true }).append({
				type: "message",
				message: user("there"),
			});
			expect(
				listSessions({ home })
					.map((info) => info.firstMessage)
					.sort(),
			).toEqual(["here", "there"]);
			expect(Object.keys(index().sessions)).toHaveLength(1);
			const otherIndex = join(projectSessionDir(home, other), INDEX_FILE);
			expect(Object.keys(JSON.parse(readFileSync(otherIndex, "utf8")).sessions)).toHaveLength(1);
		} finally {
			rmSync(other, { recursive: true, force: true });
		}
	});
});

describe("summaries from the index and from the file agree", () => {
	const header = (id: string) =>
		JSON.stringify({ type: "session", version: 1, id, timestamp: "2025-01-01T00:00:00.000Z", cwd: "/p" });
	let n = 0;
	const line = (fields: Record<string, unknown>, parentId: string | null = null) =>
		JSON.stringify({ id: `e${++n}`, parentId, timestamp: "2025-01-01T00:00:01.000Z", ...fields });
	const message = (text: string, parentId: string | null = null) =>
		line({ type: "message", message: user(text) }, parentId);

	it.each([
		[
			"a torn last line",
			() => `${header("t1")}\n${message("kept")}\n{"type":"message","id":"x`,
			1,
			"kept",
			undefined,
		],
		[
			"CRLF line endings",
			() => `${header("t2")}\r\n${message("dos")}\r\n${message("two", "e1")}\r\n`,
			2,
			"dos",
			undefined,
		],
		[
			"unknown entry types",
			() => `${header("t3")}\n${line({ type: "from_the_future", x: 1 })}\n${message("after")}\n`,
			1,
			"after",
			undefined,
		],
		[
			"a duplicate id",
			() => {
				const first = message("first");
				return `${header("t4")}\n${first}\n${first}\n`;
			},
			1,
			"first",
			undefined,
		],
		["a missing parent", () => `${header("t5")}\n${message("orphan", "nowhere")}\n`, 1, "orphan", undefined],
		[
			"names on two branches (the later line wins)",
			() => {
				n = 100;
				return [
					header("t6"),
					message("root"),
					line({ type: "session_info", name: "side" }, "e101"),
					line({ type: "session_info", name: "main" }, "e101"),
					"",
				].join("\n");
			},
			1,
			"root",
			"main",
		],
		["only a header", () => `${header("t7")}\n`, 0, "", undefined],
	])("with %s", (_label, content, messageCount, firstMessage, name) => {
		mkdirSync(dir, { recursive: true });
		const file = join(dir, `2025-01-01T00-00-00-000Z_${_label.replace(/\W+/g, "-")}.jsonl`);
		writeFileSync(file, content());
		const fromFile = list();
		expect(fromFile).toHaveLength(1);
		expect(fromFile[0]).toMatchObject({ messageCount, firstMessage });
		expect(fromFile[0].name).toBe(name);
		expect(list()).toEqual(fromFile);
	});
});

describe("the index under any sequence of changes", () => {
	const SEED = Number(process.env.FC_SEED ?? 1313);
	type Step =
		| { kind: "message"; session: number; text: string }
		| { kind: "name"; session: number; name: string }
		| { kind: "branch"; session: number; back: number }
		| { kind: "torn"; session: number; newline: boolean }
		| { kind: "list" };
	const session = fc.integer({ min: 0, max: 2 });
	const step: fc.Arbitrary<Step> = fc.oneof(
		fc.record({ kind: fc.constant("message" as const), session, text: fc.string({ maxLength: 12 }) }),
		fc.record({
			kind: fc.constant("name" as const),
			session,
			name: fc.string({ minLength: 1, maxLength: 8 }),
		}),
		fc.record({ kind: fc.constant("branch" as const), session, back: fc.integer({ min: 1, max: 4 }) }),
		fc.record({ kind: fc.constant("torn" as const), session, newline: fc.boolean() }),
		fc.constant({ kind: "list" as const }),
	);

	it("lists exactly what reading every file gives", () => {
		fc.assert(
			fc.property(fc.array(step, { maxLength: 25 }), (steps) => {
				rmSync(home, { recursive: true, force: true });
				const files: (string | undefined)[] = [undefined, undefined, undefined];
				const store = (i: number) => {
					const file = files[i];
					if (file !== undefined) return SessionStore.open(file, { persist: true });
					const created = SessionStore.create({ home, cwd: project, persist: true });
					created.append({ type: "message", message: user(`start ${i}`) });
					files[i] = created.file;
					return created;
				};
				for (const s of [...steps, { kind: "list" as const }]) {
					if (s.kind === "message") store(s.session).append({ type: "message", message: user(s.text) });
					else if (s.kind === "name") store(s.session).append({ type: "session_info", name: s.name });
					else if (s.kind === "branch") {
						const opened = store(s.session);
						const path = opened.pathToLeaf();
						opened.branch(path[Math.max(0, path.length - 1 - s.back)].id);
						opened.append({ type: "message", message: user("on a branch") });
					} else if (s.kind === "torn") {
						store(s.session);
						appendFileSync(files[s.session]!, s.newline ? '{"type":"mess\n' : '{"type":"mess');
					} else {
						const listed = list();
						const expected = files.flatMap((file) => {
							const summary = file === undefined ? null : summarizeSessionFile(file);
							return summary ? [{ file, summary }] : [];
						});
						expect(listed).toHaveLength(expected.length);
						for (const { file, summary } of expected) {
							const info = listed.find((candidate) => candidate.file === file);
							expect(info).toMatchObject({
								id: summary.id,
								messageCount: summary.messageCount,
								firstMessage: summary.firstMessage,
							});
							expect(info?.name).toBe(summary.name);
							expect(info?.modified).toEqual(new Date(statSync(file!).mtimeMs));
						}
					}
				}
			}),
			{ numRuns: 40, seed: SEED, endOnFailure: true },
		);
	});
});
