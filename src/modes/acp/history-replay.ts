/**
 * session/load: the protocol has the agent replay the whole conversation as
 * `session/update`s before it answers, so the editor can draw it. The
 * messages are the ones the model would see next (the current branch, a
 * compaction's summary in place of what it replaced); tool calls look as
 * they did live (tool-calls.ts).
 */
import type { ContentBlock, SessionUpdate, ToolCallContent } from "@agentclientprotocol/sdk";
import type { Message, UserContent } from "../../kernel/messages.js";
import { announceToolCall, finishedContent } from "./tool-calls.js";

function blocks(content: string | readonly UserContent[]): ContentBlock[] {
	if (typeof content === "string") return content ? [{ type: "text", text: content }] : [];
	return content.map((block) =>
		block.type === "text"
			? { type: "text", text: block.text }
			: { type: "image", data: block.data, mimeType: block.mimeType },
	);
}

export function historyUpdates(messages: readonly Message[], cwd: string): SessionUpdate[] {
	const updates: SessionUpdate[] = [];
	const announced = new Map<string, ToolCallContent[]>();
	for (const message of messages) {
		switch (message.role) {
			case "user":
				for (const content of blocks(message.content))
					updates.push({ sessionUpdate: "user_message_chunk", content });
				break;
			case "custom":
				// Only what extensions asked to show; the rest was meant for the model.
				if (message.display)
					for (const content of blocks(message.content))
						updates.push({ sessionUpdate: "agent_message_chunk", content });
				break;
			case "assistant":
				for (const part of message.content) {
					if (part.type === "text" && part.text)
						updates.push({
							sessionUpdate: "agent_message_chunk",
							content: { type: "text", text: part.text },
						});
					else if (part.type === "thinking" && part.thinking)
						updates.push({
							sessionUpdate: "agent_thought_chunk",
							content: { type: "text", text: part.thinking },
						});
					else if (part.type === "toolCall") {
						const call = announceToolCall(part.id, part.name, part.args, cwd);
						announced.set(part.id, call.content ?? []);
						updates.push({ sessionUpdate: "tool_call", ...call });
					}
				}
				break;
			case "toolResult":
				updates.push({
					sessionUpdate: "tool_call_update",
					toolCallId: message.toolCallId,
					status: message.isError ? "failed" : "completed",
					content: finishedContent(
						message.toolName,
						announced.get(message.toolCallId) ?? [],
						message.content,
						message.isError,
					),
				});
				break;
		}
	}
	return updates;
}
