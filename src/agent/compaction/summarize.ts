/**
 * One model call that summarises messages: the current model, through its
 * provider in the kernel registry and the same retry path as every request,
 * with no tools. Used for compaction and for summaries of a branch the user
 * leaves.
 */
import { type RetryOptions, streamWithRetry } from "../../ai/retry.js";
import { estimateTextTokens } from "../../ai/token-estimate.js";
import type { Kernel } from "../../kernel/kernel.js";
import { type AssistantMessage, type Message, textOf, type Usage } from "../../kernel/messages.js";
import { type ModelInfo, type Provider, ProviderError, type ProviderRequest } from "../../kernel/provider.js";
import { SUMMARY_SYSTEM_PROMPT, summaryPrompt } from "./summary-prompt.js";

/** The most a summary may be; it is sent with every later request. */
export const SUMMARY_MAX_TOKENS = 8_192;

/**
 * The share of the window the conversation text may take by weft's estimate,
 * which under-counts (about 75% of real tokens on code): this leaves room for
 * the instructions, the answer and the estimate's error.
 */
const WINDOW_SHARE = 0.6;

export interface SummarizeOptions {
	/** The provider to ask; default the model's provider in `kernel`'s registry. */
	provider?: Provider;
	kernel?: Kernel;
	model: ModelInfo;
	messages: readonly Message[];
	/** Steers what the summary keeps (appended to the prompt). */
	instructions?: string;
	/** A summary of what came before `messages`, which the new summary must cover too. */
	previousSummary?: string;
	signal: AbortSignal;
	/** Retries, idle timeout and retry announcements, as for every request of the session. */
	retry?: RetryOptions;
	/** The `before_provider_request` hook, when the caller wires one. */
	onPayload?: ProviderRequest["onPayload"];
	/** What the request cost, for the session's totals. */
	onUsage?: (usage: Usage) => void;
}

/** The summary text. Throws ProviderError when the call fails or is aborted, Error when the answer is empty. */
export async function summarize(options: SummarizeOptions): Promise<string> {
	const { model } = options;
	const provider = options.provider ?? options.kernel?.providers.get(model.provider);
	if (!provider) {
		throw new ProviderError(
			"config",
			`cannot summarise: no provider named "${model.provider}" is registered (model ${model.id}); check --provider or settings.providers`,
		);
	}
	const maxOutputTokens = Math.max(1, Math.min(model.maxOutput || SUMMARY_MAX_TOKENS, SUMMARY_MAX_TOKENS));
	const overhead =
		estimateTextTokens(SUMMARY_SYSTEM_PROMPT) + 1_000 + estimateTextTokens(options.instructions ?? "");
	const previous = estimateTextTokens(options.previousSummary ?? "");
	const budgetTokens = Math.max(
		1_000,
		Math.floor((model.contextWindow - maxOutputTokens) * WINDOW_SHARE) - overhead - previous,
	);
	const prompt = summaryPrompt({
		messages: options.messages,
		previousSummary: options.previousSummary,
		instructions: options.instructions,
		budgetTokens,
	});
	const request: ProviderRequest = {
		model,
		systemPrompt: SUMMARY_SYSTEM_PROMPT,
		messages: [{ role: "user", content: prompt, timestamp: Date.now() }],
		tools: [],
		signal: options.signal,
		maxOutputTokens,
		onPayload: options.onPayload,
	};
	let answer: AssistantMessage | undefined;
	let streamed = "";
	for await (const event of streamWithRetry(provider, request, options.retry)) {
		if (event.type === "text_delta") streamed += event.text;
		else if (event.type === "done") answer = event.message;
	}
	if (answer) options.onUsage?.(answer.usage);
	const summary = (answer ? textOf(answer.content) : streamed).trim();
	if (answer?.stopReason === "error") {
		throw new ProviderError(
			"server",
			`the summary request failed: ${answer.errorMessage ?? "no reason given"}`,
		);
	}
	if (!summary) throw new Error(`model ${model.id} returned an empty summary; try again, or another model`);
	return summary;
}
