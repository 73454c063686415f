/** Shapes shared inside the AI layer: provider configuration as it appears in settings. */
import type { ApiKind, ModelCost } from "../kernel/provider.js";

export const API_KINDS: readonly ApiKind[] = [
	"openai-completions",
	"openai-responses",
	"anthropic-messages",
	"google-generative-ai",
];

/** One model entry of a provider in settings; everything but `id` is optional. */
export interface ModelConfig {
	id: string;
	name?: string;
	contextWindow?: number;
	maxOutput?: number;
	cost?: Partial<ModelCost>;
	reasoning?: boolean;
	input?: Array<"text" | "image">;
}

/** `settings.providers.<name>`: exactly the shape users write. */
export interface ProviderConfig {
	api: ApiKind;
	baseUrl?: string;
	/** A literal key, or `$ENV_NAME` / `env:ENV_NAME` to read it from the environment. */
	apiKey?: string;
	headers?: Record<string, string>;
	models?: ModelConfig[];
}
