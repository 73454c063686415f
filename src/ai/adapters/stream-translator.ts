/**
 * The AI SDK's stream parts → weft's ProviderEvents, while building the final
 * AssistantMessage (blocks in stream order, usage, cost, stop reason).
 */
import type {
	LanguageModelV3FinishReason,
	LanguageModelV3StreamPart,
	LanguageModelV3Usage,
	SharedV3ProviderMetadata,
} from "@ai-sdk/provider";
import {
	type AssistantContent,
	type AssistantMessage,
	type StopReason,
	type TextContent,
	type ThinkingContent,
	type ToolCall,
	type Usage,
	usageOf,
} from "../../kernel/messages.js";
import { type ApiKind, type ModelInfo, ProviderError, type ProviderEvent } from "../../kernel/provider.js";
import { costOf } from "../cost.js";
import { type ErrorContext, toProviderError } from "./errors.js";
import { mergeSignature, signatureFrom } from "./signatures.js";

export interface TranslatorContext {
	api: ApiKind;
	provider: string;
	model: ModelInfo;
	errors: ErrorContext;
}

interface PendingCall {
	block: ToolCall;
	json: string;
	ended: boolean;
}

export class StreamTranslator {
	private readonly blocks: AssistantContent[] = [];
	private readonly texts = new Map<string, TextContent>();
	private readonly thoughts = new Map<string, ThinkingContent>();
	private readonly calls = new Map<string, PendingCall>();
	private finishPart: { usage: LanguageModelV3Usage; finishReason: LanguageModelV3FinishReason } | undefined;

	constructor(private readonly ctx: TranslatorContext) {}

	/** Events for one stream part; throws a ProviderError for error parts. */
	push(part: LanguageModelV3StreamPart): ProviderEvent[] {
		switch (part.type) {
			case "text-start":
				this.textBlock(part.id);
				return [];
			case "text-delta":
				if (!part.delta) return [];
				this.textBlock(part.id).text += part.delta;
				return [{ type: "text_delta", text: part.delta }];
			case "reasoning-start":
			case "reasoning-end":
				this.noteSignature(this.thinkingBlock(part.id), part.providerMetadata);
				return [];
			case "reasoning-delta": {
				const block = this.thinkingBlock(part.id);
				this.noteSignature(block, part.providerMetadata);
				if (!part.delta) return [];
				block.thinking += part.delta;
				return [{ type: "thinking_delta", text: part.delta }];
			}
			case "tool-input-start":
				if (part.providerExecuted) return [];
				this.startCall(part.id, part.toolName);
				return [{ type: "toolcall_start", id: part.id, name: part.toolName }];
			case "tool-input-delta": {
				const call = this.calls.get(part.id);
				if (!call || !part.delta) return [];
				call.json += part.delta;
				return [{ type: "toolcall_delta", id: part.id, text: part.delta }];
			}
			case "tool-call":
				return part.providerExecuted ? [] : this.endCall(part.toolCallId, part.toolName, part.input);
			case "finish":
				this.finishPart = { usage: part.usage, finishReason: part.finishReason };
				return [];
			case "error":
				throw toProviderError(part.error, this.ctx.errors);
			default:
				return [];
		}
	}

	/** Events for calls the stream left open, then the final message. */
	finish(): { events: ProviderEvent[]; message: AssistantMessage } {
		if (!this.finishPart) {
			throw new ProviderError(
				"network",
				`the response from provider ${this.ctx.provider} ended before it was complete; try again`,
				undefined,
				true,
			);
		}
		const events: ProviderEvent[] = [];
		for (const [id, call] of this.calls) {
			if (!call.ended) events.push(...this.endCall(id, call.block.name, call.json));
		}
		const content = this.blocks.filter(
			(block) =>
				(block.type === "text" && block.text !== "") ||
				(block.type === "thinking" && (block.thinking !== "" || block.signature !== undefined)) ||
				block.type === "toolCall",
		);
		const usage = toUsage(this.ctx.model, this.finishPart.usage);
		const { stopReason, errorMessage } = toStopReason(
			this.finishPart.finishReason,
			content.some((block) => block.type === "toolCall"),
		);
		const message: AssistantMessage = {
			role: "assistant",
			content,
			provider: this.ctx.provider,
			model: this.ctx.model.id,
			usage,
			stopReason,
			...(errorMessage !== undefined && { errorMessage }),
			timestamp: Date.now(),
		};
		return { events, message };
	}

	private textBlock(id: string): TextContent {
		let block = this.texts.get(id);
		if (!block) {
			block = { type: "text", text: "" };
			this.texts.set(id, block);
			this.blocks.push(block);
		}
		return block;
	}

	private thinkingBlock(id: string): ThinkingContent {
		let block = this.thoughts.get(id);
		if (!block) {
			block = { type: "thinking", thinking: "" };
			this.thoughts.set(id, block);
			this.blocks.push(block);
		}
		return block;
	}

	private noteSignature(block: ThinkingContent, metadata: SharedV3ProviderMetadata | undefined): void {
		const signature = mergeSignature(block.signature, signatureFrom(this.ctx.api, metadata));
		if (signature !== undefined) block.signature = signature;
	}

	private startCall(id: string, name: string): PendingCall {
		const call: PendingCall = { block: { type: "toolCall", id, name, args: {} }, json: "", ended: false };
		this.calls.set(id, call);
		this.blocks.push(call.block);
		return call;
	}

	private endCall(id: string, name: string, input: string): ProviderEvent[] {
		const events: ProviderEvent[] = [];
		let call = this.calls.get(id);
		if (!call) {
			call = this.startCall(id, name);
			events.push({ type: "toolcall_start", id, name });
		}
		call.ended = true;
		call.block.args = parseArgs(input || call.json);
		events.push({ type: "toolcall_end", call: { ...call.block } });
		return events;
	}
}

/** Invalid or non-object JSON becomes `{}`: the agent validates arguments and tells the model. */
function parseArgs(json: string): Record<string, unknown> {
	if (!json.trim()) return {};
	try {
		const value: unknown = JSON.parse(json);
		return typeof value === "object" && value !== null && !Array.isArray(value)
			? (value as Record<string, unknown>)
			: {};
	} catch {
		return {};
	}
}

function toUsage(model: ModelInfo, usage: LanguageModelV3Usage): Usage {
	const cacheRead = usage.inputTokens.cacheRead ?? 0;
	const cacheWrite = usage.inputTokens.cacheWrite ?? 0;
	const input =
		usage.inputTokens.noCache ?? Math.max(0, (usage.inputTokens.total ?? 0) - cacheRead - cacheWrite);
	const counts = { input, output: usage.outputTokens.total ?? 0, cacheRead, cacheWrite };
	return usageOf(counts, costOf(model, counts));
}

function toStopReason(
	reason: LanguageModelV3FinishReason,
	hasToolCalls: boolean,
): { stopReason: StopReason; errorMessage?: string } {
	switch (reason.unified) {
		case "tool-calls":
			return { stopReason: "tool_use" };
		case "length":
			return { stopReason: "length" };
		case "content-filter":
			return { stopReason: "error", errorMessage: "the provider's content filter stopped the response" };
		case "error":
			return {
				stopReason: "error",
				errorMessage: `the provider stopped with an error (${reason.raw ?? "unknown"})`,
			};
		default:
			// Some OpenAI-compatible servers report "stop" even when the turn ends in tool calls.
			return { stopReason: hasToolCalls ? "tool_use" : "end" };
	}
}
