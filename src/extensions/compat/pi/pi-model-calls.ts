/**
 * pi-ai's model calls (`complete`, `completeSimple`, `stream`, `getModel`)
 * for pi extensions in weft: they go through weft's providers — the models
 * and keys weft is configured with — never through a client of their own.
 * The API key an extension passes (from `ctx.modelRegistry
 * .getApiKeyAndHeaders`) is not needed: weft's provider holds its key. The
 * answer comes back in pi-ai's AssistantMessage shape (`arguments` on tool
 * calls, pi's stop reasons).
 */
import type { AssistantMessage, ToolSpec } from "../../../kernel/messages.js";
import type { ModelInfo, ProviderEvent, ThinkingLevel } from "../../../kernel/provider.js";
import { boundKernel } from "./bound-kernel.js";
import { fromPiMessage } from "./pi-events.js";
import { PI_STOP_REASONS } from "./pi-names.js";

const EFFORT: Record<string, ThinkingLevel> = {
	minimal: "low",
	low: "low",
	medium: "medium",
	high: "high",
	xhigh: "high",
};

const kernel = boundKernel;

/** A model weft knows, by provider and id. */
export function getModel(provider: string, id: string): ModelInfo | undefined {
	return kernel()
		.providers.get(provider)
		?.models.find((m) => m.id === id);
}

type PiContext = {
	systemPrompt?: string;
	messages: any[];
	tools?: Array<{ name: string; description?: string; parameters?: unknown }>;
};
type PiOptions = { signal?: AbortSignal; maxTokens?: number; reasoningEffort?: string; reasoning?: string };

function toPiAssistant(message: AssistantMessage) {
	return {
		...message,
		api: "weft",
		content: message.content.map((p) => (p.type === "toolCall" ? { ...p, arguments: p.args } : p)),
		stopReason: PI_STOP_REASONS[message.stopReason] ?? message.stopReason,
		usage: {
			...message.usage,
			totalTokens:
				message.usage.input + message.usage.output + message.usage.cacheRead + message.usage.cacheWrite,
			cost: { ...message.usage.cost },
		},
	};
}

async function* events(model: { provider: string; id: string }, context: PiContext, options: PiOptions = {}) {
	const provider = kernel().providers.get(model?.provider);
	if (!provider) throw new Error(`no provider "${model?.provider}" is configured in weft`);
	const info = provider.models.find((m) => m.id === model.id) ?? (model as ModelInfo);
	const tools: ToolSpec[] = (context.tools ?? []).map((t) => ({
		name: t.name,
		description: t.description ?? "",
		parameters: (t.parameters ?? { type: "object", properties: {} }) as Record<string, unknown>,
	}));
	const effort = options.reasoningEffort ?? options.reasoning;
	yield* provider.stream({
		model: info,
		systemPrompt: context.systemPrompt ?? "",
		messages: (context.messages ?? []).map(fromPiMessage),
		tools,
		signal: options.signal ?? new AbortController().signal,
		maxOutputTokens: options.maxTokens,
		thinking: effort ? EFFORT[effort] : undefined,
	});
}

/** The whole answer. A failure is an answer with stopReason "error" (or "aborted"), as pi-ai reports it. */
export async function complete(
	model: { provider: string; id: string },
	context: PiContext,
	options?: PiOptions,
) {
	try {
		for await (const event of events(model, context, options)) {
			if (event.type === "done") return toPiAssistant(event.message);
		}
		throw new Error("the provider ended its stream without an answer");
	} catch (error) {
		const aborted = options?.signal?.aborted === true;
		return {
			role: "assistant" as const,
			content: [],
			api: "weft",
			provider: model?.provider,
			model: model?.id,
			usage: {
				input: 0,
				output: 0,
				cacheRead: 0,
				cacheWrite: 0,
				totalTokens: 0,
				cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, total: 0 },
			},
			stopReason: aborted ? "aborted" : "error",
			errorMessage: error instanceof Error ? error.message : String(error),
			timestamp: Date.now(),
		};
	}
}

/** pi-ai's event stream: text, thinking and tool-call deltas, then `done` with the message. */
export async function* stream(
	model: { provider: string; id: string },
	context: PiContext,
	options?: PiOptions,
) {
	for await (const event of events(model, context, options) as AsyncIterable<ProviderEvent>) {
		if (event.type === "text_delta") yield { type: "text_delta", delta: event.text };
		else if (event.type === "thinking_delta") yield { type: "thinking_delta", delta: event.text };
		else if (event.type === "toolcall_end")
			yield { type: "toolcall_end", toolCall: { ...event.call, arguments: event.call.args } };
		else if (event.type === "done") {
			const message = toPiAssistant(event.message);
			yield { type: "done", reason: message.stopReason, message };
		}
	}
}

/**
 * What `ctx.modelRegistry.getApiKeyAndHeaders` answers. weft's provider holds
 * the key, so the extension gets a stand-in; without a key (no variable, no
 * /login) `apiKey` is undefined, as pi answers, so an extension that checks
 * says so instead of making a call that fails.
 */
export function providerAuth(model: { provider: string } | undefined) {
	const provider = model ? kernel().providers.get(model.provider) : undefined;
	if (!provider)
		return { ok: false as const, error: `no provider "${model?.provider}" is configured in weft` };
	const apiKey = provider.keyProblem?.() === undefined ? "held-by-weft" : undefined;
	return { ok: true as const, apiKey, headers: {} as Record<string, string> };
}
