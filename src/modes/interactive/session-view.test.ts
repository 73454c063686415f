import { describe, expect, it } from "vitest";
import type { AssistantMessage, Message, Usage } from "../../kernel/messages.js";
import { lastContextSize } from "./session-view.js";

const usage = (input: number, output: number, cacheRead = 0): Usage => ({
	input,
	output,
	cacheRead,
	cacheWrite: 0,
	cost: 0,
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
