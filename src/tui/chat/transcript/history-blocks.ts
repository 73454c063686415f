/**
 * A resumed session's messages as transcript blocks, all finished: what the
 * user would have seen had they watched the run (user messages, thinking,
 * answers, tool calls with their results, displayed extension messages).
 */
import type { AssistantMessage, Message, ToolResultMessage } from "../../../kernel/messages.js";
import { textOf } from "../../../kernel/messages.js";
import type { ToolBlockData, ToolStatus, TranscriptBlockData, TranscriptBlockKind } from "./blocks.js";

export interface BlockSpec<K extends TranscriptBlockKind = TranscriptBlockKind> {
	kind: K;
	data: TranscriptBlockData[K];
}

export function blocksFromHistory(messages: readonly Message[]): BlockSpec[] {
	const out: BlockSpec[] = [];
	// Results follow their calls; a map finds the call's block without scanning.
	const calls = new Map<string, ToolBlockData>();
	for (const message of messages) {
		switch (message.role) {
			case "user": {
				const images =
					typeof message.content === "string" ? 0 : message.content.filter((c) => c.type === "image").length;
				out.push({
					kind: "user",
					data: images > 0 ? { text: textOf(message.content), images } : { text: textOf(message.content) },
				});
				break;
			}
			case "assistant":
				pushAssistant(message, out, calls);
				break;
			case "toolResult":
				pushResult(message, out, calls);
				break;
			case "custom":
				if (message.display !== false) out.push({ kind: "custom", data: { message } });
				break;
		}
	}
	// A call whose result never made it into the session (weft stopped mid-tool) did not finish.
	for (const call of calls.values()) if (!call.result) call.status = "error";
	return out;
}

function pushAssistant(message: AssistantMessage, out: BlockSpec[], calls: Map<string, ToolBlockData>): void {
	for (const part of message.content) {
		if (part.type === "thinking") {
			if (part.thinking.trim() !== "")
				out.push({ kind: "thinking", data: { text: part.thinking, streaming: false } });
		} else if (part.type === "text") {
			if (part.text !== "") out.push({ kind: "assistant", data: { text: part.text, streaming: false } });
		} else {
			const data: ToolBlockData = { id: part.id, name: part.name, args: part.args, status: "pending" };
			calls.set(part.id, data);
			out.push({ kind: "tool", data });
		}
	}
	if (message.stopReason === "aborted")
		out.push({ kind: "notice", data: { level: "warning", text: "Aborted." } });
	else if (message.stopReason === "error") {
		out.push({
			kind: "notice",
			data: { level: "error", text: message.errorMessage ?? "The model request failed." },
		});
	}
}

function pushResult(message: ToolResultMessage, out: BlockSpec[], calls: Map<string, ToolBlockData>): void {
	const result = { content: message.content, isError: message.isError, details: message.details };
	const status = resultStatus(message.isError, message.details);
	const call = calls.get(message.toolCallId);
	if (call) {
		call.result = result;
		call.status = status;
		return;
	}
	// A result without its call (a user shell command run outside a turn): the block stands alone.
	out.push({
		kind: "tool",
		data: { id: message.toolCallId, name: message.toolName, args: {}, result, status },
	});
}

/** The status a final result gives a tool block; the tool runner marks refused calls in `details`. */
export function resultStatus(isError: boolean, details: unknown, previous?: ToolStatus): ToolStatus {
	const blocked =
		previous === "blocked" ||
		(typeof details === "object" && details !== null && (details as { blocked?: unknown }).blocked === true);
	if (blocked) return "blocked";
	return isError ? "error" : "done";
}
