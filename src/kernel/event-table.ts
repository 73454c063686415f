/**
 * The event table's types: each event's name, fold kind, payload and result.
 * The runtime catalog (how each event folds results, its description) is
 * events.ts, which re-exports these; docs/events.md is checked against both.
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
import type { ThinkingLevel } from "./provider.js";
import type { ToolBackend, ToolResult } from "./tool.js";

export type FoldKind = "observe" | "chain" | "gate";

/** Handlers only watch; what they return is ignored. */
type Observe<P> = { kind: "observe"; payload: P; result: void };
/** Every handler may rewrite the payload for the next (through the spec's `apply`). */
type Chain<P, R> = { kind: "chain"; payload: P; result: R };
/** A handler may also end dispatch with a terminal result (or, for key, `event.consume()`). */
type Gate<P, R> = { kind: "gate"; payload: P; result: R };

/** Where input or a tool call came from. */
export type InputSource = "interactive" | "cli" | "rpc" | "extension" | "queue";
export type ToolCallSource = "model" | "user" | "extension" | "subagent";
/** Where a user's own shell command was typed: the terminal's `!cmd` / `!!cmd`, or RPC's `bash`. */
export type UserShellSource = "interactive" | "rpc";
export type AgentEndReason = "completed" | "aborted" | "error" | "blocked";

