import { spawnSync } from "node:child_process";
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildSync } from "esbuild";
import { describe, expect, it } from "vitest";
import { withHomeAndProject } from "../../test/support/temp-files.js";
import { type AssistantMessage, emptyUsage, type UserMessage } from "../kernel/messages.js";
import { SessionFileError } from "./session-entries.js";
import { SessionStore } from "./session-store.js";

let home: string;
let cwd: string;
withHomeAndProject("weft-session-store-", (dirs) => {
	({ home, cwd } = dirs);
});

const user = (text: string): UserMessage => ({ role: "user", content: text, timestamp: 1 });
const assistant = (text: string, model = "m1"): AssistantMessage => ({
	role: "assistant",
	content: [{ type: "text", text }],
	provider: "p",
	model,
	usage: emptyUsage(),
	stopReason: "end",
	timestamp: 2,
});

function newStore(): SessionStore {
	return SessionStore.create({ home, cwd, persist: true });
}

function filesUnder(dir: string): string[] {
	return readdirSync(dir, { recursive: true, withFileTypes: true })
		.filter((dirent) => dirent.isFile())
		.map((dirent) => join(dirent.parentPath, dirent.name));
}

describe("SessionStore persistence", () => {
	it("reopening a file gives back the same header, entries and leaf", () => {
		const store = newStore();
		store.append({ type: "model_change", provider: "p", model: "m1" });
		store.append({ type: "message", message: user("hello") });
		store.append({ type: "message", message: assistant("hi") });
		store.append({ type: "custom", customType: "todo", data: { items: ["a"] } });

		const reopened = SessionStore.open(store.file!, { persist: true });
		expect(reopened.header).toEqual(store.header);
		expect(reopened.entries).toEqual(store.entries);
		expect(reopened.leafId).toBe(store.leafId);
		expect(reopened.warnings).toEqual([]);
	});

	it("the file lives under sessions/<project-key>/ and is named by timestamp and id", () => {
		const store = newStore();
		store.append({ type: "message", message: user("hello") });
		const file = store.file!;
		expect(file.startsWith(join(home, "sessions"))).toBe(true);
		expect(file.endsWith(`_${store.id}.jsonl`)).toBe(true);
		expect(file).not.toContain(":");
		const header = JSON.parse(readFileSync(file, "utf8").split("\n")[0]);
		expect(header).toMatchObject({ type: "session", version: 1, id: store.id, cwd });
	});

	it("no file exists until the first message; earlier entries are written with it", () => {
		const store = newStore();
		store.append({ type: "model_change", provider: "p", model: "m1" });
		store.append({ type: "thinking_level", level: "high" });
		expect(filesUnder(home)).toEqual([]);

		store.append({ type: "message", message: user("go") });
		const lines = readFileSync(store.file!, "utf8").trimEnd().split("\n");
		expect(lines.map((line) => JSON.parse(line).type)).toEqual([
			"session",
			"model_change",
			"thinking_level",
			"message",
		]);
	});

	it("ids are unique and each entry's parent is the one appended before it", () => {
		const store = newStore();
		const appended = [];
		for (let i = 0; i < 200; i++) appended.push(store.append({ type: "message", message: user(`m${i}`) }));
		const ids = appended.map((entry) => entry.id);
		expect(new Set(ids).size).toBe(200);
		for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}$/);
		expect(appended[0].parentId).toBeNull();
		for (let i = 1; i < appended.length; i++) expect(appended[i].parentId).toBe(appended[i - 1].id);
		expect(store.leafId).toBe(ids.at(-1));
	});

	it("with persist false nothing is ever written under home", () => {
		const store = SessionStore.create({ home, cwd, persist: false });
		store.append({ type: "message", message: user("secret") });
		store.append({ type: "message", message: assistant("ok") });
		expect(store.file).toBeUndefined();
		expect(store.buildContext().messages).toHaveLength(2);
		expect(filesUnder(home)).toEqual([]);
	});

	it("a file opened with persist false is read but never written", () => {
		const store = newStore();
		store.append({ type: "message", message: user("one") });
		const before = readFileSync(store.file!, "utf8");
		const readOnly = SessionStore.open(store.file!, { persist: false });
		readOnly.append({ type: "message", message: user("two") });
		expect(readFileSync(store.file!, "utf8")).toBe(before);
		expect(readOnly.buildContext().messages).toHaveLength(2);
	});

	it("onAppend listeners see each entry after it is written, until removed", () => {
		const store = newStore();
		const seen: string[] = [];
		const stop = store.onAppend((entry) => {
			expect(readFileSync(store.file!, "utf8")).toContain(entry.id);
			seen.push(entry.id);
		});
		const first = store.append({ type: "message", message: user("a") });
		stop();
		store.append({ type: "message", message: user("b") });
		expect(seen).toEqual([first.id]);
	});

	it("opening a missing file or a file without a header fails with the path", () => {
		expect(() => SessionStore.open(join(home, "nope.jsonl"), { persist: true })).toThrow(
			/nope\.jsonl.*does not exist/,
		);
		const bogus = join(home, "bogus.jsonl");
		writeFileSync(bogus, '{"hello":1}\n');
		expect(() => SessionStore.open(bogus, { persist: true })).toThrow(SessionFileError);
		expect(() => SessionStore.open(bogus, { persist: true })).toThrow(
			/bogus\.jsonl:1: not a weft session file/,
		);
	});
});

