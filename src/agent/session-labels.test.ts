import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { checkLabel, labelsOf, MAX_LABEL_LENGTH, setEntryLabel } from "./session-labels.js";
import { SessionStore } from "./session-store.js";

const dirs: string[] = [];
afterEach(() => {
	for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function storeWithTurn(): SessionStore {
	const dir = mkdtempSync(join(tmpdir(), "weft-labels-"));
	dirs.push(dir);
	const store = SessionStore.create({ home: dir, cwd: dir, persist: true });
	store.append({ type: "message", message: { role: "user", content: "hi", timestamp: 1 } });
	store.append({
		type: "message",
		message: {
			role: "assistant",
			content: [{ type: "text", text: "hello" }],
			provider: "p",
			model: "m",
			usage: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, cost: 0 } as never,
			stopReason: "end",
			timestamp: 2,
		},
	});
	return store;
}

describe("labels", () => {
	it("are written as pi's label entries, the latest per entry winning, an absent label clearing", () => {
		const store = storeWithTurn();
		const [user, answer] = store.entries;
		setEntryLabel(store, answer.id, "  checkpoint   one ");
		setEntryLabel(store, user.id, "start");
		setEntryLabel(store, answer.id, undefined);
		setEntryLabel(store, answer.id, "checkpoint two");
		expect(Object.fromEntries(labelsOf(store.entries))).toEqual({
			[answer.id]: "checkpoint two",
			[user.id]: "start",
		});
		const lines = readFileSync(store.file!, "utf8")
			.trim()
			.split("\n")
			.map((l) => JSON.parse(l));
		expect(lines[3]).toMatchObject({ type: "label", targetId: answer.id, label: "checkpoint one" });
		expect(lines[5]).toEqual(expect.not.objectContaining({ label: expect.anything() }));
		expect(lines[5]).toMatchObject({ type: "label", targetId: answer.id, parentId: lines[4].id });

		// Read back, the labels are there and the conversation is only the messages.
		const reopened = SessionStore.open(store.file!, { persist: false });
		expect(labelsOf(reopened.entries).get(answer.id)).toBe("checkpoint two");
		expect(reopened.buildContext().messages.map((m) => m.role)).toEqual(["user", "assistant"]);
		expect(reopened.warnings).toEqual([]);
	});

	it("refuses an entry the session lacks and a label too long, saying why", () => {
		const store = storeWithTurn();
		expect(() => setEntryLabel(store, "nope", "x")).toThrow(/no such entry/);
		expect(() => setEntryLabel(store, store.entries[0].id, "x".repeat(MAX_LABEL_LENGTH + 1))).toThrow(
			/keep it to 60/,
		);
		expect(checkLabel("")).toEqual({ label: undefined });
	});

	it("a torn label line (weft killed while writing it) is skipped with a warning, the rest loads", () => {
		const store = storeWithTurn();
		const [, answer] = store.entries;
		setEntryLabel(store, answer.id, "kept");
		const torn = `{"type":"label","id":"deadbeef","parentId":"${store.leafId}","timestamp":"2026-01-01T00:00:00.000Z","targetId":"${answer.id}","lab`;
		writeFileSync(store.file!, readFileSync(store.file!, "utf8") + torn);
		const reopened = SessionStore.open(store.file!, { persist: true });
		expect(reopened.warnings.map((w) => w.message).join("\n")).toContain("incomplete last line");
		expect(labelsOf(reopened.entries).get(answer.id)).toBe("kept");
		expect(reopened.buildContext().messages).toHaveLength(2);
		// The next append starts on a fresh line.
		setEntryLabel(reopened, answer.id, "after the tear");
		expect(labelsOf(SessionStore.open(store.file!, { persist: false }).entries).get(answer.id)).toBe(
			"after the tear",
		);
	});

	it("a malformed label entry is skipped like any unreadable line", () => {
		const store = storeWithTurn();
		writeFileSync(
			store.file!,
			`${readFileSync(store.file!, "utf8")}{"type":"label","id":"0badf00d","parentId":null,"timestamp":"2026-01-01T00:00:00.000Z","targetId":7}\n`,
		);
		const reopened = SessionStore.open(store.file!, { persist: false });
		expect(reopened.warnings[0].message).toContain('a "label" entry is malformed');
		expect(labelsOf(reopened.entries).size).toBe(0);
	});
});
