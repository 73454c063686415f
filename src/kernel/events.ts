/**
 * The event catalog: one typed table (name → payload, result, fold kind).
 * This file is the source of truth; docs/events.md is checked against it.
 */
import type {
	AssistantMessage,
	ImageContent,
	Message,
	StopReason,
	ToolCall,
	ToolResultContent,
	ToolSpec,
	Usage,
} from "./messages.js";

export type FoldKind = "observe" | "chain" | "gate";

/** Where input or a tool call came from. */
export type InputSource = "interactive" | "cli" | "rpc" | "extension" | "queue";
export type ToolCallSource = "model" | "user" | "extension" | "subagent";
export type AgentEndReason = "completed" | "aborted" | "error" | "blocked";

/** A tool result as handlers may return it: a string is shorthand for one text block. */
export interface ToolResultValue {
	content: string | ToolResultContent[];
	isError?: boolean;
	details?: unknown;
}

export interface EventTable {
	startup: { payload: { mode: string; cwd: string }; result: void };
	session_start: {
		payload: { sessionId: string; reason: "new" | "resume" | "continue" | "fork" };
		result: void;
	};
	session_before_switch: {
		payload: { reason: "new" | "resume"; target?: string };
		result: { cancel?: boolean; reason?: string };
	};
	session_before_fork: {
		payload: { reason: "fork"; target?: string };
		result: { cancel?: boolean; reason?: string };
	};
	session_load: { payload: { sessionId: string; file: string; entryCount: number }; result: void };
	session_save: { payload: { sessionId: string; entry: unknown }; result: void };
	session_shutdown: { payload: { reason: string }; result: void };
	input: {
		payload: { text: string; images: ImageContent[]; source: InputSource };
		result:
			| { action: "continue" }
			| { action: "transform"; text: string; images?: ImageContent[] }
			| { action: "handled" };
	};
	before_agent_start: {
		payload: { prompt: string; systemPrompt: string; injected: Message[] };
		result: { inject?: Message | string; systemPrompt?: string };
	};
	agent_start: { payload: { prompt: string }; result: void };
	turn_start: { payload: { step: number }; result: { block?: boolean; reason?: string } };
	context: {
		payload: { step: number; messages: Message[]; tools: ToolSpec[]; systemPrompt: string };
		result: { messages?: Message[]; tools?: Array<string | ToolSpec>; systemPrompt?: string };
	};
	before_provider_request: {
		payload: { provider: string; model: string; payload: unknown };
		result: { payload?: unknown };
	};
	message_start: { payload: { message: AssistantMessage }; result: void };
	message_update: {
		payload: { delta: { type: "text" | "thinking" | "toolcall"; text: string }; message: AssistantMessage };
		result: void;
	};
	message_end: { payload: { message: AssistantMessage }; result: void };
	turn_result: {
		payload: { step: number; content: string; thinking: string; toolCalls: ToolCall[]; usage: Usage };
		result: { content?: string; toolCalls?: ToolCall[] };
	};
	assistant_message: { payload: { text: string }; result: { hide?: boolean; text?: string } };
	tool_call: {
		payload: { id: string; name: string; args: Record<string, unknown>; source: ToolCallSource };
		result: { args?: Record<string, unknown>; block?: boolean; reason?: string; result?: ToolResultValue };
	};
	tool_execution_start: {
		payload: { id: string; name: string; args: Record<string, unknown>; source: ToolCallSource };
		result: void;
	};
	tool_execution_update: {
		payload: { id: string; name: string; partial: ToolResultContent[] };
		result: void;
	};
	tool_execution_end: {
		payload: { id: string; name: string; content: ToolResultContent[]; isError: boolean };
		result: void;
	};
	tool_result: {
		payload: {
			id: string;
			name: string;
			args: Record<string, unknown>;
			source: ToolCallSource;
			content: ToolResultContent[];
			isError: boolean;
			details?: unknown;
		};
		result: { content?: string | ToolResultContent[]; isError?: boolean; details?: unknown };
	};
	turn_end: {
		payload: {
			step: number;
			stopReason: StopReason;
			usage: Usage;
			message: AssistantMessage;
			error?: string;
		};
		result: void;
	};
	agent_end: {
		payload: { reason: AgentEndReason; response: string; error?: string; messages: Message[] };
		result: void;
	};
	session_before_compact: {
		payload: { reason: "manual" | "threshold" | "overflow"; tokens: number; entries: number };
		result: { cancel?: boolean; summary?: string };
	};
	session_compact: { payload: { summary: string }; result: void };
	model_select: {
		payload: { provider: string; model: string; previous?: { provider: string; model: string } };
		result: void;
	};
	key: { payload: { key: string; raw: string }; result: void };
	resize: { payload: { columns: number; rows: number }; result: void };
	render: { payload: { width: number; height: number; frame: number }; result: void };
	tick: { payload: { time: number }; result: void };
}

export type EventName = keyof EventTable;
export type EventPayload<K extends EventName> = EventTable[K]["payload"];
export type EventResult<K extends EventName> = EventTable[K]["result"];

