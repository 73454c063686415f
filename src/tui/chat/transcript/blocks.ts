/**
 * What the `transcript` buffer holds: one block per thing the user sees in
 * the conversation (their message, an answer, thinking, a tool call, an
 * extension's message, a notice, a print block). `Block.kind` names the kind
 * and `Block.data` carries its fields; `meta.done` says nothing will change
 * the block any more, which is when the terminal writes it to scrollback.
 */
import type { CustomMessage, ToolResultContent } from "../../../kernel/messages.js";
import type { NotifyLevel, PrintBlock } from "../../../kernel/ui-port.js";
import type { Block } from "../../primitives/buffer.js";

export interface UserBlockData {
	text: string;
	/** How many images were attached. */
	images?: number;
}

export interface AssistantBlockData {
	text: string;
	streaming: boolean;
}

export interface ThinkingBlockData {
	text: string;
	streaming: boolean;
}

/**
 * pending: announced, not started; running: executing; done/error: the final
 * result is in; blocked: a `tool_call` handler refused it.
 */
export type ToolStatus = "pending" | "running" | "done" | "error" | "blocked";

export interface ToolBlockResult {
	content: ToolResultContent[];
	isError: boolean;
	details?: unknown;
}

export interface ToolBlockData {
	/** The tool call id. */
	id: string;
	name: string;
	args: Record<string, unknown>;
	/** The latest streamed output while running (each update replaces the last). */
	partial?: ToolResultContent[];
	/** The final result, after extensions' rewrites. */
	result?: ToolBlockResult;
	status: ToolStatus;
	/** When it started running, on the UI's clock (ms): a running tool shows how long it has taken. */
	startedAt?: number;
}

export interface CustomBlockData {
	message: CustomMessage;
}

export interface NoticeBlockData {
	level: NotifyLevel;
	text: string;
}

export interface PrintBlockData {
	block: PrintBlock;
}

/** Every transcript block kind and the data it carries. */
export interface TranscriptBlockData {
	user: UserBlockData;
	assistant: AssistantBlockData;
	thinking: ThinkingBlockData;
	tool: ToolBlockData;
	custom: CustomBlockData;
	notice: NoticeBlockData;
	print: PrintBlockData;
}

export type TranscriptBlockKind = keyof TranscriptBlockData;

/** A block of one of the stock kinds, with its data typed. */
export interface TranscriptBlock<K extends TranscriptBlockKind = TranscriptBlockKind> extends Block {
	kind: K;
	data: TranscriptBlockData[K];
}

/** The block as a stock kind `kind`, or undefined when it is another kind or carries no data. */
export function asTranscriptBlock<K extends TranscriptBlockKind>(
	block: Block,
	kind: K,
): TranscriptBlock<K> | undefined {
	return block.kind === kind && typeof block.data === "object" && block.data !== null
		? (block as TranscriptBlock<K>)
		: undefined;
}
