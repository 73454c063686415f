/**
 * Tools of subprocess extensions: a kernel tool whose `execute` sends a
 * `tool_call` frame and waits for the `tool_result` (streaming `tool_update`
 * frames to `onUpdate` meanwhile). Such tools run through the same tool
 * runner — validation, `tool_call` interception, `tool_result` — as every
 * other tool. A timeout, an abort or the child's exit becomes an error the
 * model sees, naming the extension and the tool.
 */
import type { ToolResultContent } from "../../kernel/messages.js";
import type { ToolContext, ToolDefinition, ToolResult } from "../../kernel/tool.js";
import type { Link } from "./link.js";
import { type Frame, isRecord, str } from "./protocol.js";

export function toolDefinition(
	link: Link,
	name: string,
	description: string,
	parameters: Record<string, unknown>,
): ToolDefinition {
	return {
		name,
		description,
		parameters,
		execute: (args, ctx) => callTool(link, name, args, ctx),
	};
}

async function callTool(
	link: Link,
	name: string,
	args: Record<string, unknown>,
	ctx: ToolContext,
): Promise<ToolResult> {
	if (!link.running)
		throw new Error(`extension "${link.name}" ${link.unavailable}, so its tool "${name}" cannot run`);
	const seconds = formatSeconds(link.limits.toolTimeoutMs);
	const response = await link.request(
		"tool",
		`tool "${name}"`,
		(id) => ({ type: "tool_call", id, name, args: args ?? {} }),
		{
			timeoutMs: link.limits.toolTimeoutMs,
			timeoutMessage: `extension "${link.name}" did not answer the call of its tool "${name}" within ${seconds}`,
			signal: ctx.signal,
			onUpdate: (frame) => {
				const partial = contentOf(link, frame);
				if (partial.length > 0) ctx.onUpdate(partial);
			},
		},
	);
	// v2's `terminate` ends the run after this answer's tools, as an in-process tool's does; v1 has no such field.
	const terminate = link.protocol >= 2 && response.terminate === true;
	return {
		content: contentOf(link, response),
		isError: response.is_error === true,
		...(terminate && { terminate }),
	};
}

/**
 * The content blocks of a `tool_result` or `tool_update`: text blocks become
 * text, image blocks images; malformed blocks are dropped and reported. A
 * plain `text` field (or a string `content`) counts as one text block.
 */
function contentOf(link: Link, frame: Frame): ToolResultContent[] {
	const content = frame.content;
	if (typeof content === "string") return [{ type: "text", text: content }];
	if (!Array.isArray(content)) {
		const text = str(frame, "text");
		return text !== undefined ? [{ type: "text", text }] : [];
	}
	const out: ToolResultContent[] = [];
	for (const block of content) {
		if (isRecord(block) && block.type === "text") {
			out.push({ type: "text", text: str(block, "text") ?? "" });
		} else if (isRecord(block) && block.type === "image" && str(block, "data")) {
			out.push({
				type: "image",
				data: str(block, "data")!,
				mimeType: str(block, "mime_type") ?? "image/png",
			});
		} else {
			link.problem(
				"content block",
				`${frame.type}: dropped a content block that is neither text nor an image with data: ${JSON.stringify(block)?.slice(0, 120)}`,
			);
		}
	}
	return out;
}

export function formatSeconds(ms: number): string {
	return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}
