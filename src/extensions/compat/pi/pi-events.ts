/**
 * pi's events on weft's bus: for each pi event name, the weft event it
 * rides on, how weft's payload becomes pi's event object, and how pi's
 * result becomes weft's. pi's names and field names are kept on the pi side
 * (`toolName`/`input` for weft's `name`/`args`, `{ block, reason }`,
 * `{ action: "transform" }`, `{ message }` to inject…). Events with no weft
 * meaning are in UNSUPPORTED with the reason the adapter reports.
 */
import type { EventName, EventPayload, EventResult } from "../../../kernel/events.js";
import type { CustomMessage, Message, ToolResultContent } from "../../../kernel/messages.js";
import { piExec } from "./pi-operations.js";

type PiEvent = Record<string, unknown> & { type: string };

export interface PiEventMapping<K extends EventName = EventName> {
	weft: K;
	toPi(payload: EventPayload<K>, session: { firstStart: boolean }): PiEvent;
	/** Undefined: pi's result is not used (the event only informs). */
	fromPi?(result: unknown, event: PiEvent, payload: EventPayload<K>): EventResult<K> | undefined;
}

const isObject = (value: unknown): value is Record<string, any> =>
	value !== null && typeof value === "object";

function map<K extends EventName>(mapping: PiEventMapping<K>): PiEventMapping {
	return mapping as unknown as PiEventMapping;
}

const INPUT_SOURCES = {
	interactive: "interactive",
	cli: "interactive",
	queue: "interactive",
	rpc: "rpc",
	extension: "extension",
} as const;

/** pi's `{ customType, content, display, details }` as the custom message weft injects. */
function toCustomMessage(message: Record<string, any>): CustomMessage {
	return {
		role: "custom",
		customType: typeof message.customType === "string" ? message.customType : "pi-extension",
		content: message.content ?? "",
		display: message.display ?? true,
		details: message.details,
		timestamp: Date.now(),
	};
}

/** pi's tool result content (`text` and `image` blocks, `source` or `data` images) as weft's. */
export function toWeftContent(content: unknown): ToolResultContent[] {
	if (typeof content === "string") return [{ type: "text", text: content }];
	if (!Array.isArray(content)) return [];
	return content.flatMap((part): ToolResultContent[] => {
		if (!isObject(part)) return [];
		if (part.type === "text") return [{ type: "text" as const, text: String(part.text ?? "") }];
		if (part.type === "image") {
			const data = part.data ?? part.source?.data;
			const mimeType = part.mimeType ?? part.source?.mediaType ?? "image/png";
			return typeof data === "string" ? [{ type: "image" as const, data, mimeType }] : [];
		}
		return [];
	});
}

/** weft's assistant message with pi's field names for tool calls (`arguments`) added beside weft's (`args`). */
export function toPiMessage(message: Message): Message {
	if (message.role !== "assistant") return message;
	return {
		...message,
		content: message.content.map((part) =>
			part.type === "toolCall" ? { ...part, arguments: part.args } : part,
		),
	};
}

/** A message from pi's side back in weft's shape: tool calls written with only pi's `arguments` get weft's `args`. */
export function fromPiMessage(message: Message): Message {
	if (message?.role !== "assistant" || !Array.isArray(message.content)) return message;
	return {
		...message,
		content: message.content.map((part) => {
			if (part.type !== "toolCall") return part;
			const { arguments: piArgs, ...rest } = part as typeof part & { arguments?: Record<string, unknown> };
			return { ...rest, args: part.args ?? piArgs ?? {} };
		}),
	};
}