describe("SessionStore crash safety", () => {
	it("a process killed with SIGKILL right after appending loses none of its entries", () => {
		const bundleDir = mkdtempSync(join(tmpdir(), "weft-bundle-"));
		try {
			const bundle = join(bundleDir, "session-store.mjs");
			buildSync({
				entryPoints: [fileURLToPath(new URL("./session-store.ts", import.meta.url))],
				bundle: true,
				platform: "node",
				format: "esm",
				outfile: bundle,
				logLevel: "silent",
			});
			const script = `
				const { SessionStore } = await import(${JSON.stringify(bundle)});
				const store = SessionStore.create({ home: ${JSON.stringify(home)}, cwd: ${JSON.stringify(cwd)}, persist: true });
				for (let i = 0; i < 50; i++) {
					store.append({ type: "message", message: { role: "user", content: "m" + i, timestamp: i } });
				}
				process.stdout.write(store.file);
				process.kill(process.pid, "SIGKILL");
			`;
			const child = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
			expect(child.signal).toBe("SIGKILL");

			const reopened = SessionStore.open(child.stdout, { persist: true });
			expect(reopened.warnings).toEqual([]);
			expect(reopened.buildContext().messages.map((message) => message.content)).toEqual(
				Array.from({ length: 50 }, (_, i) => `m${i}`),
			);
		} finally {
			rmSync(bundleDir, { recursive: true, force: true });
		}
	});

	it("a torn last line is skipped with a warning, kept in the file, and the next append gets its own line", () => {
		const store = newStore();
		store.append({ type: "message", message: user("one") });
		const torn = '{"type":"message","id":"abcd1234","parentId":null,"timest';
		appendFileSync(store.file!, torn);

		const reopened = SessionStore.open(store.file!, { persist: true });
		expect(reopened.warnings).toHaveLength(1);
		expect(reopened.warnings[0].line).toBe(3);
		expect(reopened.warnings[0].message).toContain(`${store.file}:3`);
		expect(reopened.warnings[0].message).toMatch(/incomplete last line/);
		expect(readFileSync(store.file!, "utf8").endsWith(torn)).toBe(true);

		const next = reopened.append({ type: "message", message: user("two") });
		const text = readFileSync(store.file!, "utf8");
		expect(text).toContain(`${torn}\n`);
		expect(text.endsWith(`${JSON.stringify(next)}\n`)).toBe(true);

		const again = SessionStore.open(store.file!, { persist: true });
		expect(again.buildContext().messages.map((message) => message.content)).toEqual(["one", "two"]);
		expect(again.warnings.map((warning) => warning.line)).toEqual([3]);
	});

	it("an invalid line in the middle is skipped with a warning naming its line number", () => {
		const store = newStore();
		store.append({ type: "message", message: user("one") });
		appendFileSync(store.file!, "this is not json\n");
		const reopened = SessionStore.open(store.file!, { persist: true });
		reopened.append({ type: "message", message: user("two") });

		const again = SessionStore.open(store.file!, { persist: true });
		expect(again.warnings).toHaveLength(1);
		expect(again.warnings[0].line).toBe(3);
		expect(again.warnings[0].message).toMatch(/:3: skipped an unreadable line/);
		expect(again.buildContext().messages.map((message) => message.content)).toEqual(["one", "two"]);
	});

	it("a malformed entry of a known type is skipped with a warning", () => {
		const store = newStore();
		store.append({ type: "message", message: user("one") });
		appendFileSync(
			store.file!,
			`${JSON.stringify({ type: "model_change", id: "feedbeef", parentId: store.leafId, timestamp: "t" })}\n`,
		);
		const reopened = SessionStore.open(store.file!, { persist: true });
		expect(reopened.warnings[0].message).toMatch(/"model_change" entry is malformed/);
		expect(reopened.entries).toHaveLength(1);
	});

	it("entries whose parents point at each other load as a chain, never a cycle", () => {
		const file = join(cwd, "cycle.jsonl");
		const header = { type: "session", version: 1, id: "s", timestamp: "2025-01-01T00:00:00.000Z", cwd };
		const entry = (id: string, parentId: string, text: string) => ({
			type: "message",
			id,
			parentId,
			timestamp: "2025-01-01T00:00:01.000Z",
			message: user(text),
		});
		writeFileSync(
			file,
			[header, entry("a", "b", "one"), entry("b", "a", "two")]
				.map((line) => `${JSON.stringify(line)}\n`)
				.join(""),
		);
		const store = SessionStore.open(file, { persist: false });
		expect(store.pathToLeaf().map((e) => e.id)).toEqual(["a", "b"]);
		expect(store.warnings[0].message).toMatch(/missing parent "b"; it starts the conversation/);
	});
});

