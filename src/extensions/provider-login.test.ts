import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { saveLogin, storedLogin } from "../ai/login-credentials.js";
import type { ProviderEvent, ProviderRequest } from "../kernel/provider.js";
import type { ProviderLogin } from "../kernel/provider-login.js";
import { toProvider } from "./api-registrations.js";

let home: string;
beforeEach(() => {
	home = mkdtempSync(join(tmpdir(), "weft-provider-login-"));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

const login: ProviderLogin = {
	name: "Corp SSO",
	login: async () => ({ access: "a", refresh: "r", expires: 0 }),
	refreshToken: async (c) => ({ ...c, access: `${c.access}+`, expires: Date.now() + 60_000 }),
	getApiKey: (c) => `key-${c.access}`,
};

/** A provider with its own stream that answers with the key it was given. */
function corp(extra: Record<string, unknown> = {}) {
	const keys: Array<string | undefined> = [];
	const provider = toProvider(
		"corp",
		{
			models: [{ id: "m" }],
			async *stream(request: ProviderRequest): AsyncIterable<ProviderEvent> {
				keys.push(request.apiKey);
				yield { type: "text_delta", text: String(request.apiKey) };
			},
			oauth: login,
			...extra,
		},
		{ home, env: {} },
	);
	return { provider, keys };
}

const request = (): ProviderRequest => ({
	model: {
		id: "m",
		provider: "corp",
		api: "custom",
		contextWindow: 1000,
		maxOutput: 100,
		cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 },
	},
	systemPrompt: "",
	messages: [],
	tools: [],
	signal: new AbortController().signal,
});

async function drain(stream: AsyncIterable<ProviderEvent>): Promise<ProviderEvent[]> {
	const events: ProviderEvent[] = [];
	for await (const event of stream) events.push(event);
	return events;
}

describe("a registered provider with a login", () => {
	it("carries the login for /login and sends each request with getApiKey's key, refreshing an expired login first", async () => {
		const { provider, keys } = corp();
		expect(provider.login?.name).toBe("Corp SSO");
		saveLogin(home, "corp", { access: "a", refresh: "r", expires: Date.now() + 60_000 });
		expect(provider.keyProblem?.()).toBeUndefined();
		await drain(provider.stream(request()));
		saveLogin(home, "corp", { access: "old", refresh: "r", expires: 1 });
		await drain(provider.stream(request()));
		expect(keys).toEqual(["key-a", "key-old+"]);
		expect(storedLogin(home, "corp")?.access).toBe("old+");
	});

	it("without a login and no other key, fails telling the user to run /login <provider>", async () => {
		const { provider, keys } = corp();
		const message = `provider "corp" needs a login: type /login corp in weft's terminal UI`;
		expect(provider.keyProblem?.()).toBe(message);
		await expect(drain(provider.stream(request()))).rejects.toMatchObject({ kind: "auth", message });
		expect(keys).toEqual([]);
	});

	it("without a login, uses the provider's other key when it says it has one, and names it when it has not", async () => {
		const { provider, keys } = corp({ keyProblem: () => undefined });
		await drain(provider.stream(request()));
		expect(keys).toEqual([undefined]);
		const unset = corp({ keyProblem: () => "set $CORP_TOKEN" }).provider;
		expect(unset.keyProblem?.()).toBe(
			`provider "corp" needs a login: type /login corp in weft's terminal UI (or give it a key: set $CORP_TOKEN)`,
		);
	});

	it("a settings-shaped provider is rebuilt around the login's key", async () => {
		const provider = toProvider(
			"corp",
			{ api: "openai-completions", baseUrl: "http://127.0.0.1:9/v1", models: [{ id: "m" }], oauth: login },
			{ home, env: {} },
		);
		expect(provider.keyProblem?.()).toBe(
			`provider "corp" needs a login: type /login corp in weft's terminal UI`,
		);
		saveLogin(home, "corp", { access: "a", refresh: "r", expires: Date.now() + 60_000 });
		expect(provider.keyProblem?.()).toBeUndefined();
		const withVariable = toProvider(
			"corp",
			{ api: "openai-completions", apiKey: "$CORP_TOKEN", models: [{ id: "m" }], oauth: login },
			{ home: join(home, "elsewhere"), env: {} },
		);
		expect(withVariable.keyProblem?.()).toMatch(
			/needs a login: type \/login corp in weft's terminal UI \(or give it a key: .*CORP_TOKEN is not set\)/,
		);
	});

	it("refuses an oauth without its functions, naming what is missing", () => {
		expect(() => corp({ oauth: { name: "x", login: async () => ({}) } })).toThrow(
			/registerProvider\("corp"\): oauth must be \{ name, login\(callbacks\), refreshToken\(credentials\), getApiKey\(credentials\) \} \(missing refreshToken, getApiKey\)/,
		);
	});
});
