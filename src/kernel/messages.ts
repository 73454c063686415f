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
	/** input + output + cacheRead + cacheWrite, as pi reports it: the context the request filled, and what came back. */
	totalTokens: number;
	/** Cost in US dollars, computed from the model catalog. */
	cost: Cost;
}

/** US dollars by kind of token, and their `total` (pi's shape, so `usage.cost.total` reads the same in both). */
export interface Cost {
	input: number;
	output: number;
	cacheRead: number;
	cacheWrite: number;
	total: number;
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

export function emptyCost(): Cost {
	return { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, total: 0 };
}

export function emptyUsage(): Usage {
	return { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, totalTokens: 0, cost: emptyCost() };
}

export type TokenCounts = Pick<Usage, "input" | "output" | "cacheRead" | "cacheWrite">;

/** A usage for counts and their cost, `totalTokens` summed as pi sums it (weft's adapters build their usage here). */
export function usageOf(counts: TokenCounts, cost: Cost): Usage {
	const { input, output, cacheRead, cacheWrite } = counts;
	return { input, output, cacheRead, cacheWrite, totalTokens: input + output + cacheRead + cacheWrite, cost };
}

export function addUsage(into: Usage, add: Usage): Usage {
	into.input += add.input;
	into.output += add.output;
	into.cacheRead += add.cacheRead;
	into.cacheWrite += add.cacheWrite;
	into.totalTokens += add.totalTokens;
	into.cost.input += add.cost.input;
	into.cost.output += add.cost.output;
	into.cost.cacheRead += add.cost.cacheRead;
	into.cost.cacheWrite += add.cost.cacheWrite;
	into.cost.total += add.cost.total;
	return into;
}

/**
 * A usage from outside weft's own code (a session file written before costs
 * had their parts, an extension's ToolResult) with every field a number: a
 * bare number as `cost` is taken as the total, missing counts as 0, and a
 * missing `totalTokens` (files written before weft had it) is the sum.
 */
export function normalizeUsage(usage: unknown): Usage {
	const u = (typeof usage === "object" && usage !== null ? usage : {}) as Record<string, unknown>;
	const n = (value: unknown) => (typeof value === "number" && Number.isFinite(value) ? value : 0);
	const cost = u.cost;
	const parts = (typeof cost === "object" && cost !== null ? cost : {}) as Record<string, unknown>;
	const counts = {
		input: n(u.input),
		output: n(u.output),
		cacheRead: n(u.cacheRead),
		cacheWrite: n(u.cacheWrite),
	};
	return {
		...counts,
		totalTokens:
			typeof u.totalTokens === "number" && Number.isFinite(u.totalTokens)
				? u.totalTokens
				: counts.input + counts.output + counts.cacheRead + counts.cacheWrite,
		cost: {
			input: n(parts.input),
			output: n(parts.output),
			cacheRead: n(parts.cacheRead),
			cacheWrite: n(parts.cacheWrite),
			total: typeof cost === "number" ? n(cost) : n(parts.total),
		},
	};
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
