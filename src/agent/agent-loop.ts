/**
 * The stock agent loop: a readable function, not a framework. Each step asks
 * the model (after the turn gate, context and provider-request hooks), lets
 * extensions rewrite the result, runs the requested tools through the one
 * tool path, and continues until the model stops asking for tools. Steering
 * messages interrupt remaining tools; follow-ups start a new step once the
 * model is done.
 */
import type { AgentEndReason } from "../kernel/events.js";
import {
	type AssistantMessage,
	emptyUsage,
	type Message,
	type TextContent,
	type ToolCall,
	type ToolResultMessage,
	textOf,
} from "../kernel/messages.js";
import type { ModelInfo, ProviderEvent, ProviderRequest, ThinkingLevel } from "../kernel/provider.js";
import { ProviderError } from "../kernel/provider.js";
import type { Registry } from "../kernel/registry.js";
import type { ToolDefinition } from "../kernel/tool.js";
import type { EventRelay } from "./event-relay.js";
import type { ToolRequest } from "./tool-runner.js";

export interface LoopContext {
	/** The conversation so far, including the new prompt. The loop appends through `append`. */
	readonly messages: readonly Message[];
	systemPrompt: string;
	readonly model: ModelInfo;
	readonly thinking: ThinkingLevel;
	readonly signal: AbortSignal;
	readonly relay: EventRelay;
	readonly tools: Registry<ToolDefinition>;
	/** Which registered tools are offered (a sub-agent's session may offer fewer); undefined: all. */
	readonly toolFilter?: (name: string) => boolean;
	/** Streams one model response with retries; the provider-request hook is already wired in. */
	stream(request: Omit<ProviderRequest, "signal" | "onPayload" | "model">): AsyncIterable<ProviderEvent>;
	/** Persists a message and adds it to the conversation. */
	append(message: Message): void;
	/**
	 * Reports the answer being streamed, after each delta; the session
	 * checkpoints it to the file (throttled, so calling it per delta is cheap)
	 * until the answer is appended. A kill mid-answer then loses at most the
	 * last moments of it.
	 */
	checkpoint(message: AssistantMessage): void;
	runTool(request: ToolRequest, allowed?: ReadonlySet<string>): Promise<ToolResultMessage>;
	takeSteering(): Message[];
	takeFollowUps(): Message[];
}

export interface LoopResult {
	reason: AgentEndReason;
	/** The final assistant text (original, not display-rewritten). */
	response: string;
	error?: string;
}

/** The strategy an extension may replace (and wrap: it receives the stock loop). */
export type AgentLoop = (ctx: LoopContext) => Promise<LoopResult>;

export const stockAgentLoop: AgentLoop = async (ctx) => {
	let response = "";
	for (let step = 1; ; step++) {
		const gate = await ctx.relay.emit("turn_start", { step });
		if (gate.terminal?.block) {
			return {
				reason: "blocked",
				response,
				error: gate.terminal.reason || `turn blocked by ${gate.terminalOwner}`,
			};
		}

		const context = await ctx.relay.emit("context", {
			step,
			// A deep copy, as persisted: a handler editing it in place must not change the conversation.
			messages: JSON.parse(JSON.stringify(ctx.messages)) as Message[],
			tools: offeredTools(ctx).map((value) => ({
				name: value.name,
				description: value.description,
				parameters: value.parameters,
			})),
			systemPrompt: ctx.systemPrompt,
		});
		const { messages, tools, systemPrompt } = context.payload;

		const message = await streamMessage(ctx, { messages, tools, systemPrompt });
		const toolCalls = await applyTurnResult(ctx, step, message);
		ctx.append(message);
		response = textOf(message.content as TextContent[]);

		if (message.stopReason === "error" || message.stopReason === "aborted") {
			ctx.relay.notify("turn_end", {
				step,
				stopReason: message.stopReason,
				usage: message.usage,
				message,
				error: message.errorMessage,
			});
			return message.stopReason === "aborted"
				? { reason: "aborted", response }
				: { reason: "error", response, error: message.errorMessage };
		}
		if (response) await ctx.relay.emit("assistant_message", { text: response });

		const allowed = new Set(tools.map((t) => t.name));
		let steering: Message[] = [];
		// The model is not asked again when every one of this answer's tools said `terminate` (pi's rule).
		let terminated = toolCalls.length > 0;
		for (let index = 0; index < toolCalls.length; ) {
			const batch = nextBatch(ctx, toolCalls, index);
			index += batch.length;
			if (ctx.signal.aborted || steering.length > 0) {
				for (const call of batch)
					ctx.append(skippedResult(call, ctx.signal.aborted ? "aborted" : "a user message arrived"));
				terminated = false;
				continue;
			}
			const results = await Promise.all(
				batch.map((call) =>
					ctx.runTool({ id: call.id, name: call.name, args: call.args, source: "model" }, allowed),
				),
			);
			for (const result of results) {
				ctx.append(result);
				if (!result.terminate) terminated = false;
			}
			if (index < toolCalls.length) steering = ctx.takeSteering();
		}
		ctx.relay.notify("turn_end", { step, stopReason: message.stopReason, usage: message.usage, message });

		if (ctx.signal.aborted) return { reason: "aborted", response };
		if (steering.length === 0) steering = ctx.takeSteering();
		for (const m of steering) ctx.append(m);
		if ((toolCalls.length > 0 && !terminated) || steering.length > 0) continue;

		const followUps = ctx.takeFollowUps();
		if (followUps.length === 0) return { reason: "completed", response };
		for (const m of followUps) ctx.append(m);
	}
};

