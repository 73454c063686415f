/**
 * pi-ai's streaming vocabulary and weft's provider port, translated both
 * ways: a pi provider's `streamSimple` answers weft's requests (weft's
 * request → pi-ai's Model, Context and options; pi's events → weft's
 * ProviderEvents), and pi-ai's `streamSimpleAnthropic` & co. answer a pi
 * extension through weft's own adapters (pi's Context → weft's request;
 * weft's events → pi's, with the growing `partial` message pi's events carry).
 */
import type { AssistantContent, AssistantMessage, Message } from "../../../kernel/messages.js";
import type {
	ModelInfo,
	ProviderError,
	ProviderErrorKind,
	ProviderEvent,
	ProviderRequest,
} from "../../../kernel/provider.js";
import type { PiAssistantMessage, PiStreamEvent, PiUsage } from "./pi-event-stream.js";
import { fromPiMessage } from "./pi-events.js";
import { PI_STOP_REASONS } from "./pi-names.js";

/** pi-ai's Model, as its stream functions read it. */
export type PiModel = {
	id: string;
	name: string;
	api: string;
	provider: string;
	baseUrl: string;
	reasoning: boolean;
	input: Array<"text" | "image">;
	cost: { input: number; output: number; cacheRead: number; cacheWrite: number };
	contextWindow: number;
	maxTokens: number;
	headers?: Record<string, string>;
	[field: string]: unknown;
};

export type PiContext = {
	systemPrompt?: string;
	messages: any[];
	tools?: Array<{ name: string; description?: string; parameters?: unknown }>;
};

export type PiStreamOptions = {
	signal?: AbortSignal;
	apiKey?: string;
	maxTokens?: number;
	reasoning?: string;
	headers?: Record<string, string>;
	onPayload?: (payload: unknown, model: PiModel) => unknown;
	onResponse?: (response: { status: number; headers: Record<string, string> }, model: PiModel) => unknown;
	[option: string]: unknown;
};

type ErrorClass = typeof ProviderError;

const WEFT_STOP: Record<string, AssistantMessage["stopReason"]> = {
	stop: "end",
	toolUse: "tool_use",
	length: "length",
	error: "error",
	aborted: "aborted",
};

/** pi's thinking level for weft's (weft's four are all pi names; "off" is no reasoning option). */
export const piReasoning = (thinking: ProviderRequest["thinking"]) =>
	thinking && thinking !== "off" ? thinking : undefined;

function totalOf(usage: Omit<PiUsage, "totalTokens" | "cost">): number {
	return usage.input + usage.output + usage.cacheRead + usage.cacheWrite;
}

/** weft's answer in pi-ai's AssistantMessage shape. */
export function toPiAssistant(message: AssistantMessage, api: string): PiAssistantMessage {
	const { usage } = message;
	return {
		role: "assistant",
		content: message.content.map((part) => {
			if (part.type === "toolCall")
				return { type: "toolCall", id: part.id, name: part.name, arguments: part.args };
			if (part.type === "thinking")
				return { type: "thinking", thinking: part.thinking, thinkingSignature: part.signature };
			return { ...part };
		}),
		api,
		provider: message.provider,
		model: message.model,
		usage: {
			input: usage.input,
			output: usage.output,
			cacheRead: usage.cacheRead,
			cacheWrite: usage.cacheWrite,
			totalTokens: totalOf(usage),
			cost: { ...usage.cost },
		},
		stopReason: PI_STOP_REASONS[message.stopReason] ?? message.stopReason,
		...(message.errorMessage !== undefined && { errorMessage: message.errorMessage }),
		timestamp: message.timestamp,
	};
}

/** A pi provider's final message as weft's answer; the cost from the model's prices when pi's gives none. */
export function fromPiAssistant(message: PiAssistantMessage, model: ModelInfo): AssistantMessage {
	const content: AssistantContent[] = [];
	for (const part of Array.isArray(message?.content) ? message.content : []) {
		if (part?.type === "text") content.push({ type: "text", text: String(part.text ?? "") });
		else if (part?.type === "thinking")
			content.push({
				type: "thinking",
				thinking: String(part.thinking ?? ""),
				...(typeof part.thinkingSignature === "string" && { signature: part.thinkingSignature }),
			});
		else if (part?.type === "toolCall")
			content.push({
				type: "toolCall",
				id: String(part.id),
				name: String(part.name),
				args: part.arguments ?? {},
			});
	}
	const u = message?.usage;
	const counts = {
		input: u?.input ?? 0,
		output: u?.output ?? 0,
		cacheRead: u?.cacheRead ?? 0,
		cacheWrite: u?.cacheWrite ?? 0,
	};
	const price = model.cost;
	const parts = {
		input: counts.input * price.input,
		output: counts.output * price.output,
		cacheRead: counts.cacheRead * price.cacheRead,
		cacheWrite: counts.cacheWrite * price.cacheWrite,
	};
	const priced = {
		input: parts.input / 1e6,
		output: parts.output / 1e6,
		cacheRead: parts.cacheRead / 1e6,
		cacheWrite: parts.cacheWrite / 1e6,
		total: (parts.input + parts.output + parts.cacheRead + parts.cacheWrite) / 1e6,
	};
	const usage = {
		...counts,
		totalTokens: totalOf(counts),
		cost: u?.cost?.total ? { ...priced, ...u.cost } : priced,
	};
	const hasCalls = content.some((part) => part.type === "toolCall");
	return {
		role: "assistant",
		content,
		provider: model.provider,
		model: model.id,
		usage,
		stopReason: WEFT_STOP[message?.stopReason ?? ""] ?? (hasCalls ? "tool_use" : "end"),
		...(message?.errorMessage !== undefined && { errorMessage: message.errorMessage }),
		timestamp: message?.timestamp ?? Date.now(),
	};
}

