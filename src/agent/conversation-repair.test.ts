import { describe, expect, it } from "vitest";
import { toPrompt } from "../ai/adapters/prompt.js";
import {
	type AssistantMessage,
	emptyUsage,
	type Message,
	type ToolCall,
	type ToolResultMessage,
	type UserMessage,
} from "../kernel/messages.js";
import { INTERRUPTED_TOOL_TEXT, repairConversation, unansweredToolCalls } from "./conversation-repair.js";

const user = (text: string): UserMessage => ({ role: "user", content: text, timestamp: 1 });
const call = (id: string, name = "bash"): ToolCall => ({ type: "toolCall", id, name, args: { command: id } });
const asking = (...calls: ToolCall[]): AssistantMessage => ({
	role: "assistant",
	content: [{ type: "text", text: "running tools" }, ...calls],
	provider: "p",
	model: "m",
	usage: emptyUsage(),
	stopReason: "tool_use",
	timestamp: 2,
});
const answer = (text: string): AssistantMessage => ({
	...asking(),
	content: [{ type: "text", text }],
	stopReason: "end",
});
const result = (id: string, text = `output of ${id}`): ToolResultMessage => ({
	role: "toolResult",
	toolCallId: id,
	toolName: "bash",
	content: [{ type: "text", text }],
	isError: false,
	timestamp: 3,
});

/** Every tool call in the OpenAI and Anthropic prompts is answered by the very next tool message, and no result is stray. */
function expectValidForProviders(messages: readonly Message[]): void {
	for (const api of ["openai-completions", "anthropic-messages"] as const) {
		const prompt = toPrompt("system", [...messages], { api, provider: "p" });
		for (const [index, entry] of prompt.entries()) {
			const previous = prompt[index - 1];
			const asked =
				previous?.role === "assistant"
					? previous.content.flatMap((part) => (part.type === "tool-call" ? [part.toolCallId] : []))
					: [];
			if (entry.role === "tool") {
				expect(entry.content.map((part) => (part as { toolCallId: string }).toolCallId).sort()).toEqual(
					asked.sort(),
				);
			} else {
				expect(asked).toEqual([]);
			}
		}
		const last = prompt.at(-1);
		if (last?.role === "assistant")
			expect(last.content.some((part) => part.type === "tool-call")).toBe(false);
	}
}

describe("repairConversation", () => {
	it("returns a valid conversation as the same array", () => {
		const messages = [user("hi"), asking(call("a"), call("b")), result("b"), result("a"), answer("done")];
		expect(repairConversation(messages)).toBe(messages);
	});

	it("answers a tool call left without a result at the end as interrupted", () => {
		const repaired = repairConversation([user("hi"), asking(call("a"))]);
		expect(repaired).toHaveLength(3);
		expect(repaired[2]).toMatchObject({
			role: "toolResult",
			toolCallId: "a",
			toolName: "bash",
			isError: true,
			details: { interrupted: true },
			content: [{ type: "text", text: INTERRUPTED_TOOL_TEXT }],
		});
		expectValidForProviders(repaired);
	});

	it("answers a dangling tool call in the middle right after its assistant message", () => {
		const messages = [user("one"), asking(call("a"), call("b")), result("a"), user("two"), answer("ok")];
		const repaired = repairConversation(messages);
		expect(repaired.map((m) => (m.role === "toolResult" ? `result:${m.toolCallId}` : m.role))).toEqual([
			"user",
			"assistant",
			"result:a",
			"result:b",
			"user",
			"assistant",
		]);
		expect((repaired[3] as ToolResultMessage).details).toEqual({ interrupted: true });
		expectValidForProviders(repaired);
	});

	it("moves a result appended later (a repair at the end of the file) up to its call", () => {
		const late = result("a", "recorded after a restart");
		const repaired = repairConversation([user("one"), asking(call("a")), user("two"), late]);
		expect(repaired).toEqual([user("one"), asking(call("a")), late, user("two")]);
		expectValidForProviders(repaired);
	});

	it("keeps the output of a result whose call was lost as a note sent as user text", () => {
		const repaired = repairConversation([user("one"), result("lost", "payload-42"), answer("ok")]);
		expect(repaired[1]).toMatchObject({ role: "custom", customType: "orphaned_tool_result", display: true });
		const prompt = toPrompt("", [...repaired], { api: "anthropic-messages", provider: "p" });
		expect(prompt.map((m) => m.role)).toEqual(["user", "user", "assistant"]);
		expect(JSON.stringify(prompt[1])).toContain("payload-42");
		expectValidForProviders(repaired);
	});

	it("drops a second result for a call that was already answered", () => {
		const repaired = repairConversation([
			user("one"),
			asking(call("a")),
			result("a", "first"),
			result("a", "again"),
		]);
		expect(repaired).toEqual([user("one"), asking(call("a")), result("a", "first")]);
	});

	it("makes any mix of lost, duplicated and misplaced results valid for OpenAI and Anthropic", () => {
		const pieces: Message[] = [
			user("u1"),
			asking(call("a"), call("b")),
			result("b"),
			answer("x"),
			result("a"),
			asking(call("c")),
			user("u2"),
			result("zzz"),
			asking(call("d")),
			result("d"),
			result("d"),
			asking(call("e")),
		];
		// Every subsequence of up to two removed lines, as corrupted lines would leave it.
		for (let i = 0; i < pieces.length; i++) {
			for (let j = i; j < pieces.length; j++) {
				const damaged = pieces.filter((_, k) => k !== i && k !== j);
				expectValidForProviders(repairConversation(damaged));
			}
		}
	});
});

describe("unansweredToolCalls", () => {
	it("lists the calls no result answers, in order", () => {
		const messages = [user("u"), asking(call("a"), call("b")), result("a"), asking(call("c"))];
		expect(unansweredToolCalls(messages).map((c) => c.id)).toEqual(["b", "c"]);
	});
});
