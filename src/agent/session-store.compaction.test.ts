/** buildContext on a branch holding compaction and branch_summary entries. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type AssistantMessage, emptyUsage, type Message, type UserMessage } from "../kernel/messages.js";
import { BRANCH_SUMMARY_TYPE, COMPACTION_SUMMARY_TYPE } from "./compaction/summary-message.js";
import { SessionStore } from "./session-store.js";

let home: string;
beforeEach(() => {
	home = mkdtempSync(join(tmpdir(), "weft-compaction-store-"));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

const user = (text: string): UserMessage => ({ role: "user", content: text, timestamp: 1 });
const assistant = (text: string): AssistantMessage => ({
	role: "assistant",
	content: [{ type: "text", text }],
	provider: "p",
	model: "m1",
	usage: emptyUsage(),
	stopReason: "end",
	timestamp: 2,
});
const text = (m: Message) => (typeof m.content === "string" ? m.content : JSON.stringify(m.content));

function conversation(store: SessionStore, count: number): string[] {
	const ids: string[] = [];
	for (let i = 0; i < count; i++) {
		ids.push(store.append({ type: "message", message: user(`q${i}`) }).id);
		store.append({ type: "message", message: assistant(`a${i}`) });
	}
	return ids;
}

describe("buildContext with compaction", () => {
	it("is the summary, then the messages from the first kept entry on, then what followed", () => {
		const store = SessionStore.create({ home, cwd: home, persist: true });
		const prompts = conversation(store, 3);
		store.append({
			type: "compaction",
			summary: "we did q0 and q1",
			firstKeptEntryId: prompts[2],
			tokensBefore: 100,
			tokensAfter: 40,
			reason: "manual",
		});
		store.append({ type: "message", message: user("q3") });

		const messages = store.buildContext().messages;
		expect(messages[0]).toMatchObject({ role: "custom", customType: COMPACTION_SUMMARY_TYPE });
		expect(text(messages[0])).toContain("<summary>\nwe did q0 and q1\n</summary>");
		expect(messages.slice(1).map(text)).toEqual(["q2", JSON.stringify([{ type: "text", text: "a2" }]), "q3"]);

		// Resuming rebuilds exactly the same context.
		const reopened = SessionStore.open(store.file!, { persist: true });
		expect(reopened.buildContext().messages).toEqual(messages);
	});

	it("uses the latest compaction on the branch, and keeps the model found before the cut", () => {
		const store = SessionStore.create({ home, cwd: home, persist: true });
		store.append({ type: "model_change", provider: "p", model: "m0" });
		const prompts = conversation(store, 4);
		const compaction = (summary: string, firstKeptEntryId: string) =>
			store.append({
				type: "compaction",
				summary,
				firstKeptEntryId,
				tokensBefore: 1,
				tokensAfter: 1,
				reason: "threshold",
			});
		compaction("first", prompts[1]);
		compaction("second", prompts[3]);
		const context = store.buildContext();
		expect(text(context.messages[0])).toContain("second");
		expect(context.messages).toHaveLength(3);
		expect(context.model).toEqual({ provider: "p", model: "m1" });
	});

	it("a compaction on another branch does not apply", () => {
		const store = SessionStore.create({ home, cwd: home, persist: true });
		const prompts = conversation(store, 2);
		const fork = store.leafId;
		store.append({
			type: "compaction",
			summary: "s",
			firstKeptEntryId: prompts[1],
			tokensBefore: 1,
			tokensAfter: 1,
			reason: "manual",
		});
		store.branch(fork);
		expect(store.buildContext().messages.map((m) => m.role)).toEqual([
			"user",
			"assistant",
			"user",
			"assistant",
		]);
	});

	it("a branch summary becomes a message where it hangs", () => {
		const store = SessionStore.create({ home, cwd: home, persist: true });
		conversation(store, 1);
		store.append({ type: "branch_summary", fromId: "gone", summary: "tried X, failed" });
		store.append({ type: "message", message: user("next") });
		const messages = store.buildContext().messages;
		expect(messages[2]).toMatchObject({ role: "custom", customType: BRANCH_SUMMARY_TYPE });
		expect(text(messages[2])).toContain("tried X, failed");
		expect(text(messages[3])).toBe("next");
	});
});
