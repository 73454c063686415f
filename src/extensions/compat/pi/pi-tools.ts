/**
 * pi's tool definitions as weft tools: `execute(toolCallId, params, signal,
 * onUpdate, ctx)` called with weft's call id, signal and progress callback;
 * pi's result (`{ content, details }`, content blocks with pi's image shape)
 * becomes weft's; a thrown error is an error result, as in pi. pi's
 * `prepareArguments` runs on the arguments before `execute` (weft has
 * already checked them against the schema). pi's `renderCall` and
 * `renderResult` (which return components) become a weft tool renderer
 * (which returns lines). Prompt snippets and guidelines are not used: weft
 * describes every tool to the model by its description.
 */
import type { ToolRenderer } from "../../../kernel/renderer.js";
import type { ToolResult } from "../../../kernel/tool.js";
import type { ExtensionTool, ToolExecutionContext } from "../../types.js";
import { toWeftContent } from "./pi-events.js";
import { piTheme } from "./pi-theme.js";

export interface PiTool {
	name: string;
	label?: string;
	description: string;
	parameters: object;
	prepareArguments?(args: unknown): unknown;
	renderCall?(args: any, theme: unknown, context: unknown): Drawable | undefined;
	renderResult?(
		result: unknown,
		options: { expanded: boolean; isPartial: boolean },
		theme: unknown,
		context: unknown,
	): Drawable | undefined;
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
			const onUpdate = (partial: { content?: unknown; details?: unknown }) =>
				ctx.onUpdate(toWeftContent(partial?.content), partial?.details);
			const result = await tool.execute(ctx.toolCallId, params, ctx.signal, onUpdate, piContext(ctx));
			return {
				content: toWeftContent(result?.content),
				details: result?.details,
				...(result?.isError === true ? { isError: true } : {}),
				...(result?.terminate === true ? { terminate: true } : {}),
			};
		},
	};
}

type Drawable = { render(width: number): string[] };

/** pi's component renderers as weft's line renderers; undefined when the tool has neither. */
export function toToolRenderer(tool: PiTool, cwd: string): ToolRenderer | undefined {
	const { renderCall, renderResult } = tool;
	if (!renderCall && !renderResult) return undefined;
	// pi's per-row render context, as far as weft's renderer knows the row.
	const context = (args: unknown, extra: Record<string, unknown>) => ({
		args,
		state: {},
		lastComponent: undefined,
		invalidate: () => {},
		toolCallId: "",
		cwd,
		executionStarted: true,
		argsComplete: true,
		showImages: false,
		...extra,
	});
	return {
		renderCall: renderCall
			? (args, options) =>
					renderCall
						.call(
							tool,
							args,
							piTheme,
							context(args, { expanded: options.expanded, isPartial: true, isError: false }),
						)
						?.render(options.width) ?? []
			: undefined,
		renderResult: renderResult
			? (result, options) =>
					renderResult
						.call(
							tool,
							{ content: result.content, details: result.details, isError: result.isError },
							{ expanded: options.expanded, isPartial: result.partial },
							piTheme,
							context({}, { expanded: options.expanded, isPartial: result.partial, isError: result.isError }),
						)
						?.render(options.width) ?? []
			: undefined,
	};
}
