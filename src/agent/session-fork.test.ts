import { readdirSync, readFileSync } from "node:fs";
import { dirname } from "node:path";
import { describe, expect, it } from "vitest";
import { withHomeAndProject } from "../../test/support/temp-files.js";
import { Kernel } from "../kernel/kernel.js";
import { type AssistantMessage, emptyUsage, type UserMessage } from "../kernel/messages.js";
import { forkPoints, forkSession } from "./session-fork.js";
import { SessionStore } from "./session-store.js";

let home: string;
let cwd: string;
withHomeAndProject("weft-session-fork-", (dirs) => {
	({ home, cwd } = dirs);
});

const user = (text: string): UserMessage => ({ role: "user", content: text, timestamp: 1 });
const assistant = (text: string): AssistantMessage => ({
	role: "assistant",
	content: [{ type: "text", text }],
	provider: "p",
	model: "m",
	usage: emptyUsage(),
	stopReason: "end",
	timestamp: 2,
});

/** first → one, (branch) second → two (abandoned), second again → two-b, third → three. */
function conversation(): { store: SessionStore; ids: Record<string, string> } {
	const store = SessionStore.create({ home, cwd, persist: true });
	const ids: Record<string, string> = {};
	ids.first = store.append({ type: "message", message: user("first") }).id;
	ids.one = store.append({ type: "message", message: assistant("one") }).id;
	ids.abandoned = store.append({ type: "message", message: user("abandoned question") }).id;
	store.append({ type: "message", message: assistant("abandoned answer") });
	store.branch(ids.one);
	ids.second = store.append({ type: "message", message: user("second") }).id;
	ids.two = store.append({ type: "message", message: assistant("two") }).id;
	ids.third = store.append({ type: "message", message: user("third") }).id;
	store.append({ type: "message", message: assistant("three") });
	return { store, ids };
}

function readLines(file: string): Array<Record<string, unknown>> {
	return readFileSync(file, "utf8")
		.trimEnd()
		.split("\n")
		.map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe("forkPoints", () => {
	it("lists the current branch's user messages, newest first", () => {
		const { store, ids } = conversation();
		expect(forkPoints(store).map((p) => [p.entryId, p.text])).toEqual([
			[ids.third, "third"],
			[ids.second, "second"],
			[ids.first, "first"],
		]);
	});
});

describe("forkSession", () => {
	it("writes a new file with the branch up to the chosen message, ids kept, parentSession set", async () => {
		const { store, ids } = conversation();
		const outcome = await forkSession({ kernel: new Kernel(), source: store, before: ids.third, home, cwd });
		expect(outcome.forked).toBe(true);
		if (!outcome.forked) return;
		expect(outcome.text).toBe("third");
		expect(outcome.file).not.toBe(store.file);
		expect(dirname(outcome.file)).toBe(dirname(store.file!));
		const [header, ...entries] = readLines(outcome.file);
		expect(header).toMatchObject({ type: "session", id: outcome.id, parentSession: store.file });
		expect(entries.map((e) => e.id)).toEqual([ids.first, ids.one, ids.second, ids.two]);
		// The abandoned branch is not copied; parents still chain.
		expect(entries[2].parentId).toBe(ids.one);

		const forked = SessionStore.open(outcome.file, { persist: true });
		expect(forked.warnings).toEqual([]);
		expect(forked.buildContext().messages.map((m) => m.content)).toEqual([
			"first",
			[{ type: "text", text: "one" }],
			"second",
			[{ type: "text", text: "two" }],
		]);
		// The source is untouched, and no temporary file was left beside the fork.
		expect(SessionStore.open(store.file!, { persist: false }).entries).toHaveLength(store.entries.length);
		expect(readdirSync(dirname(outcome.file)).filter((name) => name.endsWith(".tmp"))).toEqual([]);
	});

	it("copies the whole current branch when no message is given", async () => {
		const { store, ids } = conversation();
		const outcome = await forkSession({ kernel: new Kernel(), source: store, home, cwd });
		if (!outcome.forked) throw new Error("expected a fork");
		expect(outcome.text).toBe("");
		const entries = readLines(outcome.file).slice(1);
		expect(entries.map((e) => e.id)).toEqual(store.pathToLeaf().map((e) => e.id));
		expect(entries.map((e) => e.id)).not.toContain(ids.abandoned);
	});

	it("emits session_before_fork with the target, and writes nothing when a handler cancels", async () => {
		const { store, ids } = conversation();
		const kernel = new Kernel();
		const seen: unknown[] = [];
		kernel.bus.on(
			"session_before_fork",
			(event) => {
				seen.push({ reason: event.reason, target: event.target });
				return { cancel: true, reason: "forks are off today" };
			},
			{ owner: "test" },
		);
		const before = readdirSync(dirname(store.file!));
		const outcome = await forkSession({ kernel, source: store, before: ids.second, home, cwd });
		expect(outcome).toEqual({ forked: false, reason: "forks are off today" });
		expect(seen).toEqual([{ reason: "fork", target: ids.second }]);
		expect(readdirSync(dirname(store.file!))).toEqual(before);
	});

	it("refuses an entry that is not a user message on the current branch", async () => {
		const { store, ids } = conversation();
		const kernel = new Kernel();
		await expect(forkSession({ kernel, source: store, before: ids.two, home, cwd })).rejects.toThrow(
			/not a user message on the current branch/,
		);
		await expect(forkSession({ kernel, source: store, before: ids.abandoned, home, cwd })).rejects.toThrow(
			/not a user message on the current branch/,
		);
	});
});
