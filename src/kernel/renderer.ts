/**
 * Renderer primitives: how a custom message type or a tool is drawn. A
 * renderer returns lines for a given width; the terminal layer draws them.
 */
import type { CustomMessage, ToolResultContent } from "./messages.js";

export interface RenderOptions {
	width: number;
	expanded: boolean;
}

export interface MessageRenderer {
	render(message: CustomMessage, options: RenderOptions): string[];
}

export interface ToolRenderer {
	/** Display hints for tools without custom drawing. */
	verb?: string;
	renderCall?(args: Record<string, unknown>, options: RenderOptions): string[];
	renderResult?(
		result: { content: ToolResultContent[]; isError: boolean; details?: unknown; partial: boolean },
		options: RenderOptions,
	): string[];
}
