import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { ModelInfo } from "../../src/kernel/provider.js";
import { type Fake, fakeServices, MODEL } from "./commands-fake-services.js";

const model = (provider: string, id: string, extra: Partial<ModelInfo> = {}): ModelInfo => ({
	id,
	provider,
	api: "openai-completions",
	contextWindow: 128_000,
	maxOutput: 16_384,
	cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 },
	...extra,
});

const MODELS: ModelInfo[] = [
	MODEL,
	model("anthropic", "claude-sonnet-4-5", {
		contextWindow: 200_000,
		cost: { input: 3, output: 15, cacheRead: 0, cacheWrite: 0 },
	}),
	model("anthropic", "claude-haiku-4-5"),
	model("openai", "gpt-4o"),
	model("openai", "gpt-4o-mini"),
	model("local", "gpt-4o"),
];

/** Keys for the cloud providers the list names, so every model is usable unless a test says otherwise. */
const KEYS = { ANTHROPIC_API_KEY: "sk-a", OPENAI_API_KEY: "sk-o", OPENROUTER_API_KEY: "sk-r" };

let fake: Fake;
afterEach(() => fake.cleanup());

const current = () => `${fake.model.provider}/${fake.model.id}`;

describe("/model", () => {
	it("without a query offers every model, marks the current one, and switches to the pick", async () => {
		fake = fakeServices({ models: MODELS, env: KEYS });
		fake.user.selects("openai/gpt-4o-mini");
		await fake.run("model");

		const picker = fake.user.dialogs[0];
		expect(picker.kind).toBe("select");
		expect(picker.items?.map((i) => i.label)).toEqual(MODELS.map((m) => `${m.provider}/${m.id}`));
		expect(picker.items?.[0].description).toBe(
			"current · Claude Sonnet 4.6 · 1M context · $3 in / $15 out per M tokens",
		);
		expect(picker.items?.[1].description).toBe("200k context · $3 in / $15 out per M tokens");
		expect(picker.items?.[2].description).toBe("128k context");
		expect(current()).toBe("openai/gpt-4o-mini");
		expect(fake.user.notes).toContainEqual({ message: "Model: openai/gpt-4o-mini", level: "info" });
	});

	it("keeps the model when the picker is cancelled", async () => {
		fake = fakeServices({ models: MODELS, env: KEYS });
		fake.user.selects(undefined);
		await fake.run("model");
		expect(current()).toBe("anthropic/claude-sonnet-4-6");
		expect(fake.user.notes).toEqual([]);
	});

	it("switches at once to an exact provider/id, or to an id only one provider offers", async () => {
		fake = fakeServices({ models: MODELS, env: KEYS });
		await fake.run("model", "anthropic/claude-haiku-4-5");
		expect(current()).toBe("anthropic/claude-haiku-4-5");
		await fake.run("model", "gpt-4o-mini");
		expect(current()).toBe("openai/gpt-4o-mini");
		expect(fake.user.dialogs).toEqual([]);
	});

	it("switches at once to the only fuzzy match", async () => {
		fake = fakeServices({ models: MODELS, env: KEYS });
		await fake.run("model", "haiku");
		expect(current()).toBe("anthropic/claude-haiku-4-5");
		expect(fake.user.dialogs).toEqual([]);
	});

	it("opens the picker narrowed to the candidates when the query names several", async () => {
		fake = fakeServices({ models: MODELS, env: KEYS });
		fake.user.selects("local/gpt-4o");
		await fake.run("model", "gpt-4o");
		expect(fake.user.dialogs[0].title).toBe('Models matching "gpt-4o"');
		expect(fake.user.dialogs[0].items?.map((i) => i.value)).toEqual(["openai/gpt-4o", "local/gpt-4o"]);
		expect(current()).toBe("local/gpt-4o");

		fake.user.selects("anthropic/claude-sonnet-4-5");
		await fake.run("model", "sonnet");
		expect(fake.user.dialogs[1].items?.map((i) => i.value)).toEqual([
			"anthropic/claude-sonnet-4-6",
			"anthropic/claude-sonnet-4-5",
		]);
		expect(current()).toBe("anthropic/claude-sonnet-4-5");
	});

	it("reports an unknown model with the closest names and keeps the current one", async () => {
		fake = fakeServices({ models: MODELS, env: KEYS });
		await fake.run("model", "gpt-4x");
		expect(current()).toBe("anthropic/claude-sonnet-4-6");
		const [error] = fake.user.notesAt("error");
		expect(error).toContain('no model matches "gpt-4x"');
		expect(error).toContain("Did you mean openai/gpt-4o");
		expect(fake.user.dialogs).toEqual([]);
	});

	it("accepts any model id of a provider that lists none", async () => {
		fake = fakeServices({ models: MODELS, env: KEYS });
		await fake.run("model", "openrouter/meta-llama/llama-4");
		expect(fake.model).toMatchObject({ provider: "openrouter", id: "meta-llama/llama-4" });
		expect(fake.model.baseUrl).toBe("https://openrouter.ai/api/v1");
	});

	it("lists usable models first, marks the others with how to enable them, and refuses them", async () => {
		// No OpenAI key; "local" is a custom server that needs none.
		fake = fakeServices({ models: MODELS, env: { ANTHROPIC_API_KEY: "sk-a" } });
		fake.user.selects("openai/gpt-4o");
		await fake.run("model");

		const items = fake.user.dialogs[0].items ?? [];
		expect(items.map((i) => i.value)).toEqual([
			"anthropic/claude-sonnet-4-6",
			"anthropic/claude-sonnet-4-5",
			"anthropic/claude-haiku-4-5",
			"local/gpt-4o",
			"openai/gpt-4o",
			"openai/gpt-4o-mini",
		]);
		expect(items[3].description).toBe("128k context");
		expect(items[4].description).toBe("no key: set OPENAI_API_KEY or use /login · 128k context");
		expect(current()).toBe("anthropic/claude-sonnet-4-6");
		expect(fake.user.notesAt("error")).toEqual([
			'/model: openai/gpt-4o cannot be used yet: no API key for "openai": set OPENAI_API_KEY, or store one with /login',
		]);

		await fake.run("model", "gpt-4o-mini");
		expect(current()).toBe("anthropic/claude-sonnet-4-6");
		expect(fake.user.notesAt("error")[1]).toContain("set OPENAI_API_KEY, or store one with /login");
	});

	it("counts a key stored with /login or named in settings", async () => {
		fake = fakeServices({
			models: MODELS,
			env: { WORK_KEY: "sk-w" },
			settings: {
				providers: {
					anthropic: { api: "anthropic-messages", apiKey: "$WORK_KEY" },
					openai: { api: "openai-responses", apiKey: "env:UNSET_KEY" },
				},
			},
		});
		writeFileSync(
			join(fake.home, "auth.json"),
			JSON.stringify({ openrouter: { type: "api_key", key: "sk-r" } }),
		);
		await fake.run("model", "claude-haiku-4-5");
		expect(current()).toBe("anthropic/claude-haiku-4-5");
		await fake.run("model", "openrouter/some/model");
		expect(current()).toBe("openrouter/some/model");
		await fake.run("model", "gpt-4o-mini");
		expect(current()).toBe("openrouter/some/model");
		expect(fake.user.notesAt("error")[0]).toContain("UNSET_KEY is not set");
	});

	it("says so when no model is available at all", async () => {
		fake = fakeServices({ models: [] });
		await fake.run("model");
		expect(fake.user.notesAt("error")[0]).toContain("no models are available");
	});
});
