/**
 * An MCP tool result as a weft tool result: text and images pass through;
 * what a model request cannot carry (audio, binary resources) becomes a
 * line saying what was left out, so the model knows something was there.
 * A result with only `structuredContent` is sent as its JSON.
 */
import type { ToolResultContent } from "../../../kernel/messages.js";
import type { ToolResult } from "../../../kernel/tool.js";

type Block = { type: string; [key: string]: unknown };

export function mapToolResult(result: Record<string, unknown>): ToolResult {
	const blocks = Array.isArray(result.content) ? (result.content as Block[]) : [];
	const content: ToolResultContent[] = blocks.map(mapBlock);
	if (content.length === 0 && result.structuredContent !== undefined)
		content.push({ type: "text", text: JSON.stringify(result.structuredContent) });
	if (content.length === 0) content.push({ type: "text", text: "(the tool returned nothing)" });
	return { content, isError: result.isError === true };
}

function mapBlock(block: Block): ToolResultContent {
	switch (block.type) {
		case "text":
			return { type: "text", text: String(block.text ?? "") };
		case "image":
			return {
				type: "image",
				data: String(block.data ?? ""),
				mimeType: String(block.mimeType ?? "image/png"),
			};
		case "resource_link":
			return { type: "text", text: `[resource ${String(block.name ?? "")}: ${String(block.uri ?? "")}]` };
		case "resource": {
			const resource = (block.resource ?? {}) as Record<string, unknown>;
			if (typeof resource.text === "string") return { type: "text", text: resource.text };
			return {
				type: "text",
				text: `[binary resource ${String(resource.uri ?? "")} (${String(resource.mimeType ?? "unknown type")}) not shown]`,
			};
		}
		default:
			return {
				type: "text",
				text: `[${block.type} content not shown: weft passes text and images to the model]`,
			};
	}
}