describe("SessionStore tree", () => {
	it("branching makes the next append a sibling; the context follows the current branch", () => {
		const store = newStore();
		const question = store.append({ type: "message", message: user("question") });
		const first = store.append({ type: "message", message: assistant("first answer") });

		store.branch(question.id);
		const second = store.append({ type: "message", message: assistant("second answer", "m2") });
		expect(second.parentId).toBe(question.id);
		expect(first.parentId).toBe(question.id);
		expect(store.pathToLeaf().map((entry) => entry.id)).toEqual([question.id, second.id]);
		expect(store.buildContext()).toEqual({
			messages: [user("question"), assistant("second answer", "m2")],
			model: { provider: "p", model: "m2" },
		});

		store.branch(first.id);
		expect(store.buildContext().messages).toEqual([user("question"), assistant("first answer")]);
		expect(store.entries).toHaveLength(3);
	});

	it("the file only grows when branching, and reopening resumes at the last entry written", () => {
		const store = newStore();
		const root = store.append({ type: "message", message: user("root") });
		store.append({ type: "message", message: user("a") });
		const before = readFileSync(store.file!, "utf8");
		store.branch(root.id);
		const b = store.append({ type: "message", message: user("b") });
		expect(readFileSync(store.file!, "utf8").startsWith(before)).toBe(true);

		const reopened = SessionStore.open(store.file!, { persist: true });
		expect(reopened.leafId).toBe(b.id);
		expect(reopened.buildContext().messages.map((message) => message.content)).toEqual(["root", "b"]);
	});

	it("branching from an unknown entry fails and leaves the leaf alone", () => {
		const store = newStore();
		const entry = store.append({ type: "message", message: user("x") });
		expect(() => store.branch("nope")).toThrow(/no such entry/);
		expect(store.leafId).toBe(entry.id);
	});

	it("the context takes the latest model change and thinking level on the branch", () => {
		const store = newStore();
		store.append({ type: "model_change", provider: "a", model: "one" });
		store.append({ type: "thinking_level", level: "low" });
		store.append({ type: "message", message: user("hi") });
		store.append({ type: "custom", customType: "state", data: 1 });
		store.append({ type: "model_change", provider: "b", model: "two" });
		store.append({ type: "thinking_level", level: "high" });
		expect(store.buildContext()).toEqual({
			messages: [user("hi")],
			model: { provider: "b", model: "two" },
			thinkingLevel: "high",
		});
	});

	it("entries of unknown types survive loading, stay in the tree and are passed through", () => {
		const store = newStore();
		const first = store.append({ type: "message", message: user("one") });
		const future = { type: "reaction", id: "0badc0de", parentId: first.id, timestamp: "t", emoji: "+1" };
		appendFileSync(store.file!, `${JSON.stringify(future)}\n`);

		const reopened = SessionStore.open(store.file!, { persist: true });
		expect(reopened.warnings).toEqual([]);
		expect(reopened.getEntry("0badc0de")).toEqual(future);
		const next = reopened.append({ type: "message", message: user("two") });
		expect(next.parentId).toBe("0badc0de");
		expect(reopened.pathToLeaf().map((entry) => entry.type)).toEqual(["message", "reaction", "message"]);
		expect(reopened.buildContext().messages).toEqual([user("one"), user("two")]);
		expect(readFileSync(store.file!, "utf8")).toContain(JSON.stringify(future));
	});
});
