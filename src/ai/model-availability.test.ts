import { describe, expect, it } from "vitest";
import { modelsWithKeys } from "./model-availability.js";

const models = [
	{ provider: "anthropic", id: "a" },
	{ provider: "openai", id: "o" },
	{ provider: "local", id: "l" },
	{ provider: "unlisted", id: "u" },
];

describe("modelsWithKeys", () => {
	it("drops the models of providers without a key, keeps those needing none and the current one", () => {
		const providers = [
			{ name: "anthropic", keyProblem: () => 'no API key for "anthropic"' },
			{ name: "openai", keyProblem: () => 'no API key for "openai"' },
			{ name: "local", keyProblem: () => undefined },
		];
		expect(modelsWithKeys(models, providers).map((m) => m.id)).toEqual(["l", "u"]);
		expect(modelsWithKeys(models, providers, { provider: "openai" }).map((m) => m.id)).toEqual([
			"o",
			"l",
			"u",
		]);
	});

	it("keeps a provider that cannot tell (no keyProblem)", () => {
		expect(modelsWithKeys(models, [{ name: "anthropic" }])).toHaveLength(4);
	});
});
