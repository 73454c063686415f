/**
 * Opening a session file that a killed or crashed weft left behind: what is
 * appended, what is only repaired in memory, and what is skipped.
 */
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
	type AssistantMessage,
	emptyUsage,
	type ToolCall,
	type ToolResultMessage,
	type UserMessage,
} from "../kernel/messages.js";
import { INTERRUPTED_TOOL_TEXT } from "./conversation-repair.js";
import { type PartialContent, SessionFileError } from "./session-entries.js";
import { INTERRUPTED_ANSWER_TEXT } from "./session-recovery.js";
import { SessionStore } from "./session-store.js";

let dir: string;
beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), "weft-recovery-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const user = (text: string): UserMessage => ({ role: "user", content: text, timestamp: 1 });
const bash = (id: string): ToolCall => ({
	type: "toolCall",
	id,
	name: "bash",
	args: { command: "sleep 60" },
});
const assistant = (text: string, ...calls: ToolCall[]): AssistantMessage => ({
	role: "assistant",
	content: [{ type: "text", text }, ...calls],
	provider: "p",
	model: "m",
	usage: emptyUsage(),
	stopReason: calls.length > 0 ? "tool_use" : "end",
	timestamp: 2,
});
const toolResult = (id: string): ToolResultMessage => ({
	role: "toolResult",
	toolCallId: id,
	toolName: "bash",
	content: [{ type: "text", text: "ok" }],
	isError: false,
	timestamp: 3,
});

function newStore(): SessionStore {
	return SessionStore.create({ home: dir, cwd: dir, persist: true });
}

function lines(file: string): any[] {
	return readFileSync(file, "utf8")
		.trimEnd()
		.split("\n")
		.map((line) => JSON.parse(line));
}

function checkpoint(
	store: SessionStore,
	answerId: string,
	content: PartialContent[],
	parentId = store.leafId,
) {
	store.checkpoint({ answerId, parentId, provider: "p", model: "m-streamed", content });
}

describe("tool calls left without a result", () => {
	it("get an interrupted result appended to the file, once", () => {
		const store = newStore();
		store.append({ type: "message", message: user("run it") });
		store.append({ type: "message", message: assistant("running", bash("call_1"), bash("call_2")) });
		store.append({ type: "message", message: toolResult("call_1") });
		const before = readFileSync(store.file!, "utf8");

		const reopened = SessionStore.open(store.file!, { persist: true });
		const after = readFileSync(store.file!, "utf8");
		expect(after.startsWith(before)).toBe(true);
		const added = lines(store.file!).slice(before.trimEnd().split("\n").length);
		expect(added).toHaveLength(1);
		expect(added[0]).toMatchObject({
			type: "message",
			message: {
				role: "toolResult",
				toolCallId: "call_2",
				isError: true,
				details: { interrupted: true },
				content: [{ type: "text", text: INTERRUPTED_TOOL_TEXT }],
			},
		});
		expect(reopened.leafId).toBe(added[0].id);
		expect(reopened.repairs).toEqual([expect.stringMatching(/stopped during a tool call \(bash\)/)]);
		expect(reopened.buildContext().messages.map((m) => m.role)).toEqual([
			"user",
			"assistant",
			"toolResult",
			"toolResult",
		]);

		const again = SessionStore.open(store.file!, { persist: true });
		expect(readFileSync(store.file!, "utf8")).toBe(after);
		expect(again.repairs).toEqual([]);
	});

	it("are repaired in memory only when the file is opened read-only", () => {
		const store = newStore();
		store.append({ type: "message", message: user("run it") });
		store.append({ type: "message", message: assistant("running", bash("call_1")) });
		const before = readFileSync(store.file!, "utf8");
		const readOnly = SessionStore.open(store.file!, { persist: false });
		expect(readFileSync(store.file!, "utf8")).toBe(before);
		expect(readOnly.buildContext().messages.at(-1)).toMatchObject({
			role: "toolResult",
			toolCallId: "call_1",
		});
	});
});

