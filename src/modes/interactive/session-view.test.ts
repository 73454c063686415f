import { describe, expect, it } from "vitest";
import type { SessionEntry } from "../../agent/session-entries.js";
import { type AssistantMessage, emptyCost, type Message, type Usage } from "../../kernel/messages.js";
import { lastContextSize, restoredContextSize } from "./session-view.js";

const usage = (input: number, output: number, cacheRead = 0): Usage => ({
	input,
	output,
	cacheRead,
	cacheWrite: 0,
	totalTokens: input + output + cacheRead,
	cost: emptyCost(),
});

const answer = (u: Usage, stopReason: AssistantMessage["stopReason"] = "end"): AssistantMessage => ({
	role: "assistant",
	content: [{ type: "text", text: "…" }],
	provider: "p",
	model: "m",
	usage: u,
	stopReason,
	timestamp: 0,
});

const question: Message = { role: "user", content: "?", timestamp: 0 };

describe("the context meter of a restored conversation", () => {
	it("counts the last request's input and the answer it produced", () => {
		const messages = [question, answer(usage(1_000, 50)), question, answer(usage(900, 200, 1_200))];
		expect(lastContextSize(messages)).toBe(900 + 1_200 + 200);
	});

	it("skips an interrupted answer the provider never counted instead of reading 0", () => {
		const messages = [question, answer(usage(1_000, 50)), question, answer(usage(0, 0), "aborted")];
		expect(lastContextSize(messages)).toBe(1_050);
	});

	it("is 0 for a conversation without answers", () => {
		expect(lastContextSize([question])).toBe(0);
	});
});

describe("the context meter of a restored branch", () => {
	let id = 0;
	const entry = (message: Message): SessionEntry => ({
		type: "message",
		message,
		id: `e${++id}`,
		parentId: null,
		timestamp: "",
	});
	const compaction = (tokensBefore: number, tokensAfter: number): SessionEntry => ({
		type: "compaction",
		summary: "…",
		firstKeptEntryId: "e1",
		tokensBefore,
		tokensAfter,
		reason: "manual",
		id: `e${++id}`,
		parentId: null,
		timestamp: "",
	});

	it("takes off what a compaction after the last answer removed, as the live meter does", () => {
		const path = [entry(question), entry(answer(usage(150_000, 1_000))), compaction(140_000, 20_000)];
		expect(restoredContextSize(path)).toBe(151_000 - 120_000);
	});

	it("an answer after the compaction is counted as reported", () => {
		const path = [
			entry(answer(usage(150_000, 1_000))),
			compaction(140_000, 20_000),
			entry(answer(usage(25_000, 500))),
		];
		expect(restoredContextSize(path)).toBe(25_500);
	});

	it("is the last counted answer's size without a compaction, and 0 without answers", () => {
		const path = [entry(question), entry(answer(usage(1_000, 50))), entry(answer(usage(0, 0), "aborted"))];
		expect(restoredContextSize(path)).toBe(1_050);
		expect(restoredContextSize([entry(question), compaction(500, 100)])).toBe(0);
	});
});
