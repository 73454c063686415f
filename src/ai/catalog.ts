/**
 * The model catalog: built-in providers with the figures weft needs to budget
 * context and report cost, merged with whatever settings add or override.
 * Prices are US dollars per million tokens at the standard (not batch) tier;
 * tiered long-context surcharges are not modelled.
 */
import { closeMatches } from "../base/close-matches.js";
import type { ModelCost, ModelInfo } from "../kernel/provider.js";
import type { Settings } from "./settings.js";
import { API_KINDS, type ModelConfig, type ProviderConfig } from "./types.js";

export type BuiltinProvider = ProviderConfig & { defaultModel?: string };

/** Defaults for a model that settings name without figures. */
export const DEFAULT_CONTEXT_WINDOW = 128_000;
export const DEFAULT_MAX_OUTPUT = 16_384;

type Figures = [input: number, output: number, cacheRead: number, cacheWrite: number];

function model(
	id: string,
	name: string,
	contextWindow: number,
	maxOutput: number,
	[input, output, cacheRead, cacheWrite]: Figures,
	reasoning: boolean,
): ModelConfig {
	return {
		id,
		name,
		contextWindow,
		maxOutput,
		cost: { input, output, cacheRead, cacheWrite },
		reasoning,
		input: ["text", "image"],
	};
}

// Anthropic bills cache writes (5-minute TTL) at 1.25x input and cache reads at 0.1x.
const ANTHROPIC_MODELS: ModelConfig[] = [
	model("claude-opus-4-8", "Claude Opus 4.8", 1_000_000, 128_000, [5, 25, 0.5, 6.25], true),
	model("claude-opus-4-7", "Claude Opus 4.7", 1_000_000, 128_000, [5, 25, 0.5, 6.25], true),
	model("claude-opus-4-6", "Claude Opus 4.6", 1_000_000, 128_000, [5, 25, 0.5, 6.25], true),
	model("claude-opus-4-5", "Claude Opus 4.5", 200_000, 64_000, [5, 25, 0.5, 6.25], true),
	model("claude-opus-4-1", "Claude Opus 4.1", 200_000, 32_000, [15, 75, 1.5, 18.75], true),
	model("claude-opus-4-0", "Claude Opus 4", 200_000, 32_000, [15, 75, 1.5, 18.75], true),
	model("claude-sonnet-4-6", "Claude Sonnet 4.6", 1_000_000, 64_000, [3, 15, 0.3, 3.75], true),
	model("claude-sonnet-4-5", "Claude Sonnet 4.5", 200_000, 64_000, [3, 15, 0.3, 3.75], true),
	model("claude-sonnet-4-0", "Claude Sonnet 4", 200_000, 64_000, [3, 15, 0.3, 3.75], true),
	model("claude-haiku-4-5", "Claude Haiku 4.5", 200_000, 64_000, [1, 5, 0.1, 1.25], true),
	model("claude-3-haiku-20240307", "Claude Haiku 3", 200_000, 4_096, [0.25, 1.25, 0.03, 0.3], false),
];

// OpenAI caches prompts automatically: no write charge, reads at the "cached input" price.
const OPENAI_MODELS: ModelConfig[] = [
	model("gpt-5.4", "GPT-5.4", 1_050_000, 128_000, [2.5, 15, 0.25, 0], true),
	model("gpt-5.2", "GPT-5.2", 400_000, 128_000, [1.75, 14, 0.175, 0], true),
	model("gpt-5.1", "GPT-5.1", 400_000, 128_000, [1.25, 10, 0.125, 0], true),
	model("gpt-5", "GPT-5", 400_000, 128_000, [1.25, 10, 0.125, 0], true),
	model("gpt-5-mini", "GPT-5 mini", 400_000, 128_000, [0.25, 2, 0.025, 0], true),
	model("gpt-5-nano", "GPT-5 nano", 400_000, 128_000, [0.05, 0.4, 0.005, 0], true),
	model("gpt-4.1", "GPT-4.1", 1_047_576, 32_768, [2, 8, 0.5, 0], false),
	model("gpt-4.1-mini", "GPT-4.1 mini", 1_047_576, 32_768, [0.4, 1.6, 0.1, 0], false),
	model("gpt-4.1-nano", "GPT-4.1 nano", 1_047_576, 32_768, [0.1, 0.4, 0.025, 0], false),
	model("gpt-4o", "GPT-4o", 128_000, 16_384, [2.5, 10, 1.25, 0], false),
	model("gpt-4o-mini", "GPT-4o mini", 128_000, 16_384, [0.15, 0.6, 0.075, 0], false),
	model("o3", "o3", 200_000, 100_000, [2, 8, 0.5, 0], true),
	model("o4-mini", "o4-mini", 200_000, 100_000, [1.1, 4.4, 0.275, 0], true),
];

