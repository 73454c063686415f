/**
 * weft's conversation (kernel messages) → the AI SDK's provider-level prompt
 * and tool list. Thinking goes back only to the provider that produced it and
 * only with its signature; other providers never see foreign signatures.
 */
import type {
	JSONSchema7,
	LanguageModelV3FilePart,
	LanguageModelV3FunctionTool,
	LanguageModelV3Message,
	LanguageModelV3Prompt,
	LanguageModelV3TextPart,
	LanguageModelV3ToolResultOutput,
	LanguageModelV3ToolResultPart,
} from "@ai-sdk/provider";
import type {
	AssistantMessage,
	ImageContent,
	Message,
	TextContent,
	ToolResultMessage,
	ToolSpec,
} from "../../kernel/messages.js";
import type { ApiKind } from "../../kernel/provider.js";
import { reasoningOptions } from "./signatures.js";

export interface PromptTarget {
	api: ApiKind;
	/** The weft provider name; thinking signatures from other providers are dropped. */
	provider: string;
}

type UserPart = LanguageModelV3TextPart | LanguageModelV3FilePart;
type AssistantPart = Extract<LanguageModelV3Message, { role: "assistant" }>["content"][number];

export function toPrompt(
	systemPrompt: string,
	messages: Message[],
	target: PromptTarget,
): LanguageModelV3Prompt {
	const prompt: LanguageModelV3Prompt = [];
	if (systemPrompt) prompt.push({ role: "system", content: systemPrompt });
	// Chat completions can only put text in a tool message, so tool images follow the tool messages.
	const toolImages: UserPart[] = [];
	const flushToolImages = () => {
		if (toolImages.length > 0) prompt.push({ role: "user", content: toolImages.splice(0) });
	};
	for (const message of messages) {
		if (message.role !== "toolResult") flushToolImages();
		switch (message.role) {
			case "user":
			case "custom": {
				const content = userParts(message.content);
				if (content.length > 0) prompt.push({ role: "user", content });
				break;
			}
			case "assistant": {
				const content = assistantParts(message, target);
				if (content.length > 0) prompt.push({ role: "assistant", content });
				break;
			}
			case "toolResult": {
				const imagesSeparately = target.api === "openai-completions";
				appendToolResult(prompt, message, imagesSeparately);
				if (imagesSeparately) toolImages.push(...toolImageParts(message));
				break;
			}
		}
	}
	flushToolImages();
	return prompt;
}

export function toTools(tools: ToolSpec[]): LanguageModelV3FunctionTool[] {
	return tools.map((tool) => ({
		type: "function",
		name: tool.name,
		description: tool.description,
		inputSchema: tool.parameters as JSONSchema7,
	}));
}

function userParts(content: string | Array<TextContent | ImageContent>): UserPart[] {
	if (typeof content === "string") return content ? [{ type: "text", text: content }] : [];
	const parts: UserPart[] = [];
	for (const block of content) {
		if (block.type === "text") {
			if (block.text) parts.push({ type: "text", text: block.text });
		} else {
			parts.push(imagePart(block));
		}
	}
	return parts;
}

function imagePart(image: ImageContent): LanguageModelV3FilePart {
	return { type: "file", data: image.data, mediaType: image.mimeType };
}

function assistantParts(message: AssistantMessage, target: PromptTarget): AssistantPart[] {
	const sameProvider = message.provider === target.provider;
	const parts: AssistantPart[] = [];
	for (const block of message.content) {
		if (block.type === "text") {
			if (block.text) parts.push({ type: "text", text: block.text });
		} else if (block.type === "thinking") {
			const providerOptions =
				sameProvider && block.signature ? reasoningOptions(target.api, block.signature) : undefined;
			if (providerOptions) parts.push({ type: "reasoning", text: block.thinking, providerOptions });
		} else {
			parts.push({ type: "tool-call", toolCallId: block.id, toolName: block.name, input: block.args });
		}
	}
	return parts;
}

/** Consecutive tool results share one `tool` message, as every wire format expects. */
function appendToolResult(
	prompt: LanguageModelV3Prompt,
	message: ToolResultMessage,
	textOnly: boolean,
): void {
	const part: LanguageModelV3ToolResultPart = {
		type: "tool-result",
		toolCallId: message.toolCallId,
		toolName: message.toolName,
		output: toolOutput(message, textOnly),
	};
	const last = prompt[prompt.length - 1];
	if (last?.role === "tool") last.content.push(part);
	else prompt.push({ role: "tool", content: [part] });
}

function toolImageParts(message: ToolResultMessage): UserPart[] {
	const images = message.content.filter((block): block is ImageContent => block.type === "image");
	if (images.length === 0) return [];
	return [{ type: "text", text: `Images returned by tool ${message.toolName}:` }, ...images.map(imagePart)];
}

function toolOutput(message: ToolResultMessage, textOnly: boolean): LanguageModelV3ToolResultOutput {
	const hasImages = message.content.some((block) => block.type === "image");
	if (!hasImages || textOnly) {
		const text = message.content
			.filter((block): block is TextContent => block.type === "text")
			.map((block) => block.text)
			.join("\n");
		return { type: message.isError ? "error-text" : "text", value: text };
	}
	return {
		type: "content",
		value: message.content.map((block) =>
			block.type === "text"
				? { type: "text" as const, text: block.text }
				: { type: "image-data" as const, data: block.data, mediaType: block.mimeType },
		),
	};
}