/** weft's conversation as pi-ai's: custom messages are user text to the model, as in pi. */
export function toPiContext(request: ProviderRequest): PiContext {
	const messages = request.messages.map((message: Message) => {
		if (message.role === "assistant") return toPiAssistant(message, request.model.api);
		if (message.role === "custom")
			return { role: "user", content: message.content, timestamp: message.timestamp };
		if (message.role === "toolResult") {
			const { usage: _spent, ...result } = message;
			return result;
		}
		return message;
	});
	return {
		systemPrompt: request.systemPrompt,
		messages,
		tools: request.tools.map((t) => ({ name: t.name, description: t.description, parameters: t.parameters })),
	};
}

/** pi-ai's Context as weft's request parts (the pi-ai delegates' side). */
export function fromPiContext(
	context: PiContext,
): Pick<ProviderRequest, "systemPrompt" | "messages" | "tools"> {
	return {
		systemPrompt: context?.systemPrompt ?? "",
		messages: (context?.messages ?? []).map((message) => fromPiMessage(message)),
		tools: (context?.tools ?? []).map((t) => ({
			name: t.name,
			description: t.description ?? "",
			parameters: (t.parameters ?? { type: "object", properties: {} }) as Record<string, unknown>,
		})),
	};
}

/** A pi provider's failure message as one of weft's error kinds, so retries and compaction react as usual. */
function errorKind(message: string): ProviderErrorKind {
	if (/\b401\b|unauthori[sz]ed|invalid.*key|api key|access token/i.test(message)) return "auth";
	if (/\b403\b|forbidden|access denied/i.test(message)) return "forbidden";
	if (/\b429\b|rate.?limit/i.test(message)) return "rate_limit";
	if (/context|too long|too many tokens|prompt is too long/i.test(message)) return "context_overflow";
	if (/\b404\b|not found|unknown model/i.test(message)) return "model_not_found";
	return "server";
}

/** Resolves when the signal aborts: a provider that ignores it must not keep the run waiting. */
function abortion(signal: AbortSignal): Promise<"aborted"> {
	return new Promise((resolve) => {
		if (signal.aborted) resolve("aborted");
		else signal.addEventListener("abort", () => resolve("aborted"), { once: true });
	});
}

/**
 * A pi provider's event stream as weft's ProviderEvents. Block starts and
 * ends carry nothing weft needs (its events are deltas); tool calls are
 * named by the id pi's `partial` holds at their content index. An `error`
 * event, a stream that ends without `done`, or an abort is a ProviderError.
 */
export async function* fromPiEvents(
	events: AsyncIterable<PiStreamEvent>,
	request: ProviderRequest,
	Errors: ErrorClass,
	provider: string,
): AsyncGenerator<ProviderEvent> {
	const fail = (kind: ProviderErrorKind, why: string) =>
		new Errors(
			kind,
			kind === "aborted" ? "request aborted" : `provider "${provider}" (a pi extension): ${why}`,
		);
	const calls = new Map<number, { id: string; name: string }>();
	const aborted = abortion(request.signal);
	const iterator = events[Symbol.asyncIterator]();
	try {
		while (true) {
			const next = await Promise.race([iterator.next(), aborted]);
			if (next === "aborted") throw fail("aborted", "");
			if (next.done) break;
			const event = next.value;
			switch (event?.type) {
				case "text_delta":
					yield { type: "text_delta", text: String(event.delta ?? "") };
					break;
				case "thinking_delta":
					yield { type: "thinking_delta", text: String(event.delta ?? "") };
					break;
				case "toolcall_start": {
					const block = event.partial?.content?.[event.contentIndex];
					const call = {
						id: String(block?.id ?? `call_${event.contentIndex}`),
						name: String(block?.name ?? ""),
					};
					calls.set(event.contentIndex, call);
					yield { type: "toolcall_start", ...call };
					break;
				}
				case "toolcall_delta": {
					const call = calls.get(event.contentIndex);
					if (call) yield { type: "toolcall_delta", id: call.id, text: String(event.delta ?? "") };
					break;
				}
				case "toolcall_end": {
					const toolCall = event.toolCall ?? {};
					const id = String(toolCall.id ?? calls.get(event.contentIndex)?.id);
					const name = String(toolCall.name ?? calls.get(event.contentIndex)?.name);
					if (!calls.has(event.contentIndex)) yield { type: "toolcall_start", id, name };
					yield {
						type: "toolcall_end",
						call: { type: "toolCall", id, name, args: toolCall.arguments ?? {} },
					};
					break;
				}
				case "done":
					yield { type: "done", message: fromPiAssistant(event.message, request.model) };
					return;
				case "error": {
					const why = String(event.error?.errorMessage ?? "the stream reported an error without a message");
					throw fail(event.reason === "aborted" || request.signal.aborted ? "aborted" : errorKind(why), why);
				}
			}
		}
	} finally {
		void iterator.return?.();
	}
	throw fail("server", "its stream ended without a done or error event; check the extension's streamSimple");
}

