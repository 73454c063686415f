import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { BUILTIN_OWNER } from "../../src/kernel/owner.js";
import {
	type KeyTester,
	type KeyTestTarget,
	testApiKey,
} from "../../src/modes/interactive/commands/key-test.js";
import { loginCommand } from "../../src/modes/interactive/commands/login.js";
import { type MockLlm, startMockLlm } from "../../src/testing/index.js";
import { type Fake, type FakeOptions, fakeServices } from "./commands-fake-services.js";

let fake: Fake;
let llm: MockLlm | undefined;
afterEach(async () => {
	fake.cleanup();
	await llm?.close();
	llm = undefined;
});

/** The services with /login using `tester` instead of a network request. */
function withTester(tester: KeyTester, options: FakeOptions = {}): { tested: KeyTestTarget[] } {
	fake = fakeServices(options);
	const tested: KeyTestTarget[] = [];
	fake.kernel.commands.register(
		"login",
		loginCommand(fake.services, async (target) => {
			tested.push(target);
			return tester(target);
		}),
		BUILTIN_OWNER,
	);
	return { tested };
}

const authFile = () => join(fake.home, "auth.json");
const stored = () => JSON.parse(readFileSync(authFile(), "utf8"));

describe("/login", () => {
	it("offers the known providers, tests the key against the default model and saves it at mode 0600", async () => {
		const { tested } = withTester(async () => ({ ok: true }));
		fake.user.selects("anthropic").types("  sk-ant-good  ");
		await fake.run("login");

		const [picker, input] = fake.user.dialogs;
		expect(picker.items?.map((i) => i.value)).toEqual(
			expect.arrayContaining(["anthropic", "openai", "google"]),
		);
		expect(picker.items?.find((i) => i.value === "anthropic")?.description).toBe("no key yet");
		expect(input.placeholder).toContain("ANTHROPIC_API_KEY");
		expect(tested).toHaveLength(1);
		expect(tested[0]).toMatchObject({ provider: "anthropic", key: "sk-ant-good" });
		expect(tested[0].model.id).toBe("claude-sonnet-4-6");
		expect(stored()).toEqual({ anthropic: { type: "api_key", key: "sk-ant-good" } });
		expect(statSync(authFile()).mode & 0o777).toBe(0o600);
		expect(fake.user.notesAt("success")[0]).toContain("Saved the API key for anthropic");
	});

	it("does not save a key the provider rejects and shows why", async () => {
		withTester(async () => ({ ok: false, error: "provider openai rejected the API key (401 bad key)" }));
		fake.user.types("sk-wrong");
		await fake.run("login", "openai");
		expect(existsSync(authFile())).toBe(false);
		expect(fake.user.notesAt("error")).toEqual([
			"The key was not saved: provider openai rejected the API key (401 bad key)",
		]);
	});

	it("warns when an environment variable will be used instead of the saved key", async () => {
		withTester(async () => ({ ok: true }), { env: { OPENAI_API_KEY: "sk-env" } });
		fake.user.types("sk-new");
		await fake.run("login", "openai");
		expect(stored().openai.key).toBe("sk-new");
		expect(fake.user.notesAt("warning")[0]).toContain("$OPENAI_API_KEY");
	});

	it("asks which model to test with when the provider lists none", async () => {
		const { tested } = withTester(async () => ({ ok: true }));
		fake.user.types("sk-or").types("meta-llama/llama-4");
		await fake.run("login", "openrouter");
		expect(tested[0].model).toMatchObject({ provider: "openrouter", id: "meta-llama/llama-4" });
		expect(stored().openrouter.key).toBe("sk-or");
	});

	it("rejects an unknown provider, naming close ones, without asking for a key", async () => {
		const { tested } = withTester(async () => ({ ok: true }));
		await fake.run("login", "antropic");
		expect(fake.user.notesAt("error")[0]).toContain('unknown provider "antropic". Did you mean anthropic?');
		expect(fake.user.dialogs).toEqual([]);
		expect(tested).toEqual([]);
	});

	it("saves nothing for an empty key or a cancelled dialog", async () => {
		const { tested } = withTester(async () => ({ ok: true }));
		fake.user.types("   ");
		await fake.run("login", "anthropic");
		expect(fake.user.notesAt("error")[0]).toContain("no key was entered");
		fake.user.types(undefined);
		await fake.run("login", "anthropic");
		fake.user.selects(undefined);
		await fake.run("login");
		expect(tested).toEqual([]);
		expect(existsSync(authFile())).toBe(false);
	});
});

describe("/login against the mock LLM server", () => {
	it("saves a key only once a real request with it succeeds", async () => {
		llm = await startMockLlm({
			script: [{ error: { status: 401, message: "invalid api key" } }, { text: "pong" }],
		});
		fake = fakeServices({
			settings: {
				providers: {
					mock: {
						api: "openai-completions",
						baseUrl: llm.baseUrlFor("openai-completions"),
						models: [{ id: "mock-model" }],
					},
				},
			},
		});

		fake.user.types("sk-bad");
		await fake.run("login", "mock");
		expect(existsSync(authFile())).toBe(false);
		const [error] = fake.user.notesAt("error");
		expect(error).toMatch(/^The key was not saved: .*rejected the API key \(401/);
		expect(error).not.toContain("\n");

		fake.user.types("sk-good");
		await fake.run("login", "mock");
		expect(stored()).toEqual({ mock: { type: "api_key", key: "sk-good" } });
		expect(llm.requests.map((r) => [r.headers.authorization, r.body.model])).toEqual([
			["Bearer sk-bad", "mock-model"],
			["Bearer sk-good", "mock-model"],
		]);
	});

	it("gives up on a provider that does not answer in time", async () => {
		llm = await startMockLlm({ script: [{ text: "never sent", stallAfterChunks: 0 }] });
		fake = fakeServices();
		const result = await testApiKey(
			{
				provider: "slow",
				config: { api: "openai-completions", baseUrl: llm.baseUrlFor("openai-completions") },
				model: {
					id: "m",
					provider: "slow",
					api: "openai-completions",
					contextWindow: 1000,
					maxOutput: 100,
					cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 },
				},
				key: "k",
			},
			50,
		);
		expect(result).toEqual({ ok: false, error: expect.stringContaining("slow did not answer within") });
	});
});
