/**
 * pi's tool definitions as weft tools: `execute(toolCallId, params, signal,
 * onUpdate, ctx)` called with weft's call id, signal and progress callback;
 * pi's result (`{ content, details }`, content blocks with pi's image shape)
 * becomes weft's; a thrown error is an error result, as in pi. pi's
 * `prepareArguments` runs on the arguments before `execute` (weft has
 * already checked them against the schema). Renderers, prompt snippets and
 * guidelines are pi-TUI and pi-prompt specific and are not used.
 */
import type { ToolResult } from "../../../kernel/tool.js";
import type { ExtensionTool, ToolExecutionContext } from "../../types.js";
import { toWeftContent } from "./pi-events.js";

export interface PiTool {
	name: string;
	label?: string;
	description: string;
	parameters: object;
	prepareArguments?(args: unknown): unknown;
	execute(
		toolCallId: string,
		params: any,
		signal: AbortSignal | undefined,
		onUpdate: ((partial: { content?: unknown; details?: unknown }) => void) | undefined,
		ctx: any,
	): Promise<PiToolResult> | PiToolResult;
	[extra: string]: unknown;
}

export interface PiToolResult {
	content?: unknown;
	details?: unknown;
	isError?: boolean;
	terminate?: boolean;
}

export function toWeftTool(tool: PiTool, piContext: (ctx: ToolExecutionContext) => unknown): ExtensionTool {
	if (tool === null || typeof tool !== "object" || typeof tool.execute !== "function") {
		throw new Error(
			"registerTool needs { name, description, parameters, execute(toolCallId, params, signal, onUpdate, ctx) }",
		);
	}
	return {
		name: tool.name,
		label: tool.label,
		description: tool.description ?? "",
		parameters: tool.parameters ?? { type: "object", properties: {} },
		async execute(args, ctx): Promise<ToolResult> {
			const params = tool.prepareArguments ? tool.prepareArguments(args) : args;
			const onUpdate = (partial: { content?: unknown }) => ctx.onUpdate(toWeftContent(partial?.content));
			const result = await tool.execute(ctx.toolCallId, params, ctx.signal, onUpdate, piContext(ctx));
			return {
				content: toWeftContent(result?.content),
				details: result?.details,
				...(result?.isError === true ? { isError: true } : {}),
			};
		},
	};
}