// Gemini prices are for prompts up to 200k tokens; cache storage (per hour) is not modelled.
const GOOGLE_MODELS: ModelConfig[] = [
	model("gemini-2.5-pro", "Gemini 2.5 Pro", 1_048_576, 65_536, [1.25, 10, 0.125, 0], true),
	model("gemini-2.5-flash", "Gemini 2.5 Flash", 1_048_576, 65_536, [0.3, 2.5, 0.03, 0], true),
	model("gemini-2.5-flash-lite", "Gemini 2.5 Flash-Lite", 1_048_576, 65_536, [0.1, 0.4, 0.01, 0], true),
	model("gemini-2.0-flash", "Gemini 2.0 Flash", 1_048_576, 8_192, [0.1, 0.4, 0.025, 0], false),
];

/**
 * Providers weft knows without configuration. The OpenAI-compatible presets
 * list no models: any model id the service accepts can be used with them.
 */
export const BUILTIN_PROVIDERS: Record<string, BuiltinProvider> = {
	anthropic: {
		api: "anthropic-messages",
		baseUrl: "https://api.anthropic.com/v1",
		models: ANTHROPIC_MODELS,
		defaultModel: "claude-sonnet-4-6",
	},
	openai: {
		api: "openai-responses",
		baseUrl: "https://api.openai.com/v1",
		models: OPENAI_MODELS,
		defaultModel: "gpt-5.4",
	},
	google: {
		api: "google-generative-ai",
		baseUrl: "https://generativelanguage.googleapis.com/v1beta",
		models: GOOGLE_MODELS,
		defaultModel: "gemini-2.5-pro",
	},
	openrouter: { api: "openai-completions", baseUrl: "https://openrouter.ai/api/v1", models: [] },
	groq: { api: "openai-completions", baseUrl: "https://api.groq.com/openai/v1", models: [] },
	xai: { api: "openai-completions", baseUrl: "https://api.x.ai/v1", models: [] },
	deepseek: { api: "openai-completions", baseUrl: "https://api.deepseek.com/v1", models: [] },
	mistral: { api: "openai-completions", baseUrl: "https://api.mistral.ai/v1", models: [] },
	cerebras: { api: "openai-completions", baseUrl: "https://api.cerebras.ai/v1", models: [] },
};

/** Built-in providers with settings applied: `providers.<name>` first, then `models.<name>`. */
export function resolveProviders(settings: Settings): Record<string, BuiltinProvider> {
	const resolved: Record<string, BuiltinProvider> = { ...BUILTIN_PROVIDERS };
	for (const [name, config] of Object.entries(settings.providers ?? {})) {
		const base = resolved[name] as BuiltinProvider | undefined;
		const api = config.api ?? base?.api;
		if (!api) {
			throw new Error(`provider "${name}" has no "api"; expected one of ${API_KINDS.join(", ")}`);
		}
		resolved[name] = { ...base, ...config, api, models: mergeModels(base?.models, config.models) };
	}
	for (const [name, models] of Object.entries(settings.models ?? {})) {
		const base = resolved[name] as BuiltinProvider | undefined;
		if (!base) throw new Error(`settings "models" names provider "${name}", which is not configured`);
		resolved[name] = { ...base, models: mergeModels(base.models, models) };
	}
	return resolved;
}

/** Every provider's models with all figures filled in, keyed by provider name. */
export function buildModelTable(settings: Settings): Map<string, ModelInfo[]> {
	const table = new Map<string, ModelInfo[]>();
	for (const [name, provider] of Object.entries(resolveProviders(settings))) {
		table.set(
			name,
			(provider.models ?? []).map((config) => toModelInfo(name, provider, config)),
		);
	}
	return table;
}

