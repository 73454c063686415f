/**
 * The RPC protocol's types (docs/rpc.md): the commands a client writes, the
 * responses and events weft writes, and the extension UI sub-protocol. The
 * shapes are pi's (badlogic/pi-mono, coding-agent docs/rpc.md) so its
 * clients drive weft unchanged; fields and methods marked "weft" are
 * additions. Shared by the mode and the typed client (`weft/rpc`).
 */

export type RpcThinkingLevel = "off" | "minimal" | "low" | "medium" | "high" | "xhigh";

export interface RpcImage {
	type: "image";
	/** Standard base64. */
	data: string;
	mimeType: string;
}

/** Every command the mode answers; `id` is echoed in the response. */
export type RpcCommand = { id?: string } & (
	| { type: "prompt"; message: string; images?: RpcImage[]; streamingBehavior?: "steer" | "followUp" }
	| { type: "steer"; message: string; images?: RpcImage[] }
	| { type: "follow_up"; message: string; images?: RpcImage[] }
	| { type: "abort" }
	| { type: "new_session"; parentSession?: string }
	| { type: "switch_session"; sessionPath: string }
	| { type: "get_state" }
	| { type: "get_messages" }
	| { type: "get_last_assistant_text" }
	| { type: "set_model"; provider: string; modelId: string }
	| { type: "cycle_model" }
	| { type: "get_available_models" }
	| { type: "set_thinking_level"; level: RpcThinkingLevel }
	| { type: "cycle_thinking_level" }
	| { type: "compact"; customInstructions?: string }
	| { type: "set_auto_compaction"; enabled: boolean }
	| { type: "set_steering_mode"; mode: "all" | "one-at-a-time" }
	| { type: "set_follow_up_mode"; mode: "all" | "one-at-a-time" }
	| { type: "set_auto_retry"; enabled: boolean }
	| { type: "abort_retry" }
	| { type: "bash"; command: string }
	| { type: "abort_bash" }
	| { type: "get_session_stats" }
	| { type: "export_html"; outputPath?: string }
	| { type: "fork"; entryId: string }
	| { type: "clone" }
	| { type: "get_fork_messages" }
	| { type: "get_commands" }
	| { type: "set_session_name"; name: string }
	/** weft: a key for the open subprocess panel ("escape" closes it; "rune" carries typed `text`). */
	| { type: "panel_key"; key: string; text?: string }
);

export type RpcCommandType = RpcCommand["type"];

/** The answer to one command line; `command` is "parse" for a line that was not a command object. */
export type RpcResponse =
	| { type: "response"; id?: string; command: string; success: true; data?: unknown }
	| { type: "response"; id?: string; command: string; success: false; error: string };

export interface RpcModel {
	id: string;
	name: string;
	api: string;
	provider: string;
	baseUrl?: string;
	reasoning: boolean;
	input: Array<"text" | "image">;
	contextWindow: number;
	maxTokens: number;
	/** US dollars per million tokens. */
	cost: { input: number; output: number; cacheRead: number; cacheWrite: number };
}

export interface RpcUsage {
	input: number;
	output: number;
	cacheRead: number;
	cacheWrite: number;
	totalTokens: number;
	/** US dollars by kind of token, and their total. */
	cost: { input: number; output: number; cacheRead: number; cacheWrite: number; total: number };
}

export type RpcTextContent = { type: "text"; text: string };
export type RpcToolCall = { type: "toolCall"; id: string; name: string; arguments: Record<string, unknown> };
export type RpcAssistantContent = RpcTextContent | { type: "thinking"; thinking: string } | RpcToolCall;

export interface RpcAssistantMessage {
	role: "assistant";
	content: RpcAssistantContent[];
	api: string;
	provider: string;
	model: string;
	usage: RpcUsage;
	stopReason: "stop" | "length" | "toolUse" | "error" | "aborted";
	errorMessage?: string;
	timestamp: number;
}

export interface RpcToolResultMessage {
	role: "toolResult";
	toolCallId: string;
	toolName: string;
	content: Array<RpcTextContent | RpcImage>;
	details?: unknown;
	isError: boolean;
	timestamp: number;
}

export type RpcMessage =
	| { role: "user"; content: string | Array<RpcTextContent | RpcImage>; timestamp: number }
	| RpcAssistantMessage
	| RpcToolResultMessage
	| {
			role: "custom";
			customType: string;
			content: string | Array<RpcTextContent | RpcImage>;
			display: boolean;
			details?: unknown;
			timestamp: number;
	  };

