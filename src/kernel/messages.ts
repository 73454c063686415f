/**
 * The conversation vocabulary every layer shares: content blocks, messages,
 * tool calls, usage. Kept in the kernel so the event catalog can name them
 * without depending on a provider SDK; weft's session format is these shapes.
 */

export interface TextContent {
	type: "text";
	text: string;
}

export interface ImageContent {
	type: "image";
	/** Standard base64. */
	data: string;
	mimeType: string;
}

export interface ThinkingContent {
	type: "thinking";
	thinking: string;
	/** Provider-specific opaque data needed to send the thinking back (e.g. Anthropic signatures). */
	signature?: string;
}

export interface ToolCall {
	type: "toolCall";
	id: string;
	name: string;
	args: Record<string, unknown>;
}

export type UserContent = TextContent | ImageContent;
export type AssistantContent = TextContent | ThinkingContent | ToolCall;
export type ToolResultContent = TextContent | ImageContent;

export interface Usage {
	input: number;
	output: number;
	cacheRead: number;
	cacheWrite: number;
	/** Cost in US dollars, computed from the model catalog. */
	cost: number;
}

export type StopReason = "end" | "tool_use" | "length" | "error" | "aborted";

export interface UserMessage {
	role: "user";
	content: string | UserContent[];
	timestamp: number;
}

export interface AssistantMessage {
	role: "assistant";
	content: AssistantContent[];
	provider: string;
	model: string;
	usage: Usage;
	stopReason: StopReason;
	errorMessage?: string;
	timestamp: number;
}

export interface ToolResultMessage {
	role: "toolResult";
	toolCallId: string;
	toolName: string;
	content: ToolResultContent[];
	isError: boolean;
	details?: unknown;
	/** What the tool spent on model requests (ToolResult.usage); part of the session's total. */
	usage?: Usage;
	/** The tool asked to end the run after this answer's tools (ToolResult.terminate); never sent to the model. */
	terminate?: true;
	timestamp: number;
}

/** A message an extension adds to the conversation; sent to the model as user text unless `display` only. */
export interface CustomMessage {
	role: "custom";
	customType: string;
	content: string | UserContent[];
	/** Shown in the transcript. */
	display: boolean;
	details?: unknown;
	timestamp: number;
}

export type Message = UserMessage | AssistantMessage | ToolResultMessage | CustomMessage;

/** What the model is told about a tool. `parameters` is a JSON Schema object. */
export interface ToolSpec {
	name: string;
	description: string;
	parameters: Record<string, unknown>;
}

export function emptyUsage(): Usage {
	return { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, cost: 0 };
}

export function addUsage(into: Usage, add: Usage): Usage {
	into.input += add.input;
	into.output += add.output;
	into.cacheRead += add.cacheRead;
	into.cacheWrite += add.cacheWrite;
	into.cost += add.cost;
	return into;
}

/** Plain text of a message's text blocks, joined. */
export function textOf(content: string | ReadonlyArray<{ type: string; text?: string }>): string {
	if (typeof content === "string") return content;
	let out = "";
	for (const block of content) if (block.type === "text" && block.text) out += block.text;
	return out;
}

/** The text a user or extension (custom) message carries; "" for answers and tool results, which are not input. */
export function messageText(message: Message): string {
	return message.role === "assistant" || message.role === "toolResult" ? "" : textOf(message.content);
}