function offeredTools(ctx: LoopContext): ToolDefinition[] {
	const all = ctx.tools.list().map(({ value }) => value);
	return ctx.toolFilter ? all.filter((tool) => ctx.toolFilter?.(tool.name)) : all;
}

/** The calls run together from `start`: one, or a run of consecutive calls to the same concurrent tool. */
function nextBatch(ctx: LoopContext, calls: readonly ToolCall[], start: number): ToolCall[] {
	const first = calls[start];
	if (!ctx.tools.get(first.name)?.concurrent) return [first];
	let end = start + 1;
	while (end < calls.length && calls[end].name === first.name) end++;
	return calls.slice(start, end);
}

async function streamMessage(
	ctx: LoopContext,
	request: Omit<ProviderRequest, "signal" | "onPayload" | "model">,
): Promise<AssistantMessage> {
	const message: AssistantMessage = {
		role: "assistant",
		content: [],
		provider: ctx.model.provider,
		model: ctx.model.id,
		usage: emptyUsage(),
		stopReason: "end",
		timestamp: Date.now(),
	};
	// Announced once the provider streams (after before_provider_request built the payload), or when it fails.
	let started = false;
	const start = () => {
		if (started) return;
		started = true;
		ctx.relay.notify("message_start", { message });
	};
	try {
		for await (const event of ctx.stream(request)) {
			start();
			if (event.type === "done") {
				Object.assign(message, event.message, { timestamp: message.timestamp });
				break;
			}
			applyDelta(message, event);
			if (event.type === "text_delta") {
				ctx.checkpoint(message);
				ctx.relay.notify("message_update", { delta: { type: "text", text: event.text }, message });
			} else if (event.type === "thinking_delta") {
				ctx.checkpoint(message);
				ctx.relay.notify("message_update", { delta: { type: "thinking", text: event.text }, message });
			} else if (event.type === "toolcall_delta")
				ctx.relay.notify("message_update", {
					delta: { type: "toolcall", text: event.text, id: event.id },
					message,
				});
		}
	} catch (error) {
		const aborted = ctx.signal.aborted || (error instanceof ProviderError && error.kind === "aborted");
		message.stopReason = aborted ? "aborted" : "error";
		message.errorMessage = aborted
			? "aborted by the user"
			: error instanceof Error
				? error.message
				: String(error);
		message.content = message.content.filter((b) => b.type !== "toolCall");
	}
	start();
	ctx.relay.notify("message_end", { message });
	return message;
}

/** Builds the partial message as deltas arrive, so observers always see the whole text so far. */
function applyDelta(message: AssistantMessage, event: ProviderEvent): void {
	const last = message.content[message.content.length - 1];
	if (event.type === "text_delta") {
		if (last?.type === "text") last.text += event.text;
		else message.content.push({ type: "text", text: event.text });
	} else if (event.type === "thinking_delta") {
		if (last?.type === "thinking") last.thinking += event.text;
		else message.content.push({ type: "thinking", thinking: event.text });
	} else if (event.type === "toolcall_end") {
		message.content.push(event.call);
	}
}

/** turn_result: extensions may rewrite the text and the tool calls before anything runs. */
async function applyTurnResult(
	ctx: LoopContext,
	step: number,
	message: AssistantMessage,
): Promise<ToolCall[]> {
	const toolCalls = message.content.filter((b): b is ToolCall => b.type === "toolCall");
	if (message.stopReason === "error" || message.stopReason === "aborted") return [];
	const content = textOf(message.content as TextContent[]);
	const thinking = message.content.map((b) => (b.type === "thinking" ? b.thinking : "")).join("");
	const result = await ctx.relay.emit("turn_result", {
		step,
		content,
		thinking,
		toolCalls,
		usage: message.usage,
	});
	const rewritten = result.payload;
	if (rewritten.content === content && rewritten.toolCalls === toolCalls) return toolCalls;
	const kept: AssistantMessage["content"] = message.content.filter((b) => b.type === "thinking");
	if (rewritten.content) kept.push({ type: "text", text: rewritten.content });
	kept.push(...rewritten.toolCalls);
	message.content = kept;
	if (rewritten.toolCalls.length === 0 && message.stopReason === "tool_use") message.stopReason = "end";
	if (rewritten.toolCalls.length > 0) message.stopReason = "tool_use";
	return rewritten.toolCalls;
}

function skippedResult(call: ToolCall, why: string): ToolResultMessage {
	return {
		role: "toolResult",
		toolCallId: call.id,
		toolName: call.name,
		content: [{ type: "text", text: `Tool call skipped: ${why}.` }],
		isError: true,
		timestamp: Date.now(),
	};
}