/** What streams inside `message_update`; `partial` is the answer so far. */
export type RpcAssistantMessageEvent = { contentIndex: number; partial: RpcAssistantMessage } & (
	| { type: "text_start" | "thinking_start" | "toolcall_start" }
	| { type: "text_delta" | "thinking_delta" | "toolcall_delta"; delta: string }
	| { type: "text_end" | "thinking_end"; content: string }
	| { type: "toolcall_end"; toolCall: RpcToolCall }
);

export interface RpcCompactionResult {
	summary: string;
	firstKeptEntryId: string;
	tokensBefore: number;
	/** weft: the estimate after compaction. */
	tokensAfter: number;
	details: Record<string, unknown>;
}

/** Events carry no `id`; only responses do. */
export type RpcEvent =
	| { type: "agent_start" }
	| { type: "agent_end"; messages: RpcMessage[] }
	| { type: "turn_start" }
	| { type: "turn_end"; message: RpcAssistantMessage; toolResults: RpcToolResultMessage[] }
	/** Every message: an answer streams between the two; the user's, extensions' and tool results come as a pair. */
	| { type: "message_start"; message: RpcMessage }
	| { type: "message_update"; message: RpcAssistantMessage; assistantMessageEvent: RpcAssistantMessageEvent }
	| { type: "message_end"; message: RpcMessage }
	| { type: "tool_execution_start"; toolCallId: string; toolName: string; args: Record<string, unknown> }
	| {
			type: "tool_execution_update";
			toolCallId: string;
			toolName: string;
			args: Record<string, unknown>;
			partialResult: { content: Array<RpcTextContent | RpcImage>; details: unknown };
	  }
	| {
			type: "tool_execution_end";
			toolCallId: string;
			toolName: string;
			result: { content: Array<RpcTextContent | RpcImage>; details: unknown };
			isError: boolean;
	  }
	| { type: "queue_update"; steering: string[]; followUp: string[] }
	| { type: "compaction_start"; reason: "manual" | "threshold" | "overflow" }
	| {
			type: "compaction_end";
			reason: "manual" | "threshold" | "overflow";
			result: RpcCompactionResult | null;
			aborted: boolean;
			willRetry: boolean;
			errorMessage?: string;
	  }
	| { type: "auto_retry_start"; attempt: number; maxAttempts: number; delayMs: number; errorMessage: string }
	| { type: "auto_retry_end"; success: boolean; attempt: number; finalError?: string }
	| { type: "extension_error"; extensionPath: string; event: string; error: string };

/** Dialogs wait for an `extension_ui_response` with the same id; the rest expect none. */
export type RpcUIRequest = { type: "extension_ui_request"; id: string } & (
	| { method: "select"; title: string; options: string[]; timeout?: number }
	| { method: "confirm"; title: string; message: string; timeout?: number }
	| { method: "input"; title: string; placeholder?: string /** weft */; prefill?: string; timeout?: number }
	| { method: "editor"; title: string; prefill?: string; timeout?: number }
	/** weft: choose any number of options; answered with `values`. */
	| { method: "multiSelect"; title: string; options: string[]; timeout?: number }
	| {
			method: "notify";
			message: string;
			notifyType: "info" | "warning" | "error";
			/** weft: the level as the extension gave it ("success" is sent as notifyType "info"). */
			level: "info" | "success" | "warning" | "error";
			/** weft: the extension that notified, absent for weft's own notes. */
			extension?: string;
	  }
	| { method: "setStatus"; statusKey: string; statusText?: string }
	| {
			method: "setWidget";
			widgetKey: string;
			widgetLines?: string[];
			widgetPlacement?: "aboveEditor" | "belowEditor";
	  }
	| { method: "set_editor_text"; text: string }
	| { method: "setTitle"; title: string }
	/** weft: lines above and below the conversation; absent lines remove them. */
	| { method: "setHeader" | "setFooter"; lines?: string[] }
	/** weft: a block of output (a command's report, an extension's print). */
	| { method: "print"; kind: "info" | "error" | "custom"; text: string; title?: string; subtitle?: string }
	/** weft: a subprocess extension's panel opened or changed; absent `panel`: it closed. Keys go back with `panel_key`. */
	| {
			method: "panel";
			panel?: { extension: string; id: string; title: string; lines: string[]; footer: string };
	  }
	/** weft: the dialog `targetId` stopped waiting (its timeout or its caller's abort); close it. */
	| { method: "dismiss"; targetId: string }
);

export type RpcUIMethod = RpcUIRequest["method"];

/** The client's answer to a dialog. */
export type RpcUIResponse = { type: "extension_ui_response"; id: string } & (
	| { value: string }
	| { confirmed: boolean }
	| { cancelled: true }
	/** weft: the answer to multiSelect. */
	| { values: string[] }
);

/** Everything weft writes to stdout in RPC mode. */
export type RpcOutputLine = RpcResponse | RpcEvent | RpcUIRequest;