export interface EventTable {
	startup: Observe<{ mode: string; cwd: string }>;
	session_start: Observe<{ sessionId: string; reason: "new" | "resume" | "continue" | "fork" }>;
	session_before_switch: Gate<
		{ reason: "new" | "resume"; target?: string },
		{ cancel?: boolean; reason?: string }
	>;
	session_before_fork: Gate<{ reason: "fork"; target?: string }, { cancel?: boolean; reason?: string }>;
	session_load: Observe<{ sessionId: string; file: string; entryCount: number }>;
	session_save: Observe<{ sessionId: string; entry: unknown }>;
	session_shutdown: Observe<{ reason: string }>;
	input: Gate<
		{ text: string; images: ImageContent[]; source: InputSource },
		| { action: "continue" }
		| { action: "transform"; text: string; images?: ImageContent[] }
		| { action: "handled" }
	>;
	before_agent_start: Chain<
		{ prompt: string; systemPrompt: string; injected: Message[] },
		{ inject?: Message | string; systemPrompt?: string }
	>;
	agent_start: Observe<{ prompt: string }>;
	turn_start: Gate<{ step: number }, { block?: boolean; reason?: string }>;
	context: Chain<
		{ step: number; messages: Message[]; tools: ToolSpec[]; systemPrompt: string },
		{ messages?: Message[]; tools?: Array<string | ToolSpec>; systemPrompt?: string }
	>;
	after_provider_response: Observe<{
		provider: string;
		model: string;
		status: number;
		/** Names lower-cased. */
		headers: Record<string, string>;
	}>;
	before_provider_request: Chain<
		{ provider: string; model: string; payload: unknown },
		{ payload?: unknown }
	>;
	message_start: Observe<{ message: AssistantMessage }>;
	message_update: Observe<{
		/** `id`: for a tool call's delta, the call it belongs to (several may stream at once). */
		delta: { type: "text" | "thinking" | "toolcall"; text: string; id?: string };
		message: AssistantMessage;
	}>;
	message_end: Observe<{ message: AssistantMessage }>;
	turn_result: Chain<
		{ step: number; content: string; thinking: string; toolCalls: ToolCall[]; usage: Usage },
		{ content?: string; toolCalls?: ToolCall[] }
	>;
	assistant_message: Gate<{ text: string }, { hide?: boolean; text?: string }>;
	tool_call: Gate<
		{
			id: string;
			name: string;
			args: Record<string, unknown>;
			source: ToolCallSource;
			/** Set by a handler's `backend`: where the built-in tool works (see ToolBackend). */
			backend?: ToolBackend;
		},
		{
			args?: Record<string, unknown>;
			/** Where a built-in tool runs its commands and reads and writes files (a remote host, a sandbox); later handlers see it. */
			backend?: ToolBackend;
			block?: boolean;
			reason?: string;
			/** With `block`: `reason` is the whole error the model reads, without "Tool call blocked: " before it. */
			verbatim?: boolean;
			result?: ToolResult;
		}
	>;
	/**
	 * Extensions add skill and prompt-template paths (files or folders; relative
	 * ones from `cwd`): after extensions load ("startup") and after /reload.
	 * `skillPaths` / `promptPaths` hold what earlier handlers added.
	 */
	resources_discover: Chain<
		{
			cwd: string;
			reason: "startup" | "reload";
			skillPaths: string[];
			promptPaths: string[];
			/** pi-format theme files (or folders of them), offered in the terminal UI's theme list. */
			themePaths: string[];
		},
		{ skillPaths?: string[]; promptPaths?: string[]; themePaths?: string[] }
	>;
	user_shell: Gate<
		{
			command: string;
			/** `!cmd` and RPC `bash`: the command and its output join the conversation; `!!cmd`: they do not. */
			addToContext: boolean;
			cwd: string;
			source: UserShellSource;
		},
		{
			command?: string;
			block?: boolean;
			reason?: string;
			/** The command's outcome, supplied instead of running it (weft's bash tool does not run). */
			result?: { output: string; exitCode?: number | null };
			/** Where weft's bash tool runs the command (its `exec`: a remote host, a sandbox) instead of this machine. */
			backend?: ToolBackend;
		}
	>;
	tool_execution_start: Observe<{
		id: string;
		name: string;
		args: Record<string, unknown>;
		source: ToolCallSource;
	}>;
	/** `details`: the tool's structured progress, when it reports some (not sent to the model). */
	tool_execution_update: Observe<{
		id: string;
		name: string;
		partial: ToolResultContent[];
		details?: unknown;
	}>;
	/** `details`: the result's structured data (a diff, an exit code), when the tool returned some. */
	tool_execution_end: Observe<{
		id: string;
		name: string;
		content: ToolResultContent[];
		isError: boolean;
		details?: unknown;
	}>;
	tool_result: Chain<
		{
			id: string;
			name: string;
			args: Record<string, unknown>;
			source: ToolCallSource;
			content: ToolResultContent[];
			isError: boolean;
			details?: unknown;
		},
		{ content?: string | ToolResultContent[]; isError?: boolean; details?: unknown }
	>;
	turn_end: Observe<{
		step: number;
		stopReason: StopReason;
		usage: Usage;
		message: AssistantMessage;
		error?: string;
	}>;
	agent_end: Observe<{ reason: AgentEndReason; response: string; error?: string; messages: Message[] }>;
	session_before_compact: Gate<
		{
			reason: "manual" | "threshold" | "overflow";
			/** Estimated tokens of the conversation now. */
			tokens: number;
			/** Entries of the branch the summary replaces. */
			entries: number;
			/** Their messages, in order (what the model would summarise). */
			messages: Message[];
			/** The summary of an earlier compaction on the branch, which the new one must cover too. */
			previousSummary?: string;
			firstKeptEntryId: string;
			instructions?: string;
		},
		{ cancel?: boolean; reason?: string; summary?: string }
	>;
	session_compact: Observe<{
		summary: string;
		tokensBefore: number;
		tokensAfter: number;
		firstKeptEntryId: string;
		reason: "manual" | "threshold" | "overflow";
		fromHook: boolean;
		/** The compaction entry's id. */
		entryId: string;
	}>;
	session_before_tree: Gate<
		{
			/** The entry chosen in /tree. */
			targetId: string;
			/** The leaf being left. */
			fromId: string | null;
			/** The user asked for a summary of the branch left, and it holds messages. */
			summarize: boolean;
			instructions?: string;
			/** The messages of the branch left (after the common ancestor), what the model would summarise. */
			messages: Message[];
		},
		{ cancel?: boolean; reason?: string; summary?: string }
	>;
	session_tree: Observe<{
		targetId: string;
		fromId: string | null;
		leafId: string | null;
		summaryId?: string;
	}>;
	model_select: Observe<{ provider: string; model: string; previous?: { provider: string; model: string } }>;
	thinking_level_select: Observe<{ level: ThinkingLevel; previous: ThinkingLevel }>;
	key: Gate<{ key: string; raw: string }, void>;
	resize: Observe<{ columns: number; rows: number }>;
	render: Observe<{ width: number; height: number; frame: number }>;
	tick: Observe<{ time: number }>;
}

export type EventName = keyof EventTable;
export type EventPayload<K extends EventName> = EventTable[K]["payload"];
export type EventResult<K extends EventName> = EventTable[K]["result"];

export type EventKind<K extends EventName> = EventTable[K]["kind"];
/** The events `notify` may dispatch: nobody waits for their handlers, so no result could be used. */
export type ObserveEventName = { [K in EventName]: EventKind<K> extends "observe" ? K : never }[EventName];