type Partial = PiAssistantMessage & { content: Array<Record<string, any>> };

/**
 * weft's ProviderEvents as pi-ai's stream: `start`, each block's
 * start / delta / end with its content index and the message so far, then
 * `done` — or `error` with the failed message, as pi-ai's own providers end.
 */
export async function* toPiEvents(
	events: AsyncIterable<ProviderEvent>,
	model: PiModel,
	signal: AbortSignal | undefined,
): AsyncGenerator<PiStreamEvent> {
	const partial: Partial = {
		role: "assistant",
		content: [],
		api: model.api,
		provider: model.provider,
		model: model.id,
		usage: {
			input: 0,
			output: 0,
			cacheRead: 0,
			cacheWrite: 0,
			totalTokens: 0,
			cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, total: 0 },
		},
		stopReason: "stop",
		timestamp: Date.now(),
	};
	let open: number | undefined;
	const json = new Map<number, string>();
	const close = function* (): Generator<PiStreamEvent> {
		if (open === undefined) return;
		const block = partial.content[open];
		const index = open;
		open = undefined;
		if (block.type === "text") yield { type: "text_end", contentIndex: index, content: block.text, partial };
		if (block.type === "thinking")
			yield { type: "thinking_end", contentIndex: index, content: block.thinking, partial };
	};
	const textual = function* (kind: "text" | "thinking", delta: string): Generator<PiStreamEvent> {
		if (open === undefined || partial.content[open].type !== kind) {
			yield* close();
			partial.content.push(kind === "text" ? { type: "text", text: "" } : { type: "thinking", thinking: "" });
			open = partial.content.length - 1;
			yield { type: `${kind}_start`, contentIndex: open, partial };
		}
		partial.content[open][kind] += delta;
		yield { type: `${kind}_delta`, contentIndex: open, delta, partial };
	};
	const callIndex = (id: string) =>
		partial.content.findIndex((block) => block.type === "toolCall" && block.id === id);

	yield { type: "start", partial };
	try {
		for await (const event of events) {
			if (event.type === "text_delta") yield* textual("text", event.text);
			else if (event.type === "thinking_delta") yield* textual("thinking", event.text);
			else if (event.type === "toolcall_start") {
				yield* close();
				partial.content.push({ type: "toolCall", id: event.id, name: event.name, arguments: {} });
				yield { type: "toolcall_start", contentIndex: partial.content.length - 1, partial };
			} else if (event.type === "toolcall_delta") {
				const index = callIndex(event.id);
				if (index < 0) continue;
				const text = (json.get(index) ?? "") + event.text;
				json.set(index, text);
				try {
					partial.content[index].arguments = JSON.parse(text);
				} catch {
					// Incomplete JSON: the arguments so far stay as they were, as pi-ai's providers do.
				}
				yield { type: "toolcall_delta", contentIndex: index, delta: event.text, partial };
			} else if (event.type === "toolcall_end") {
				yield* close();
				let index = callIndex(event.call.id);
				if (index < 0) {
					partial.content.push({ type: "toolCall", id: event.call.id, name: event.call.name, arguments: {} });
					index = partial.content.length - 1;
					yield { type: "toolcall_start", contentIndex: index, partial };
				}
				const toolCall = {
					type: "toolCall",
					id: event.call.id,
					name: event.call.name,
					arguments: event.call.args,
				};
				partial.content[index] = toolCall;
				yield { type: "toolcall_end", contentIndex: index, toolCall, partial };
			} else if (event.type === "done") {
				yield* close();
				const message = toPiAssistant(event.message, model.api);
				yield { type: "done", reason: message.stopReason, message };
				return;
			}
		}
		throw new Error("the provider ended its stream without an answer");
	} catch (error) {
		yield* close();
		const kind = (error as { kind?: string })?.kind;
		partial.stopReason = signal?.aborted || kind === "aborted" ? "aborted" : "error";
		partial.errorMessage = error instanceof Error ? error.message : String(error);
		yield { type: "error", reason: partial.stopReason, error: partial };
	}
}
