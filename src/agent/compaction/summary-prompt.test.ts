import { describe, expect, it } from "vitest";
import { emptyUsage, type Message } from "../../kernel/messages.js";
import { conversationText, summaryPrompt, TOOL_RESULT_CHARS } from "./summary-prompt.js";

const user = (text: string): Message => ({ role: "user", content: text, timestamp: 1 });
const call: Message = {
	role: "assistant",
	content: [
		{ type: "text", text: "reading it" },
		{ type: "toolCall", id: "c1", name: "read", args: { path: "src/a.ts" } },
	],
	provider: "p",
	model: "m",
	usage: emptyUsage(),
	stopReason: "tool_use",
	timestamp: 2,
};
const result = (text: string): Message => ({
	role: "toolResult",
	toolCallId: "c1",
	toolName: "read",
	content: [{ type: "text", text }],
	isError: false,
	timestamp: 3,
});

describe("summaryPrompt", () => {
	it("writes the conversation as text with tool calls and results, and appends the instructions", () => {
		const prompt = summaryPrompt({
			messages: [user("fix the bug"), call, result("export const a = 1;")],
			instructions: "keep the file names",
			budgetTokens: 10_000,
		});
		expect(prompt).toContain("[User]\nfix the bug");
		expect(prompt).toContain('[Assistant called read] {"path":"src/a.ts"}');
		expect(prompt).toContain("[Result of read]\nexport const a = 1;");
		expect(prompt).toContain("## Files");
		expect(prompt.trimEnd().endsWith("keep the file names")).toBe(true);
		expect(prompt).not.toContain("previous-summary");
	});

	it("asks for one summary covering a previous one", () => {
		const prompt = summaryPrompt({ messages: [user("more")], previousSummary: "OLD", budgetTokens: 10_000 });
		expect(prompt).toContain("<previous-summary>\nOLD\n</previous-summary>");
		expect(prompt).toContain("covering both");
	});

	it("cuts long tool results and leaves out the oldest messages beyond the budget", () => {
		const long = result("x ".repeat(TOOL_RESULT_CHARS));
		expect(conversationText([long], 100_000)).toContain(`[… ${TOOL_RESULT_CHARS} more characters cut]`);
		const many = Array.from({ length: 50 }, (_, i) => user(`message ${i} ${"word ".repeat(20)}`));
		const text = conversationText(many, 200);
		expect(text).toContain("message 49");
		expect(text).not.toContain("message 0 ");
		expect(text).toMatch(/^\[\d+ earlier messages left out/);
	});
});
