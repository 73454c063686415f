/**
 * Makes a conversation rebuilt from a session file valid for every provider,
 * whatever the file holds. OpenAI and Anthropic reject a request in which a
 * tool call is not answered by a tool result before the next user or assistant
 * message, or in which a tool result answers no call. A kill during a tool
 * call, or a corrupted line, leaves exactly such a history; this is the one
 * place that turns it into something every provider accepts.
 */
import type {
	AssistantMessage,
	CustomMessage,
	Message,
	ToolCall,
	ToolResultMessage,
} from "../kernel/messages.js";

export const INTERRUPTED_TOOL_TEXT =
	"Tool call interrupted: weft stopped before it finished (crash or kill). It may have partly run; check before repeating it.";

/** The result recorded for a tool call that never got one. */
export function interruptedToolResult(call: ToolCall): ToolResultMessage {
	return {
		role: "toolResult",
		toolCallId: call.id,
		toolName: call.name,
		content: [{ type: "text", text: INTERRUPTED_TOOL_TEXT }],
		isError: true,
		details: { interrupted: true },
		timestamp: Date.now(),
	};
}

/** The tool calls of `messages` that no tool result in `messages` answers, in order. */
export function unansweredToolCalls(messages: readonly Message[]): ToolCall[] {
	const answered = new Set<string>();
	for (const message of messages) if (message.role === "toolResult") answered.add(message.toolCallId);
	return messages.flatMap(toolCallsOf).filter((call) => !answered.has(call.id));
}

/**
 * Returns `messages` arranged so that each assistant message's tool calls are
 * answered right after it: a result found later in the list moves up to its
 * call, a call with no result anywhere gets an interrupted result (in memory),
 * a second result for the same call is dropped, and a result whose call is
 * missing becomes a note carrying its output. A valid conversation comes back
 * as the same array.
 */
export function repairConversation(messages: readonly Message[]): readonly Message[] {
	if (isValid(messages)) return messages;
	const laterResults = new Map<string, ToolResultMessage>();
	for (const message of messages) {
		if (message.role === "toolResult" && !laterResults.has(message.toolCallId)) {
			laterResults.set(message.toolCallId, message);
		}
	}
	const used = new Set<ToolResultMessage>();
	const answered = new Set<string>();
	const out: Message[] = [];
	let open: ToolCall[] = [];
	const closeOpenCalls = () => {
		for (const call of open) {
			if (answered.has(call.id)) continue;
			answered.add(call.id);
			const later = laterResults.get(call.id);
			if (later && !used.has(later)) {
				used.add(later);
				out.push(later);
			} else {
				out.push(interruptedToolResult(call));
			}
		}
		open = [];
	};
	for (const message of messages) {
		if (message.role === "toolResult") {
			if (used.has(message)) continue;
			const call = open.find((candidate) => candidate.id === message.toolCallId);
			if (call && !answered.has(call.id)) {
				answered.add(call.id);
				used.add(message);
				out.push(message);
			} else if (!answered.has(message.toolCallId)) {
				// The note is user text, so the calls still open must be answered before it.
				closeOpenCalls();
				used.add(message);
				out.push(orphanNote(message));
			}
			continue;
		}
		closeOpenCalls();
		out.push(message);
		open = toolCallsOf(message);
	}
	closeOpenCalls();
	return out;
}

function toolCallsOf(message: Message): ToolCall[] {
	if (message.role !== "assistant") return [];
	return (message as AssistantMessage).content.filter(
		(block): block is ToolCall => block.type === "toolCall",
	);
}

/** One pass: every call answered before the next non-result message, every result answering an open call once. */
function isValid(messages: readonly Message[]): boolean {
	let open = new Set<string>();
	for (const message of messages) {
		if (message.role === "toolResult") {
			if (!open.delete(message.toolCallId)) return false;
			continue;
		}
		if (open.size > 0) return false;
		open = new Set(toolCallsOf(message).map((call) => call.id));
	}
	return open.size === 0;
}

/** A result whose call was lost (a corrupted line) cannot be sent as a result; its output is kept as a note. */
function orphanNote(result: ToolResultMessage): CustomMessage {
	return {
		role: "custom",
		customType: "orphaned_tool_result",
		content: [
			{
				type: "text",
				text: `Output of tool ${result.toolName} (call ${result.toolCallId}); the request for it was lost from the session file:`,
			},
			...result.content,
		],
		display: true,
		timestamp: result.timestamp,
	};
}