export const PI_EVENTS: Record<string, PiEventMapping> = {
	session_start: map({
		weft: "session_start",
		toPi: (p, session) => ({
			type: "session_start",
			reason: session.firstStart ? "startup" : p.reason === "continue" ? "resume" : p.reason,
		}),
	}),
	session_shutdown: map({
		weft: "session_shutdown",
		toPi: (p) => ({ type: "session_shutdown", reason: p.reason === "exit" ? "quit" : p.reason }),
	}),
	session_before_switch: map({
		weft: "session_before_switch",
		toPi: (p) => ({ type: "session_before_switch", reason: p.reason, targetSessionFile: p.target }),
		fromPi: (r) => (isObject(r) && r.cancel ? { cancel: true } : undefined),
	}),
	session_before_fork: map({
		weft: "session_before_fork",
		toPi: (p) => ({ type: "session_before_fork", entryId: p.target, position: "before" }),
		fromPi: (r) => (isObject(r) && r.cancel ? { cancel: true } : undefined),
	}),
	session_before_compact: map({
		weft: "session_before_compact",
		toPi: (p) => ({
			type: "session_before_compact",
			preparation: {
				firstKeptEntryId: p.firstKeptEntryId,
				tokensBefore: p.tokens,
				messagesToSummarize: p.messages.map(toPiMessage),
				previousSummary: p.previousSummary,
			},
			branchEntries: [],
			customInstructions: p.instructions,
			reason: p.reason,
			signal: new AbortController().signal,
		}),
		fromPi: (r) => {
			if (!isObject(r)) return undefined;
			if (r.cancel) return { cancel: true };
			const summary = r.compaction?.summary;
			return typeof summary === "string" ? { summary } : undefined;
		},
	}),
	session_compact: map({
		weft: "session_compact",
		toPi: (p) => ({
			type: "session_compact",
			compactionEntry: {
				type: "compaction",
				id: p.entryId,
				summary: p.summary,
				firstKeptEntryId: p.firstKeptEntryId,
				tokensBefore: p.tokensBefore,
			},
			fromExtension: p.fromHook,
		}),
	}),
	session_before_tree: map({
		weft: "session_before_tree",
		toPi: (p) => ({
			type: "session_before_tree",
			preparation: {
				targetId: p.targetId,
				oldLeafId: p.fromId,
				userWantsSummary: p.summarize,
				customInstructions: p.instructions,
				entriesToSummarize: p.messages.map(toPiMessage),
			},
			signal: new AbortController().signal,
		}),
		fromPi: (r) => {
			if (!isObject(r)) return undefined;
			if (r.cancel) return { cancel: true };
			const summary = r.summary?.summary;
			return typeof summary === "string" ? { summary } : undefined;
		},
	}),
	session_tree: map({
		weft: "session_tree",
		toPi: (p) => ({
			type: "session_tree",
			newLeafId: p.leafId,
			oldLeafId: p.fromId,
			summaryEntry: p.summaryId ? { id: p.summaryId } : undefined,
		}),
	}),
	input: map({
		weft: "input",
		toPi: (p) => ({ type: "input", text: p.text, images: p.images, source: INPUT_SOURCES[p.source] }),
		fromPi: (r) => {
			if (!isObject(r)) return undefined;
			if (r.action === "handled") return { action: "handled" };
			if (r.action === "transform" && typeof r.text === "string")
				return { action: "transform", text: r.text, images: r.images };
			return undefined;
		},
	}),
	before_agent_start: map({
		weft: "before_agent_start",
		toPi: (p) => ({
			type: "before_agent_start",
			prompt: p.prompt,
			images: [],
			systemPrompt: p.systemPrompt,
			systemPromptOptions: {},
		}),
		fromPi: (r) => {
			if (!isObject(r)) return undefined;
			const result: EventResult<"before_agent_start"> = {};
			if (typeof r.systemPrompt === "string") result.systemPrompt = r.systemPrompt;
			if (isObject(r.message)) result.inject = toCustomMessage(r.message);
			return result;
		},
	}),
	agent_start: map({ weft: "agent_start", toPi: () => ({ type: "agent_start" }) }),
	agent_end: map({
		weft: "agent_end",
		toPi: (p) => ({ type: "agent_end", messages: p.messages.map(toPiMessage), reason: p.reason }),
	}),
	turn_start: map({
		weft: "turn_start",
		toPi: (p) => ({ type: "turn_start", turnIndex: p.step, timestamp: Date.now() }),
	}),
	turn_end: map({
		weft: "turn_end",
		toPi: (p) => ({ type: "turn_end", turnIndex: p.step, message: toPiMessage(p.message), toolResults: [] }),
	}),
	message_start: map({
		weft: "message_start",
		toPi: (p) => ({ type: "message_start", message: toPiMessage(p.message) }),
	}),
	message_update: map({
		weft: "message_update",
		toPi: (p) => ({
			type: "message_update",
			message: toPiMessage(p.message),
			assistantMessageEvent: { type: `${p.delta.type}_delta`, delta: p.delta.text },
		}),
	}),
	message_end: map({
		weft: "message_end",
		toPi: (p) => ({ type: "message_end", message: toPiMessage(p.message) }),
	}),
	context: map({
		weft: "context",
		toPi: (p) => ({ type: "context", messages: structuredClone(p.messages).map(toPiMessage) }),
		fromPi: (r) =>
			isObject(r) && Array.isArray(r.messages) ? { messages: r.messages.map(fromPiMessage) } : undefined,
	}),
	before_provider_request: map({
		weft: "before_provider_request",
		toPi: (p) => ({ type: "before_provider_request", payload: p.payload }),
		// pi's handler returns the replacement payload itself, not a wrapper.
		fromPi: (r) => (r === undefined ? undefined : { payload: r }),
	}),
	tool_execution_start: map({
		weft: "tool_execution_start",
		toPi: (p) => ({ type: "tool_execution_start", toolCallId: p.id, toolName: p.name, args: p.args }),
	}),
	tool_execution_update: map({
		weft: "tool_execution_update",
		toPi: (p) => ({
			type: "tool_execution_update",
			toolCallId: p.id,
			toolName: p.name,
			partialResult: { content: p.partial, details: p.details },
		}),
	}),
	tool_execution_end: map({
		weft: "tool_execution_end",
		toPi: (p) => ({
			type: "tool_execution_end",
			toolCallId: p.id,
			toolName: p.name,
			result: { content: p.content, details: p.details },
			isError: p.isError,
		}),
	}),
	tool_call: map({
		weft: "tool_call",
		// `input` is the call's own args object: pi lets handlers patch it in place.
		toPi: (p) => ({ type: "tool_call", toolCallId: p.id, toolName: p.name, input: p.args }),
		fromPi: (r, event) => {
			if (isObject(r) && r.block)
				return { block: true, reason: typeof r.reason === "string" ? r.reason : undefined };
			return isObject(event.input) ? { args: event.input } : undefined;
		},
	}),
	tool_result: map({
		weft: "tool_result",
		toPi: (p) => ({
			type: "tool_result",
			toolCallId: p.id,
			toolName: p.name,
			input: p.args,
			content: p.content,
			details: p.details,
			isError: p.isError,
		}),
		fromPi: (r) => {
			if (!isObject(r)) return undefined;
			const result: EventResult<"tool_result"> = {};
			if (r.content !== undefined) result.content = toWeftContent(r.content);
			if (r.details !== undefined) result.details = r.details;
			if (typeof r.isError === "boolean") result.isError = r.isError;
			return result;
		},
	}),
	after_provider_response: map({
		weft: "after_provider_response",
		toPi: (p) => ({ type: "after_provider_response", status: p.status, headers: p.headers }),
	}),
	user_bash: map({
		weft: "user_shell",
		toPi: (p) => ({
			type: "user_bash",
			command: p.command,
			excludeFromContext: !p.addToContext,
			cwd: p.cwd,
		}),
		// pi's `operations` (a bash backend to run the command with) is weft's tool backend.
		fromPi: (r) => {
			if (isObject(r) && !isObject(r.result) && typeof r.operations?.exec === "function")
				return { backend: { exec: piExec(r.operations.exec) } };
			if (!isObject(r) || !isObject(r.result)) return undefined;
			const { output, exitCode } = r.result;
			return {
				result: {
					output: typeof output === "string" ? output : "",
					...(typeof exitCode === "number" ? { exitCode } : {}),
				},
			};
		},
	}),
	resources_discover: map({
		weft: "resources_discover",
		toPi: (p) => ({ type: "resources_discover", cwd: p.cwd, reason: p.reason }),
		fromPi: (r) => {
			if (!isObject(r)) return undefined;
			const paths = (value: unknown) =>
				Array.isArray(value) ? value.filter((p) => typeof p === "string") : [];
			return {
				skillPaths: paths(r.skillPaths),
				promptPaths: paths(r.promptPaths),
				themePaths: paths(r.themePaths),
			};
		},
	}),
	thinking_level_select: map({
		weft: "thinking_level_select",
		toPi: (p) => ({ type: "thinking_level_select", level: p.level, previousLevel: p.previous }),
	}),
	model_select: map({
		weft: "model_select",
		toPi: (p) => ({
			type: "model_select",
			model: { provider: p.provider, id: p.model },
			previousModel: p.previous ? { provider: p.previous.provider, id: p.previous.model } : undefined,
			source: "set",
		}),
	}),
};

/** pi events weft has no counterpart for, with what the extension loses. */
export const UNSUPPORTED: Record<string, string> = {};
