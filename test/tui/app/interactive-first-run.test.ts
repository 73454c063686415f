/**
 * The first run without a model provider, in the real interactive mode: the
 * UI opens with a setup view instead of exiting, a prompt is answered with
 * how to get a provider, and /login (provider picker, key, a test request)
 * starts the session with the provider it saved a key for.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type MockLlm, startMockLlm } from "../../../src/testing/mock-llm/index.js";
import { type Harness, startInteractive } from "../../support/tui-harness.js";

let h: Harness | undefined;
let server: MockLlm | undefined;
afterEach(async () => {
	await h?.dispose();
	await server?.close();
	h = undefined;
	server = undefined;
});

/** Settings with no usable provider: the harness's mock provider replaced. */
const NO_PROVIDER = { providers: {}, defaultProvider: undefined, defaultModel: undefined };

describe("a first run without a provider", () => {
	it("opens a setup view naming the local servers and the key variables, and keeps the composer usable", async () => {
		h = await startInteractive({ script: [], settings: NO_PROVIDER });
		const shown = (await h.waitForAll("Set up a model provider")).join("\n");
		expect(shown).toContain("127.0.0.1:11434");
		expect(shown).toContain("127.0.0.1:1234");
		expect(shown).toMatch(/ANTHROPIC_API_KEY, OPENAI_API_KEY, GEMINI_API_KEY/);
		expect(shown).toContain("/login");

		h.type("hello there");
		h.press("enter");
		await h.waitForAll(/Nothing was sent: there is no model provider yet\. Type \/login/);
		h.type("/copy");
		h.press("enter");
		await h.waitForAll("/copy needs a model provider");
		// Still running, still taking input.
		h.type("/help");
		h.press("enter");
		await h.waitForAll("List the commands and keys");
		expect(await h.exit()).toBe(0);
		expect(h.requests()).toHaveLength(0);
	});

	it("starts the session after /login has tested and saved a key", async () => {
		server = await startMockLlm({ script: [{ text: "pong" }, { text: "Hello from the mock." }] });
		// A provider that lists no models is not usable until a key and a model are chosen.
		const settings = {
			...NO_PROVIDER,
			providers: { mock: { api: "openai-completions", baseUrl: server.baseUrlFor("openai-completions") } },
		};
		h = await startInteractive({ script: [], settings });
		await h.waitForAll("Set up a model provider");

		h.type("/login");
		h.press("enter");
		await h.waitFor("Log in to which provider?");
		h.type("mock");
		await h.waitFor("› mock");
		h.press("enter");
		await h.waitFor("API key for mock");
		h.type("sk-first-run");
		h.press("enter");
		await h.waitFor("which model should the key be tested with?");
		h.type("mock-model");
		h.press("enter");
		await h.waitForAll("Ready: talking to mock/mock-model");
		const auth = join(h.home, "auth.json");
		expect(existsSync(auth)).toBe(true);
		expect(readFileSync(auth, "utf8")).toContain("sk-first-run");

		h.type("hi");
		h.press("enter");
		await h.waitForAll("Hello from the mock.");
		expect(server.requests).toHaveLength(2);
		expect(await h.exit()).toBe(0);
	});
});
