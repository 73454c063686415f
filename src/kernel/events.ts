/**
 * The event catalog: one typed table (name → fold kind, payload, result).
 * This file is the source of truth; docs/events.md is checked against it.
 * Each event's kind is part of its type, so a spec that does not fit its
 * kind (an observe event with an apply, a gate without a terminal test)
 * and a `notify` of an event whose results matter do not compile.
 */

import type { EventKind, EventName, EventPayload, EventResult } from "./event-table.js";
import type { Message, ToolResultContent } from "./messages.js";

export type {
	AgentEndReason,
	EventKind,
	EventName,
	EventPayload,
	EventResult,
	EventTable,
	FoldKind,
	InputSource,
	ObserveEventName,
	ToolCallSource,
	UserShellSource,
} from "./event-table.js";

type Apply<K extends EventName> = (payload: EventPayload<K>, result: NonNullable<EventResult<K>>) => void;

/**
 * How one event folds handler results into its payload. One shape per kind;
 * a part another kind uses is typed `never` there, so it cannot be given.
 */
export interface ObserveSpec {
	kind: "observe";
	description: string;
	apply?: never;
	isTerminal?: never;
	failClosed?: never;
}

export interface ChainSpec<K extends EventName> {
	kind: "chain";
	description: string;
	/** Applies a result to the (bus-owned copy of the) payload. */
	apply: Apply<K>;
	isTerminal?: never;
	failClosed?: never;
}

export interface GateSpec<K extends EventName> {
	kind: "gate";
	description: string;
	/** Applies a non-terminal result to the payload. Default: none. */
	apply?: Apply<K>;
	/** Whether a result ends dispatch. */
	isTerminal: (result: NonNullable<EventResult<K>>) => boolean;
	/** The terminal result a failing handler produces when the event fails closed. */
	failClosed?: (owner: string, message: string) => NonNullable<EventResult<K>>;
}

/** A gate whose handlers return nothing (key): it ends through `event.consume()` or `event.stop()`. */
export interface ControlGateSpec {
	kind: "gate";
	description: string;
	apply?: never;
	isTerminal?: never;
	failClosed?: never;
}

/** The spec an event's kind calls for. */
export type EventSpec<K extends EventName> = {
	observe: ObserveSpec;
	chain: ChainSpec<K>;
	gate: EventResult<K> extends void ? ControlGateSpec : GateSpec<K>;
}[EventKind<K>];

/** Any kind's spec for one event's types, for the dispatcher, which handles every kind. */
export type AnyEventSpec<K extends EventName> = ObserveSpec | ChainSpec<K> | GateSpec<K> | ControlGateSpec;

const replaceIfSet = <P, R>(keys: Array<keyof R & keyof P>) => {
	return (payload: P, result: R) => {
		for (const key of keys) if (result[key] !== undefined) (payload as any)[key] = result[key];
	};
};

const toContent = (content: string | ToolResultContent[]): ToolResultContent[] =>
	typeof content === "string" ? [{ type: "text", text: content }] : content;

const observe = (description: string): ObserveSpec => ({
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
	after_provider_response: observe(
		"the provider's HTTP response arrived (each attempt), before its stream is read: status and headers",
	),
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
		description:
			"before each tool runs: rewrite args, block, substitute a result, or give a built-in tool a backend",
		apply: replaceIfSet(["args", "backend"]),
		isTerminal: (r) => r.block === true || r.result !== undefined,
		failClosed: (owner, message) => ({
			block: true,
			reason: `blocked because the extension "${owner}" failed while checking this call: ${message}`,
		}),
	},
	resources_discover: {
		kind: "chain",
		description: "after extensions load or reload: extensions add skill, prompt-template and pi theme paths",
		apply: (payload, r) => {
			const texts = (paths: unknown) =>
				Array.isArray(paths) ? paths.filter((p): p is string => typeof p === "string" && p !== "") : [];
			payload.skillPaths = [...payload.skillPaths, ...texts(r.skillPaths)];
			payload.promptPaths = [...payload.promptPaths, ...texts(r.promptPaths)];
			payload.themePaths = [...payload.themePaths, ...texts(r.themePaths)];
		},
	},
	user_shell: {
		kind: "gate",
		description:
			"a user's own shell command (`!cmd`, RPC `bash`), before it runs: rewrite, block, supply its result, or say where it runs (`backend`)",
		apply: replaceIfSet(["command"]),
		isTerminal: (r) => r.block === true || r.result !== undefined || r.backend !== undefined,
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
		description:
			"before compaction (/compact, the window's threshold, an overflow error): cancel it or supply the summary",
		isTerminal: (r) => r.cancel === true || typeof r.summary === "string",
	},
	session_compact: observe(
		"a compaction entry was written and the conversation replaced by its summary and the kept part",
	),
	session_before_tree: {
		kind: "gate",
		description: "before /tree moves to another point of the session: cancel it or supply the branch summary",
		isTerminal: (r) => r.cancel === true || typeof r.summary === "string",
	},
	session_tree: observe("/tree moved the session to another point; the next prompt starts a branch there"),
	model_select: observe("the model changed"),
	thinking_level_select: observe("the thinking level changed"),
	key: { kind: "gate", description: "a terminal key; event.consume() skips the default action" },
	resize: observe("the terminal was resized"),
	render: observe("a frame is being built"),
	tick: observe("periodic tick"),
};

export const EVENT_NAMES = Object.keys(EVENTS) as EventName[];

export function isEventName(name: string): name is EventName {
	return Object.hasOwn(EVENTS, name);
}