export function toModelInfo(providerName: string, provider: ProviderConfig, config: ModelConfig): ModelInfo {
	const contextWindow = config.contextWindow ?? DEFAULT_CONTEXT_WINDOW;
	const cost: ModelCost = { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, ...config.cost };
	return {
		id: config.id,
		provider: providerName,
		api: provider.api,
		...(config.name ? { name: config.name } : {}),
		...(provider.baseUrl ? { baseUrl: provider.baseUrl } : {}),
		contextWindow,
		...(config.contextWindow === undefined ? { contextWindowUnknown: true } : {}),
		// Half the window at most, so a small local model still has room for the prompt.
		maxOutput: config.maxOutput ?? Math.min(DEFAULT_MAX_OUTPUT, Math.floor(contextWindow / 2)),
		cost,
		reasoning: config.reasoning ?? false,
		input: config.input ?? ["text"],
	};
}

export type ModelLookup = ModelInfo | { error: string };

/**
 * Finds `modelId` (optionally `provider/modelId`) in the table. Providers that
 * list no models (OpenAI-compatible presets) accept any id when their config
 * is passed in `providers`, since the service itself knows its models.
 */
export function findModel(
	table: Map<string, ModelInfo[]>,
	provider: string | undefined,
	modelId: string,
	providers?: Record<string, ProviderConfig>,
): ModelLookup {
	if (provider !== undefined) return findInProvider(table, provider, modelId, providers);
	const hits = [...table.values()].flat().filter((m) => m.id === modelId);
	if (hits.length === 1) return hits[0];
	if (hits.length > 1) {
		const choices = hits.map((m) => `${m.provider}/${m.id}`).join(", ");
		return { error: `model "${modelId}" is offered by several providers; name one: ${choices}` };
	}
	const slash = modelId.indexOf("/");
	if (slash > 0 && table.has(modelId.slice(0, slash))) {
		return findInProvider(table, modelId.slice(0, slash), modelId.slice(slash + 1), providers);
	}
	const all = [...table.values()].flat().map((m) => `${m.provider}/${m.id}`);
	const ids = [...table.values()].flat().map((m) => m.id);
	const close = closeMatches(modelId, ids).flatMap((id) => all.filter((full) => full.endsWith(`/${id}`)));
	const hint = close.length > 0 ? ` Did you mean ${close.join(", ")}?` : "";
	return { error: `unknown model "${modelId}".${hint} ${addModelHint("<provider>", modelId)}` };
}

function findInProvider(
	table: Map<string, ModelInfo[]>,
	provider: string,
	modelId: string,
	providers: Record<string, ProviderConfig> | undefined,
): ModelLookup {
	const models = table.get(provider);
	if (!models) {
		const close = closeMatches(provider, [...table.keys()]);
		const hint = close.length > 0 ? `Did you mean ${close.join(", ")}? ` : "";
		return {
			error: `unknown provider "${provider}". ${hint}Known providers: ${[...table.keys()].join(", ")}.`,
		};
	}
	const found = models.find((m) => m.id === modelId);
	if (found) return found;
	const config = providers?.[provider];
	if (models.length === 0 && config) return toModelInfo(provider, config, { id: modelId });
	const close = closeMatches(
		modelId,
		models.map((m) => m.id),
	);
	const known = models.length === 0 ? "It lists no models." : `Known: ${models.map((m) => m.id).join(", ")}.`;
	const hint = close.length > 0 ? `Did you mean ${close.join(", ")}?` : known;
	return {
		error: `unknown model "${modelId}" for provider "${provider}". ${hint} ${addModelHint(provider, modelId)}`,
	};
}

function addModelHint(provider: string, modelId: string): string {
	return `To use a model the catalog lacks, add it to settings.json: "models": { "${provider}": [{ "id": "${modelId}" }] }`;
}

/** Later entries override earlier ones field by field (cost too); new ids are appended. */
function mergeModels(base: ModelConfig[] = [], extra: ModelConfig[] = []): ModelConfig[] {
	const merged = base.map((m) => ({ ...m }));
	for (const config of extra) {
		const index = merged.findIndex((m) => m.id === config.id);
		if (index === -1) merged.push({ ...config });
		else {
			const cost = merged[index].cost || config.cost ? { ...merged[index].cost, ...config.cost } : undefined;
			merged[index] = { ...merged[index], ...config, ...(cost ? { cost } : {}) };
		}
	}
	return merged;
}
