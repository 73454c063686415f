/**
 * weft's messages and models in the RPC protocol's shapes: a tool call's
 * `args` become `arguments`, stop reasons take pi's names, usage gains its
 * total. Used by the event translation and by the commands that return
 * messages or models.
 */
import { PI_STOP_REASONS } from "../../extensions/compat/pi/pi-names.js";
import type { AssistantMessage, Message, ToolResultContent, Usage } from "../../kernel/messages.js";
import type { ModelInfo } from "../../kernel/provider.js";
import type {
	RpcAssistantMessage,
	RpcImage,
	RpcMessage,
	RpcModel,
	RpcTextContent,
	RpcToolResultMessage,
	RpcUsage,
} from "./protocol.js";

export function rpcUsage(usage: Usage): RpcUsage {
	return {
		input: usage.input,
		output: usage.output,
		cacheRead: usage.cacheRead,
		cacheWrite: usage.cacheWrite,
		totalTokens: usage.input + usage.output + usage.cacheRead + usage.cacheWrite,
		cost: { ...usage.cost },
	};
}

export function rpcAssistantMessage(message: AssistantMessage, api: string): RpcAssistantMessage {
	const out: RpcAssistantMessage = {
		role: "assistant",
		content: message.content.map((block) =>
			block.type === "toolCall"
				? { type: "toolCall", id: block.id, name: block.name, arguments: block.args }
				: block.type === "thinking"
					? { type: "thinking", thinking: block.thinking }
					: { type: "text", text: block.text },
		),
		api,
		provider: message.provider,
		model: message.model,
		usage: rpcUsage(message.usage),
		stopReason: PI_STOP_REASONS[message.stopReason],
		timestamp: message.timestamp,
	};
	if (message.errorMessage !== undefined) out.errorMessage = message.errorMessage;
	return out;
}

export function rpcContent(content: readonly ToolResultContent[]): Array<RpcTextContent | RpcImage> {
	return content.map((block) =>
		block.type === "text"
			? { type: "text", text: block.text }
			: { type: "image", data: block.data, mimeType: block.mimeType },
	);
}

export function rpcToolResult(result: {
	toolCallId: string;
	toolName: string;
	content: readonly ToolResultContent[];
	isError: boolean;
	details?: unknown;
	timestamp: number;
}): RpcToolResultMessage {
	const out: RpcToolResultMessage = {
		role: "toolResult",
		toolCallId: result.toolCallId,
		toolName: result.toolName,
		content: rpcContent(result.content),
		isError: result.isError,
		timestamp: result.timestamp,
	};
	if (result.details !== undefined) out.details = result.details;
	return out;
}

/** `api`: the wire format of the session's model, which weft's messages do not record. */
export function rpcMessage(message: Message, api: string): RpcMessage {
	switch (message.role) {
		case "assistant":
			return rpcAssistantMessage(message, api);
		case "toolResult":
			return rpcToolResult(message);
		case "user":
			return { role: "user", content: message.content, timestamp: message.timestamp };
		case "custom":
			return { ...message };
	}
}

export function rpcModel(model: ModelInfo): RpcModel {
	return {
		id: model.id,
		name: model.name ?? model.id,
		api: model.api,
		provider: model.provider,
		...(model.baseUrl !== undefined ? { baseUrl: model.baseUrl } : {}),
		reasoning: model.reasoning === true,
		input: model.input ?? ["text"],
		contextWindow: model.contextWindow,
		maxTokens: model.maxOutput,
		cost: { ...model.cost },
	};
}