describe("an answer cut off while streaming", () => {
	it("is restored from its checkpoints as an interrupted message, appended once", () => {
		const store = newStore();
		store.append({ type: "message", message: user("explain") });
		const answerId = store.reserveId();
		checkpoint(store, answerId, [{ type: "thinking", thinking: "let me " }]);
		checkpoint(store, answerId, [
			{ type: "thinking", thinking: "think" },
			{ type: "text", text: "The answer " },
		]);
		checkpoint(store, answerId, [{ type: "text", text: "is forty" }]);
		expect(store.entries).toHaveLength(1);

		const reopened = SessionStore.open(store.file!, { persist: true });
		const restored = reopened.getEntry(answerId);
		expect(restored).toMatchObject({
			type: "message",
			message: {
				role: "assistant",
				content: [
					{ type: "thinking", thinking: "let me think" },
					{ type: "text", text: "The answer is forty" },
				],
				provider: "p",
				model: "m-streamed",
				stopReason: "aborted",
				errorMessage: INTERRUPTED_ANSWER_TEXT,
			},
		});
		expect(reopened.leafId).toBe(answerId);
		expect(reopened.buildContext().model).toEqual({ provider: "p", model: "m-streamed" });
		expect(reopened.repairs).toEqual([expect.stringMatching(/restored an answer cut off while streaming/)]);

		const size = readFileSync(store.file!, "utf8").length;
		const again = SessionStore.open(store.file!, { persist: true });
		expect(readFileSync(store.file!, "utf8").length).toBe(size);
		expect(again.buildContext().messages.map((m) => m.role)).toEqual(["user", "assistant"]);
	});

	it("is not restored when the answer's message was written (it supersedes the checkpoints)", () => {
		const store = newStore();
		store.append({ type: "message", message: user("explain") });
		const answerId = store.reserveId();
		checkpoint(store, answerId, [{ type: "text", text: "The ans" }]);
		store.append({ type: "message", message: assistant("The answer.") }, answerId);

		const reopened = SessionStore.open(store.file!, { persist: true });
		expect(reopened.repairs).toEqual([]);
		expect(reopened.buildContext().messages).toEqual([user("explain"), assistant("The answer.")]);
	});

	it("is not restored onto another branch", () => {
		const store = newStore();
		const root = store.append({ type: "message", message: user("one") });
		store.append({ type: "message", message: user("two") });
		checkpoint(store, store.reserveId(), [{ type: "text", text: "for two" }]);
		store.branch(root.id);
		store.append({ type: "message", message: user("three") });

		const reopened = SessionStore.open(store.file!, { persist: true });
		expect(reopened.repairs).toEqual([]);
		expect(reopened.buildContext().messages).toEqual([user("one"), user("three")]);
	});

	it("checkpoints are kept out of the entries, the leaf and append listeners", () => {
		const store = newStore();
		const seen: string[] = [];
		store.onAppend((entry) => seen.push(entry.type));
		const first = store.append({ type: "message", message: user("x") });
		checkpoint(store, store.reserveId(), [{ type: "text", text: "partial" }]);
		expect(store.leafId).toBe(first.id);
		expect(store.entries).toHaveLength(1);
		expect(seen).toEqual(["message"]);
		expect(lines(store.file!).map((line) => line.type)).toEqual(["session", "message", "partial"]);
		expect(SessionStore.open(store.file!, { persist: false }).entries.map((e) => e.type)).toEqual([
			"message",
			"message",
		]);
	});

	it("nothing is checkpointed before the file exists or in a session without a file", () => {
		const memory = SessionStore.create({ home: dir, cwd: dir, persist: false });
		expect(memory.writesToFile).toBe(false);
		const pending = newStore();
		expect(pending.writesToFile).toBe(false);
		checkpoint(pending, pending.reserveId(), [{ type: "text", text: "early" }]);
		pending.append({ type: "message", message: user("x") });
		expect(pending.writesToFile).toBe(true);
		expect(lines(pending.file!).map((line) => line.type)).toEqual(["session", "message"]);
	});

	it("append refuses an id that was not reserved", () => {
		const store = newStore();
		const first = store.append({ type: "message", message: user("x") });
		expect(() => store.append({ type: "message", message: user("y") }, "cafebabe")).toThrow(/not reserved/);
		expect(() => store.append({ type: "message", message: user("y") }, first.id)).toThrow(/not reserved/);
	});
});

describe("corrupted lines", () => {
	it("a corrupted middle line costs only itself: later entries re-attach to the entry before it", () => {
		const store = newStore();
		store.append({ type: "message", message: user("one") });
		store.append({ type: "message", message: assistant("first answer") });
		store.append({ type: "message", message: user("two") });
		store.append({ type: "message", message: assistant("second answer") });
		const text = readFileSync(store.file!, "utf8").split("\n");
		text[3] = `${text[3].slice(0, 40)}#garbage`;
		writeFileSync(store.file!, text.join("\n"));

		const reopened = SessionStore.open(store.file!, { persist: true });
		expect(reopened.warnings).toHaveLength(1);
		expect(reopened.warnings[0].message).toMatch(/:4: skipped an unreadable line/);
		expect(reopened.buildContext().messages).toEqual([
			user("one"),
			assistant("first answer"),
			assistant("second answer"),
		]);
		expect(readFileSync(store.file!, "utf8")).toBe(text.join("\n"));
		const next = reopened.append({ type: "message", message: user("three") });
		expect(next.parentId).toBe(store.leafId);
	});

	it("a tool result whose call was on a corrupted line keeps its output in the conversation", () => {
		const store = newStore();
		store.append({ type: "message", message: user("one") });
		store.append({ type: "message", message: assistant("running", bash("call_9")) });
		store.append({
			type: "message",
			message: { ...toolResult("call_9"), content: [{ type: "text", text: "out-77" }] },
		});
		const text = readFileSync(store.file!, "utf8").split("\n");
		text[2] = "{ torn";
		writeFileSync(store.file!, text.join("\n"));

		const context = SessionStore.open(store.file!, { persist: true }).buildContext();
		expect(context.messages.map((m) => m.role)).toEqual(["user", "custom"]);
		expect(JSON.stringify(context.messages[1])).toContain("out-77");
	});

	it("an entry whose parent is missing for no visible reason is attached to the entry before it, with a warning", () => {
		const store = newStore();
		const first = store.append({ type: "message", message: user("one") });
		appendFileSync(
			store.file!,
			`${JSON.stringify({ type: "message", id: "0000beef", parentId: "nowhere1", timestamp: "t", message: user("two") })}\n`,
		);
		const reopened = SessionStore.open(store.file!, { persist: true });
		expect(reopened.warnings.map((w) => w.message)).toEqual([
			expect.stringMatching(/:3: entry "0000beef" refers to a missing parent "nowhere1"; attached it to/),
		]);
		expect(reopened.getEntry("0000beef")?.parentId).toBe(first.id);
		expect(reopened.buildContext().messages).toEqual([user("one"), user("two")]);
	});

	it("an empty file is not a session, and says so", () => {
		const file = join(dir, "empty.jsonl");
		writeFileSync(file, "");
		expect(() => SessionStore.open(file, { persist: true })).toThrow(SessionFileError);
		try {
			SessionStore.open(file, { persist: true });
		} catch (error) {
			expect((error as SessionFileError).reason).toBe("the file is empty");
			expect((error as SessionFileError).message).toContain(file);
		}
	});
});