/** How one event folds handler results into its payload. */
export interface EventSpec<K extends EventName> {
	kind: FoldKind;
	description: string;
	/** Apply a non-terminal result to the (bus-owned copy of the) payload. Default: none. */
	apply?: (payload: EventPayload<K>, result: NonNullable<EventResult<K>>) => void;
	/** Whether a result ends dispatch (gate events). */
	isTerminal?: (result: NonNullable<EventResult<K>>) => boolean;
	/** The terminal result a failing handler produces when the event fails closed. */
	failClosed?: (owner: string, message: string) => NonNullable<EventResult<K>>;
}

const replaceIfSet = <P, R>(keys: Array<keyof R & keyof P>) => {
	return (payload: P, result: R) => {
		for (const key of keys) if (result[key] !== undefined) (payload as any)[key] = result[key];
	};
};

const toContent = (content: string | ToolResultContent[]): ToolResultContent[] =>
	typeof content === "string" ? [{ type: "text", text: content }] : content;

const observe = (description: string): { kind: "observe"; description: string } => ({
	kind: "observe",
	description,
});

export const EVENTS: { [K in EventName]: EventSpec<K> } = {
	startup: observe("extensions loaded, before the first prompt"),
	session_start: observe("a session is created, resumed or forked"),
	session_before_switch: {
		kind: "gate",
		description: "before /new or /resume switches the session",
		isTerminal: (r) => r.cancel === true,
	},
	session_before_fork: {
		kind: "gate",
		description: "before /fork",
		isTerminal: (r) => r.cancel === true,
	},
	session_load: observe("a session file was read"),
	session_save: observe("an entry was appended to the session file"),
	session_shutdown: observe("weft is exiting (all handlers together get about 2 s)"),
	input: {
		kind: "gate",
		description: "user text submitted, before it becomes a message",
		apply: (payload, r) => {
			if (r.action === "transform") {
				payload.text = r.text;
				if (r.images) payload.images = r.images;
			}
		},
		isTerminal: (r) => r.action === "handled",
	},
	before_agent_start: {
		kind: "chain",
		description: "input accepted, before the agent loop starts",
		apply: (payload, r) => {
			if (r.systemPrompt !== undefined) payload.systemPrompt = r.systemPrompt;
			if (r.inject !== undefined) {
				const message: Message =
					typeof r.inject === "string"
						? {
								role: "custom",
								customType: "inject",
								content: r.inject,
								display: false,
								timestamp: Date.now(),
							}
						: r.inject;
				payload.injected = [...payload.injected, message];
			}
		},
	},
	agent_start: observe("the agent loop begins"),
	turn_start: {
		kind: "gate",
		description: "before each model call; a block ends the run with its reason",
		isTerminal: (r) => r.block === true,
	},
	context: {
		kind: "chain",
		description: "before each model call: messages, tools (can only narrow) and system prompt",
		apply: (payload, r) => {
			if (r.messages) payload.messages = r.messages;
			if (r.systemPrompt !== undefined) payload.systemPrompt = r.systemPrompt;
			if (r.tools) {
				const keep = new Set(r.tools.map((t) => (typeof t === "string" ? t : t.name)));
				payload.tools = payload.tools.filter((t) => keep.has(t.name));
			}
		},
	},
	before_provider_request: {
		kind: "chain",
		description: "the provider request payload is built; handlers may rewrite it",
		apply: replaceIfSet(["payload"]),
	},
	message_start: observe("an assistant message starts streaming"),
	message_update: observe("an assistant message delta (text, thinking, toolcall)"),
	message_end: observe("an assistant message is complete"),
	turn_result: {
		kind: "chain",
		description: "the model response is complete, before tools run",
		apply: replaceIfSet(["content", "toolCalls"]),
	},
	assistant_message: {
		kind: "gate",
		description: "final assistant text before display; the transcript keeps the original",
		apply: replaceIfSet(["text"]),
		isTerminal: (r) => r.hide === true,
	},
	tool_call: {
		kind: "gate",
		description: "before each tool runs: rewrite args, block, or substitute a result",
		apply: replaceIfSet(["args"]),
		isTerminal: (r) => r.block === true || r.result !== undefined,
		failClosed: (owner, message) => ({
			block: true,
			reason: `blocked because the extension "${owner}" failed while checking this call: ${message}`,
		}),
	},
	tool_execution_start: observe("a tool starts running"),
	tool_execution_update: observe("a tool streamed partial output"),
	tool_execution_end: observe("a tool finished"),
	tool_result: {
		kind: "chain",
		description: "after a tool ran (or was blocked); handlers may rewrite the result",
		apply: (payload, r) => {
			if (r.content !== undefined) payload.content = toContent(r.content);
			if (r.isError !== undefined) payload.isError = r.isError;
			if (r.details !== undefined) payload.details = r.details;
		},
	},
	turn_end: observe("a model response and its tools are done"),
	agent_end: observe("the agent loop exits"),
	session_before_compact: {
		kind: "gate",
		description: "before compaction: cancel it or supply a summary",
		isTerminal: (r) => r.cancel === true || typeof r.summary === "string",
	},
	session_compact: observe("after compaction"),
	model_select: observe("the model changed"),
	key: { kind: "gate", description: "a terminal key; event.consume() skips the default action" },
	resize: observe("the terminal was resized"),
	render: observe("a frame is being built"),
	tick: observe("periodic tick"),
};

export const EVENT_NAMES = Object.keys(EVENTS) as EventName[];

export function isEventName(name: string): name is EventName {
	return Object.hasOwn(EVENTS, name);
}
