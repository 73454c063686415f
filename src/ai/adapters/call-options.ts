/** A weft ProviderRequest → the AI SDK's LanguageModelV3CallOptions for one api. */
import type { LanguageModelV3CallOptions, SharedV3ProviderOptions } from "@ai-sdk/provider";
import type { ApiKind, ModelInfo, ProviderRequest, ThinkingLevel } from "../../kernel/provider.js";
import { toPrompt, toTools } from "./prompt.js";

type EffortLevel = Exclude<ThinkingLevel, "off">;

const THINKING_BUDGET: Record<EffortLevel, number> = { low: 2048, medium: 8192, high: 24576 };

export function toCallOptions(
	request: ProviderRequest,
	api: ApiKind,
	provider: string,
): LanguageModelV3CallOptions {
	const maxOutputTokens =
		request.maxOutputTokens ?? (request.model.maxOutput > 0 ? request.model.maxOutput : undefined);
	return {
		prompt: toPrompt(request.systemPrompt, request.messages, { api, provider }),
		...(request.tools.length > 0 && { tools: toTools(request.tools) }),
		...(maxOutputTokens !== undefined && { maxOutputTokens }),
		providerOptions: providerOptions(api, request.model, request.thinking),
		abortSignal: request.signal,
	};
}

function providerOptions(
	api: ApiKind,
	model: ModelInfo,
	thinking: ThinkingLevel | undefined,
): SharedV3ProviderOptions {
	// Weft keeps the transcript itself, so nothing is stored server-side.
	const base: SharedV3ProviderOptions = api === "openai-responses" ? { openai: { store: false } } : {};
	if (!thinking || thinking === "off" || model.reasoning !== true) return base;
	switch (api) {
		case "anthropic-messages":
			return { anthropic: { thinking: { type: "enabled", budgetTokens: THINKING_BUDGET[thinking] } } };
		case "openai-responses":
			return {
				openai: { store: false, forceReasoning: true, reasoningEffort: thinking, reasoningSummary: "auto" },
			};
		case "google-generative-ai":
			return {
				google: { thinkingConfig: { includeThoughts: true, ...googleThinkingAmount(model.id, thinking) } },
			};
		case "openai-completions":
			return { openaiCompatible: { reasoningEffort: thinking } };
	}
}

/** Gemini 2.x takes a token budget; later models take a named level. */
function googleThinkingAmount(modelId: string, level: EffortLevel): Record<string, string | number> {
	return /gemini-2\./.test(modelId) ? { thinkingBudget: THINKING_BUDGET[level] } : { thinkingLevel: level };
}
