import { describe, expect, it } from "vitest";
import { estimateMessageTokens } from "../../ai/token-estimate.js";
import { type AssistantMessage, emptyUsage, type Message } from "../../kernel/messages.js";
import { overThreshold, reportedTokens } from "./auto-compaction.js";
import { compactionSummaryMessage } from "./summary-message.js";

const user = (text: string, timestamp = 1): Message => ({ role: "user", content: text, timestamp });
const answer = (
	input: number,
	timestamp: number,
	stopReason: AssistantMessage["stopReason"] = "end",
): Message => ({
	role: "assistant",
	content: [{ type: "text", text: "ok" }],
	provider: "p",
	model: "m",
	usage: { ...emptyUsage(), input, output: 10 },
	stopReason,
	timestamp,
});
const request = (messages: Message[]) => ({ systemPrompt: "s", messages, tools: [] });

describe("reportedTokens", () => {
	it("is the last answer's reported input and output plus the estimate of what followed", () => {
		const next = user("next question");
		expect(reportedTokens([user("q"), answer(5_000, 2), next])).toBe(5_010 + estimateMessageTokens(next));
	});

	it("ignores answers from before the latest compaction, and failed or aborted ones", () => {
		const summary = compactionSummaryMessage("s", 100);
		expect(reportedTokens([summary, user("q"), answer(9_000, 50), user("again", 200)])).toBe(0);
		expect(reportedTokens([user("q"), answer(9_000, 2, "error")])).toBe(0);
		expect(reportedTokens([summary, answer(9_000, 150)])).toBe(9_010);
	});
});

describe("overThreshold", () => {
	it("fires on the provider's count even when the estimate is small", () => {
		const conversation = [user("q"), answer(5_000, 2), user("next")];
		expect(overThreshold(request(conversation), conversation, 4_000)).toBe(true);
		expect(overThreshold(request(conversation), conversation, 6_000)).toBe(false);
	});

	it("fires on the estimate when nothing was reported", () => {
		const conversation = [user(Array.from({ length: 3_000 }, (_, i) => `w${i}`).join(" "))];
		expect(overThreshold(request(conversation), conversation, 2_000)).toBe(true);
		expect(overThreshold(request(conversation), conversation, 4_000)).toBe(false);
	});
});
