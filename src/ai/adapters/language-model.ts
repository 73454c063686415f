/**
 * Creates the AI SDK language model for one api kind. The SDK packages cost
 * ≈125 ms to import, so each is imported on first use and cached; nothing
 * here loads an @ai-sdk package at module load.
 */
import type { LanguageModelV3 } from "@ai-sdk/provider";
import { type ApiKind, ProviderError } from "../../kernel/provider.js";

export interface ModelSettings {
	/** The weft provider name (used by the OpenAI-compatible SDK for its options key). */
	provider: string;
	modelId: string;
	baseUrl: string | undefined;
	/** Empty when none is configured: the SDKs must not read their own env vars behind weft's back. */
	apiKey: string;
	headers: Record<string, string> | undefined;
	fetch: typeof globalThis.fetch;
}

type ModelFactory = (settings: ModelSettings) => LanguageModelV3;

/** Where requests go when the provider config names no baseUrl (used in error messages). */
export const DEFAULT_BASE_URLS: Record<ApiKind, string | undefined> = {
	"openai-completions": undefined,
	"openai-responses": "https://api.openai.com/v1",
	"anthropic-messages": "https://api.anthropic.com/v1",
	"google-generative-ai": "https://generativelanguage.googleapis.com/v1beta",
};

const loaders: Record<ApiKind, () => Promise<ModelFactory>> = {
	"openai-completions": async () => {
		const { createOpenAICompatible } = await import("@ai-sdk/openai-compatible");
		return (s) =>
			createOpenAICompatible({
				name: s.provider,
				baseURL: requireBaseUrl(s),
				apiKey: s.apiKey || undefined,
				headers: s.headers,
				fetch: s.fetch,
				includeUsage: true,
			}).chatModel(s.modelId);
	},
	"openai-responses": async () => {
		const { createOpenAI } = await import("@ai-sdk/openai");
		return (s) =>
			createOpenAI({ baseURL: s.baseUrl, apiKey: s.apiKey, headers: s.headers, fetch: s.fetch }).responses(
				s.modelId,
			);
	},
	"anthropic-messages": async () => {
		const { createAnthropic } = await import("@ai-sdk/anthropic");
		return (s) =>
			createAnthropic({
				baseURL: s.baseUrl,
				apiKey: s.apiKey,
				headers: s.headers,
				fetch: s.fetch,
			}).languageModel(s.modelId);
	},
	"google-generative-ai": async () => {
		const { createGoogleGenerativeAI } = await import("@ai-sdk/google");
		return (s) =>
			createGoogleGenerativeAI({
				baseURL: s.baseUrl,
				apiKey: s.apiKey,
				headers: s.headers,
				fetch: s.fetch,
			}).languageModel(s.modelId);
	},
};

const factories = new Map<ApiKind, Promise<ModelFactory>>();

export async function createLanguageModel(api: ApiKind, settings: ModelSettings): Promise<LanguageModelV3> {
	const load = loaders[api];
	if (!load) {
		throw new ProviderError(
			"config",
			`provider ${settings.provider} has unknown api "${api}"; use one of: ${Object.keys(loaders).join(", ")}`,
		);
	}
	let factory = factories.get(api);
	if (!factory) {
		factory = load();
		factories.set(api, factory);
		factory.catch(() => factories.delete(api));
	}
	return (await factory)(settings);
}

function requireBaseUrl(settings: ModelSettings): string {
	if (settings.baseUrl) return settings.baseUrl;
	throw new ProviderError(
		"config",
		`provider ${settings.provider} (api openai-completions) needs a baseUrl in settings, e.g. http://localhost:11434/v1`,
	);
}
