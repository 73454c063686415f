import { describe, expect, it } from "vitest";
import { estimateMessageTokens } from "../../ai/token-estimate.js";
import { type AssistantMessage, emptyUsage, type Message } from "../../kernel/messages.js";
import type { SessionEntry } from "../session-entries.js";
import { planCut } from "./cut-point.js";

let counter = 0;
const entry = (message: Message): SessionEntry => ({
	type: "message",
	id: `e${++counter}`,
	parentId: null,
	timestamp: "2026-01-01T00:00:00.000Z",
	message,
});
const user = (text: string): Message => ({ role: "user", content: text, timestamp: 1 });
const answer = (text: string, calls: string[] = []): AssistantMessage => ({
	role: "assistant",
	content: [
		{ type: "text", text },
		...calls.map((id) => ({ type: "toolCall" as const, id, name: "read", args: { path: "a.ts" } })),
	],
	provider: "p",
	model: "m",
	usage: emptyUsage(),
	stopReason: calls.length > 0 ? "tool_use" : "end",
	timestamp: 2,
});
const result = (id: string, text: string): Message => ({
	role: "toolResult",
	toolCallId: id,
	toolName: "read",
	content: [{ type: "text", text }],
	isError: false,
	timestamp: 3,
});
const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(" ");

/** A path of turns: each a prompt, an answer calling one tool, its result, a final answer. */
function turns(count: number, size: number): SessionEntry[] {
	const path: SessionEntry[] = [];
	for (let t = 0; t < count; t++) {
		path.push(entry(user(`prompt ${t} ${words(size)}`)));
		path.push(entry(answer(`looking ${t}`, [`c${t}`])));
		path.push(entry(result(`c${t}`, words(size))));
		path.push(entry(answer(`done ${t} ${words(size)}`)));
	}
	return path;
}

const messagesOf = (path: SessionEntry[]) =>
	path.map((e) => (e as Extract<SessionEntry, { type: "message" }>).message);
const tokens = (messages: Message[]) => messages.reduce((n, m) => n + estimateMessageTokens(m), 0);

describe("planCut", () => {
	it("keeps the longest tail of whole turns that fits the budget, starting at a user message", () => {
		const path = turns(6, 50);
		const turnTokens = tokens(messagesOf(path.slice(0, 4)));
		const plan = planCut(path, turnTokens * 2 + 5);
		expect(plan.kind).toBe("cut");
		if (plan.kind !== "cut") return;
		expect(plan.firstKeptEntryId).toBe(path[16].id);
		expect(plan.kept).toEqual(messagesOf(path.slice(16)));
		expect(plan.summarise).toEqual(messagesOf(path.slice(0, 16)));
		expect(tokens(plan.kept)).toBeLessThanOrEqual(turnTokens * 2 + 5);
		expect(plan.entries).toBe(16);
	});

	it("keeps at least the last turn when the budget allows nothing else", () => {
		const path = turns(3, 50);
		const plan = planCut(path, 1);
		// The last turn has two steps: the cut may fall at its last step, never between a call and its result.
		expect(plan.kind).toBe("cut");
		if (plan.kind !== "cut") return;
		const kept = path.findIndex((e) => e.id === plan.firstKeptEntryId);
		expect(kept).toBeGreaterThanOrEqual(8);
		expect(plan.kept[0].role).not.toBe("toolResult");
	});

	it("never separates a tool call from its result, whatever the budget", () => {
		const path = turns(5, 30);
		for (let budget = 1; budget < 2_000; budget += 17) {
			const plan = planCut(path, budget);
			if (plan.kind !== "cut") continue;
			const keptIds = new Set(plan.kept.flatMap((m) => (m.role === "toolResult" ? [m.toolCallId] : [])));
			for (const m of plan.summarise) {
				if (m.role !== "assistant") continue;
				for (const block of m.content)
					if (block.type === "toolCall") expect(keptIds.has(block.id)).toBe(false);
			}
			expect(plan.kept[0].role === "user" || plan.kept[0].role === "assistant").toBe(true);
		}
	});

	it("splits one long turn at a model step when the turn alone is over the budget", () => {
		const path: SessionEntry[] = [entry(user("do a long task"))];
		for (let s = 0; s < 6; s++) {
			path.push(entry(answer(`step ${s}`, [`s${s}`])));
			path.push(entry(result(`s${s}`, words(80))));
		}
		const plan = planCut(path, tokens(messagesOf(path.slice(-4))) + 1);
		expect(plan.kind).toBe("cut");
		if (plan.kind !== "cut") return;
		expect(plan.firstKeptEntryId).toBe(path[path.length - 4].id);
		expect(plan.kept[0].role).toBe("assistant");
	});

	it("has nothing to compact in an empty conversation or a single exchange", () => {
		expect(planCut([], 100)).toMatchObject({ kind: "nothing" });
		const plan = planCut([entry(user("hi")), entry(answer("hello"))], 1);
		expect(plan).toMatchObject({ kind: "nothing", message: expect.stringContaining("single exchange") });
	});

	it("builds on a previous compaction: only what follows its first kept entry, with its summary", () => {
		const path = turns(4, 40);
		const compaction: SessionEntry = {
			type: "compaction",
			id: "cmp",
			parentId: null,
			timestamp: "2026-01-01T00:00:00.000Z",
			summary: "earlier work",
			firstKeptEntryId: path[8].id,
			tokensBefore: 100,
			tokensAfter: 50,
			reason: "manual",
		};
		const withCompaction = [...path.slice(0, 12), compaction, ...path.slice(12)];
		const plan = planCut(withCompaction, tokens(messagesOf(path.slice(12))) + 1);
		expect(plan.kind).toBe("cut");
		if (plan.kind !== "cut") return;
		expect(plan.previousSummary).toBe("earlier work");
		expect(plan.summarise).toEqual(messagesOf(path.slice(8, 12)));
		expect(plan.firstKeptEntryId).toBe(path[12].id);
	});
});
