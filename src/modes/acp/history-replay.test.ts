import { describe, expect, it } from "vitest";
import { emptyUsage, type Message } from "../../kernel/messages.js";
import { historyUpdates } from "./history-replay.js";

const usage = emptyUsage();

describe("ACP history replay", () => {
	it("replays user text and images, thinking, answers and tool calls with their results", () => {
		const messages: Message[] = [
			{
				role: "user",
				content: [
					{ type: "text", text: "fix it" },
					{ type: "image", data: "AA==", mimeType: "image/png" },
				],
				timestamp: 0,
			},
			{
				role: "assistant",
				content: [
					{ type: "thinking", thinking: "look first" },
					{ type: "toolCall", id: "c1", name: "edit", args: { path: "a.ts", oldText: "x", newText: "y" } },
				],
				provider: "m",
				model: "m",
				usage,
				stopReason: "tool_use",
				timestamp: 0,
			},
			{
				role: "toolResult",
				toolCallId: "c1",
				toolName: "edit",
				content: [{ type: "text", text: "Edited a.ts" }],
				isError: false,
				timestamp: 0,
			},
			{ role: "custom", customType: "note", content: "for the model", display: false, timestamp: 0 },
			{
				role: "assistant",
				content: [{ type: "text", text: "Fixed." }],
				provider: "m",
				model: "m",
				usage,
				stopReason: "end",
				timestamp: 0,
			},
		];
		const diff = { type: "diff", path: "/p/a.ts", oldText: "x", newText: "y" };
		expect(historyUpdates(messages, "/p")).toEqual([
			{ sessionUpdate: "user_message_chunk", content: { type: "text", text: "fix it" } },
			{
				sessionUpdate: "user_message_chunk",
				content: { type: "image", data: "AA==", mimeType: "image/png" },
			},
			{ sessionUpdate: "agent_thought_chunk", content: { type: "text", text: "look first" } },
			{
				sessionUpdate: "tool_call",
				toolCallId: "c1",
				title: "Edit a.ts",
				kind: "edit",
				status: "pending",
				content: [diff],
				locations: [{ path: "/p/a.ts" }],
				rawInput: { path: "a.ts", oldText: "x", newText: "y" },
			},
			{ sessionUpdate: "tool_call_update", toolCallId: "c1", status: "completed", content: [diff] },
			{ sessionUpdate: "agent_message_chunk", content: { type: "text", text: "Fixed." } },
		]);
	});
});
