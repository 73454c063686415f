import { describe, expect, it } from "vitest";
import type { ModelInfo } from "../kernel/provider.js";
import { BUILTIN_PROVIDERS, buildModelTable, findModel, resolveProviders } from "./catalog.js";
import { API_KINDS } from "./types.js";

function found(result: ModelInfo | { error: string }): ModelInfo {
	if ("error" in result) throw new Error(result.error);
	return result;
}

function failed(result: ModelInfo | { error: string }): string {
	if (!("error" in result)) throw new Error(`expected an error, found ${result.provider}/${result.id}`);
	return result.error;
}

describe("built-in catalog", () => {
	it("gives every built-in model complete, plausible figures", () => {
		for (const [provider, models] of buildModelTable({})) {
			expect(API_KINDS).toContain(BUILTIN_PROVIDERS[provider].api);
			for (const model of models) {
				expect(model.contextWindow).toBeGreaterThanOrEqual(model.maxOutput);
				expect(model.cost.output).toBeGreaterThan(model.cost.input);
				expect(model.cost.cacheRead).toBeLessThan(model.cost.input);
				expect(model.name).toBeTruthy();
			}
		}
	});

	it("serves each built-in provider's default model from its own list", () => {
		const table = buildModelTable({});
		for (const [name, provider] of Object.entries(BUILTIN_PROVIDERS)) {
			if (provider.defaultModel)
				expect(found(findModel(table, name, provider.defaultModel)).provider).toBe(name);
		}
	});

	it("carries the provider's api and base URL onto each model", () => {
		const sonnet = found(findModel(buildModelTable({}), "anthropic", "claude-sonnet-4-5"));
		expect(sonnet).toMatchObject({
			provider: "anthropic",
			api: "anthropic-messages",
			baseUrl: "https://api.anthropic.com/v1",
			contextWindow: 200_000,
			maxOutput: 64_000,
			cost: { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 },
			reasoning: true,
		});
	});
});

describe("buildModelTable with settings", () => {
	it("adds a settings model with default figures where it gives none", () => {
		const table = buildModelTable({
			providers: {
				local: {
					api: "openai-completions",
					baseUrl: "http://127.0.0.1:11434/v1",
					models: [{ id: "qwen2.5-coder", contextWindow: 32768 }, { id: "bare" }],
				},
			},
		});
		expect(table.get("local")).toEqual([
			{
				id: "qwen2.5-coder",
				provider: "local",
				api: "openai-completions",
				baseUrl: "http://127.0.0.1:11434/v1",
				contextWindow: 32768,
				maxOutput: 16384,
				cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 },
				reasoning: false,
				input: ["text"],
			},
			expect.objectContaining({
				id: "bare",
				contextWindow: 128_000,
				contextWindowUnknown: true,
				maxOutput: 16_384,
			}),
		]);
	});

	it("keeps a small model's default output within half its context window", () => {
		const table = buildModelTable({ models: { openai: [{ id: "tiny", contextWindow: 8192 }] } });
		expect(found(findModel(table, "openai", "tiny")).maxOutput).toBe(4096);
	});

	it("overrides figures of a built-in model field by field and keeps the rest", () => {
		const table = buildModelTable({
			models: { openai: [{ id: "gpt-4o", cost: { input: 2 }, maxOutput: 8000 }] },
		});
		const gpt4o = found(findModel(table, "openai", "gpt-4o"));
		expect(gpt4o.cost).toEqual({ input: 2, output: 10, cacheRead: 1.25, cacheWrite: 0 });
		expect(gpt4o.maxOutput).toBe(8000);
		expect(gpt4o.contextWindow).toBe(128_000);
		expect(table.get("openai")?.filter((m) => m.id === "gpt-4o")).toHaveLength(1);
	});

	it("lets settings point a built-in provider elsewhere without losing its models", () => {
		const table = buildModelTable({
			providers: { anthropic: { api: "anthropic-messages", baseUrl: "https://proxy.test/v1" } },
		});
		expect(found(findModel(table, "anthropic", "claude-haiku-4-5")).baseUrl).toBe("https://proxy.test/v1");
	});

	it("applies models.<provider> after providers.<provider>.models", () => {
		const settings = {
			providers: {
				local: { api: "openai-completions" as const, models: [{ id: "m", contextWindow: 4096 }] },
			},
			models: { local: [{ id: "m", contextWindow: 8192 }] },
		};
		expect(resolveProviders(settings).local.models).toEqual([{ id: "m", contextWindow: 8192 }]);
		expect(found(findModel(buildModelTable(settings), "local", "m")).contextWindow).toBe(8192);
	});
});

describe("findModel", () => {
	const table = buildModelTable({
		providers: { proxy: { api: "anthropic-messages", models: [{ id: "claude-haiku-4-5" }] } },
	});

	it("finds a model by id alone when one provider offers it", () => {
		expect(found(findModel(table, undefined, "gpt-5-mini")).provider).toBe("openai");
	});

	it("asks for the provider when several offer the same id", () => {
		expect(failed(findModel(table, undefined, "claude-haiku-4-5"))).toBe(
			'model "claude-haiku-4-5" is offered by several providers; name one: anthropic/claude-haiku-4-5, proxy/claude-haiku-4-5',
		);
		expect(found(findModel(table, undefined, "proxy/claude-haiku-4-5")).provider).toBe("proxy");
	});

	it("suggests close matches for a misspelt model", () => {
		const error = failed(findModel(table, "anthropic", "claude-sonet-4-5"));
		expect(error).toContain(
			'unknown model "claude-sonet-4-5" for provider "anthropic". Did you mean claude-sonnet-4-5',
		);
		expect(error).toContain('"models": { "anthropic": [{ "id": "claude-sonet-4-5" }] }');
		expect(failed(findModel(table, undefined, "gemini-2.5-flsh"))).toContain(
			"Did you mean google/gemini-2.5-flash",
		);
	});

	it("lists known providers for an unknown one", () => {
		const error = failed(findModel(table, "antropic", "x"));
		expect(error).toContain('unknown provider "antropic". Did you mean anthropic?');
		expect(error).toContain("Known providers: anthropic, openai, google, openrouter");
	});

	it("accepts any id for a provider that lists no models when its config is given", () => {
		const providers = resolveProviders({});
		const model = found(findModel(table, "openrouter", "qwen/qwen3-coder", providers));
		expect(model).toMatchObject({
			id: "qwen/qwen3-coder",
			provider: "openrouter",
			api: "openai-completions",
			baseUrl: "https://openrouter.ai/api/v1",
			contextWindow: 128_000,
		});
		expect(failed(findModel(table, "openrouter", "qwen/qwen3-coder"))).toContain("It lists no models.");
	});
});
