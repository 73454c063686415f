/** The tool primitive: what built-in tools, extension tools and bridged tools all are. */
import type { ToolResultContent } from "./messages.js";

export interface ToolContext {
	cwd: string;
	toolCallId: string;
	signal: AbortSignal;
	/** Streams partial output (shown live; observers get tool_execution_update). */
	onUpdate: (partial: ToolResultContent[]) => void;
}

/**
 * What a tool returns (or a string, shorthand for one text block), and the
 * result a tool_call handler may substitute for running the tool.
 */
export interface ToolResult {
	/** A string is shorthand for one text block. */
	content: string | ToolResultContent[];
	isError?: boolean;
	/** Structured data for renderers (e.g. a diff); not sent to the model. */
	details?: unknown;
}

export interface ToolDefinition {
	name: string;
	/** Short human label for the UI; defaults to the name. */
	label?: string;
	description: string;
	/** JSON Schema object for the arguments. */
	parameters: Record<string, unknown>;
	execute(
		args: Record<string, unknown>,
		ctx: ToolContext,
	): Promise<ToolResult | string> | ToolResult | string;
}
