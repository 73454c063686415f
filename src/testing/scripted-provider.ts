/**
 * An in-process Provider that plays a script of ScriptedTurns (the mock LLM
 * server's format) without HTTP: for unit tests of the agent and of extensions.
 */
import { RetryAfterError } from "../ai/adapters/errors.js";
import { costOf } from "../ai/cost.js";
import { type AssistantContent, type AssistantMessage, usageOf } from "../kernel/messages.js";
import {
	type ModelInfo,
	type Provider,
	ProviderError,
	type ProviderErrorKind,
	type ProviderEvent,
	type ProviderRequest,
} from "../kernel/provider.js";
import { planTurn, type ScriptedTurn } from "./mock-llm/script.js";

export type ScriptedProviderEntry = ScriptedTurn | ((request: ProviderRequest) => ScriptedTurn);

export interface ScriptedProvider extends Provider {
	/** Every request received, in order. */
	requests: ProviderRequest[];
	push(...turns: ScriptedProviderEntry[]): void;
	remaining(): number;
}

export function scriptedProvider(
	script: ScriptedProviderEntry[],
	options: { name?: string; model?: ModelInfo } = {},
): ScriptedProvider {
	const name = options.name ?? "scripted";
	const model: ModelInfo = options.model ?? {
		id: "scripted-model",
		provider: name,
		api: "scripted",
		contextWindow: 200_000,
		maxOutput: 8192,
		cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 },
	};
	const queue = [...script];
	const requests: ProviderRequest[] = [];
	let counter = 0;
	const nextId = (prefix: string) => `${prefix}${++counter}`;

	async function* stream(request: ProviderRequest): AsyncGenerator<ProviderEvent> {
		requests.push(request);
		const entry = queue.shift();
		if (!entry) {
			throw new ProviderError("server", `scripted provider ${name}: mock script exhausted`, 500);
		}
		const turn = typeof entry === "function" ? entry(request) : entry;
		if (turn.holdUntil) await turn.holdUntil();
		if (turn.error) throw scriptedError(turn.error, name);
		const bodySize = JSON.stringify(request.messages).length + request.systemPrompt.length;
		const plan = planTurn(turn, { model: request.model.id, bodySize }, nextId, "call_");

		const content: AssistantContent[] = [];
		const events: ProviderEvent[] = [];
		if (plan.thinking.length > 0) {
			content.push({ type: "thinking", thinking: plan.thinking.join("") });
			for (const text of plan.thinking) events.push({ type: "thinking_delta", text });
		}
		if (plan.text.length > 0) {
			content.push({ type: "text", text: plan.text.join("") });
			for (const text of plan.text) events.push({ type: "text_delta", text });
		}
		for (const call of plan.toolCalls) {
			const block = { type: "toolCall" as const, id: call.id, name: call.name, args: call.args };
			content.push(block);
			events.push({ type: "toolcall_start", id: call.id, name: call.name });
			for (const text of call.argChunks) events.push({ type: "toolcall_delta", id: call.id, text });
			events.push({ type: "toolcall_end", call: block });
		}

		for (const [index, event] of events.entries()) {
			if (turn.stallAfterChunks === index) await untilAborted(request.signal);
			if (request.signal.aborted) throw new ProviderError("aborted", "request aborted");
			yield event;
			if (turn.delayMs) await pause(turn.delayMs, request.signal);
		}
		if (request.signal.aborted) throw new ProviderError("aborted", "request aborted");
		const counts = {
			input: plan.usage.input,
			output: plan.usage.output,
			cacheRead: plan.usage.cacheRead,
			cacheWrite: 0,
		};
		const message: AssistantMessage = {
			role: "assistant",
			content,
			provider: name,
			model: request.model.id,
			usage: usageOf(counts, costOf(request.model, counts)),
			stopReason: plan.toolCalls.length > 0 ? "tool_use" : "end",
			timestamp: Date.now(),
		};
		yield { type: "done", message };
	}

	return {
		name,
		models: [model],
		stream,
		requests,
		push: (...turns) => {
			queue.push(...turns);
		},
		remaining: () => queue.length,
	};
}

/** The same error kinds the HTTP adapters produce for these statuses. */
function scriptedError(error: NonNullable<ScriptedTurn["error"]>, name: string): ProviderError {
	const { status, retryAfterSeconds } = error;
	const message = `scripted provider ${name}: ${error.message ?? `mock error ${status}`} (${status})`;
	const kinds: Record<number, ProviderErrorKind> = {
		401: "auth",
		403: "forbidden",
		404: "model_not_found",
		429: "rate_limit",
	};
	const kind: ProviderErrorKind = kinds[status] ?? (status >= 500 ? "server" : "bad_request");
	const retryable = kind === "rate_limit" || kind === "server";
	if (retryable && retryAfterSeconds !== undefined) {
		return new RetryAfterError(kind, message, status, retryAfterSeconds * 1000);
	}
	return new ProviderError(kind, message, status, retryable);
}

function untilAborted(signal: AbortSignal): Promise<void> {
	return new Promise((resolve) => {
		if (signal.aborted) resolve();
		else signal.addEventListener("abort", () => resolve(), { once: true });
	});
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
	return new Promise((resolve) => {
		const timer = setTimeout(done, ms);
		function done() {
			clearTimeout(timer);
			signal.removeEventListener("abort", done);
			resolve();
		}
		signal.addEventListener("abort", done, { once: true });
	});
}
