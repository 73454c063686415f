/**
 * /login for a provider whose extension brings its own login, and /logout
 * (both registered as weft's built-ins), with a scripted user: the login's callbacks become weft's notices and
 * input dialogs, and what it returns is saved in auth.json.
 */
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { writeApiKey } from "../../src/ai/auth-store.js";
import { BUILTIN_OWNER } from "../../src/kernel/owner.js";
import type { ProviderLogin } from "../../src/kernel/provider-login.js";
import { loginCommand } from "../../src/modes/interactive/commands/login.js";
import { type Fake, fakeServices } from "./commands-fake-services.js";

let fake: Fake;
afterEach(() => fake.cleanup());

const stored = () => JSON.parse(readFileSync(join(fake.home, "auth.json"), "utf8"));

function withCorp(login: Partial<ProviderLogin> = {}): void {
	fake = fakeServices();
	fake.kernel.providers.register(
		"corp",
		{
			name: "corp",
			models: [],
			stream: async function* () {},
			login: {
				name: "Corp SSO",
				async login(callbacks) {
					callbacks.onAuth({ url: "https://sso.invalid/authorize", instructions: "Sign in with your badge" });
					callbacks.onDeviceCode({ userCode: "ABCD-1234", verificationUri: "https://sso.invalid/device" });
					const code = await callbacks.onPrompt({ message: "Paste the code:", placeholder: "the code" });
					callbacks.onProgress("Exchanging the code…");
					return { access: `a-${code}`, refresh: "r", expires: 123 };
				},
				refreshToken: async (c) => c,
				getApiKey: (c) => c.access,
				...login,
			},
		},
		"corp-extension",
	);
}

describe("/login with a provider's own login", () => {
	it("is listed first with its login's name; its callbacks are notices and an input dialog; the login is saved at 0600", async () => {
		withCorp();
		fake.user.selects("corp").types("  xyz ");
		await fake.run("login");
		const [picker, input] = fake.user.dialogs;
		expect(picker.items?.[0]).toMatchObject({ value: "corp", description: "log in: Corp SSO" });
		expect(input).toMatchObject({ title: "Paste the code:", placeholder: "the code" });
		expect(fake.user.printed).toEqual([
			{
				kind: "info",
				title: "/login corp: Corp SSO",
				text: "Open this page to log in:\nhttps://sso.invalid/authorize\nSign in with your badge",
			},
		]);
		expect(fake.copied).toEqual(["https://sso.invalid/authorize"]);
		expect(fake.user.notesAt("info")).toEqual([
			"Enter the code ABCD-1234 at https://sso.invalid/device",
			"The page's address was copied (test clipboard)",
			"Exchanging the code…",
		]);
		expect(stored()).toEqual({ corp: { type: "oauth", access: "a-xyz", refresh: "r", expires: 123 } });
		expect(statSync(join(fake.home, "auth.json")).mode & 0o777).toBe(0o600);
		expect(fake.user.notesAt("success")[0]).toMatch(/^Logged in to Corp SSO; saved in /);
		fake.user.selects(undefined);
		await fake.run("login");
		expect(fake.user.dialogs.at(-1)?.items?.[0].description).toBe("logged in: Corp SSO");
	});

	it("tells the first run which provider and model to start with once the login is saved", async () => {
		withCorp();
		const saved: string[] = [];
		const model = { ...fake.model, id: "m1", provider: "corp" };
		fake.kernel.providers.register(
			"corp",
			{ ...fake.kernel.providers.get("corp")!, models: [model] },
			"corp-extension",
		);
		fake.kernel.commands.register(
			"login",
			loginCommand(fake.services, undefined, (s) => {
				saved.push(`${s.provider}/${s.model.id}`);
			}),
			BUILTIN_OWNER,
		);
		fake.user.types("xyz");
		await fake.run("login", "corp");
		expect(saved).toEqual(["corp/m1"]);
	});

	it("cancelling the dialog cancels the login and saves nothing", async () => {
		withCorp();
		fake.user.types(undefined);
		await fake.run("login", "corp");
		expect(fake.user.notesAt("info")).toContain("/login corp: cancelled; nothing was saved");
		expect(() => stored()).toThrow();
	});

	it("a failing login or one returning an unusable shape is shown and nothing is saved", async () => {
		withCorp({ login: async () => Promise.reject(new Error("the SSO server said no")) });
		await fake.run("login", "corp");
		expect(fake.user.notesAt("error")).toEqual(["/login corp: the login failed: the SSO server said no"]);
		fake.cleanup();
		withCorp({ login: async () => ({ token: "x" }) as never });
		await fake.run("login", "corp");
		expect(fake.user.notesAt("error")[0]).toMatch(
			/^\/login corp: the login could not be saved: .*expected \{ access, refresh, expires \}/,
		);
	});
});

describe("/logout", () => {
	it("offers what is stored, removes the chosen entry and keeps the rest", async () => {
		withCorp();
		writeApiKey(fake.home, "openai", "sk-1");
		fake.user.types("xyz");
		await fake.run("login", "corp");
		fake.user.selects("corp");
		await fake.run("logout");
		expect(fake.user.dialogs.at(-1)?.items?.map((i) => [i.value, i.description])).toEqual([
			["openai", "API key"],
			["corp", "login"],
		]);
		expect(stored()).toEqual({ openai: { type: "api_key", key: "sk-1" } });
		await fake.run("logout", "corp");
		expect(fake.user.notesAt("error").at(-1)).toBe('/logout: nothing is stored for "corp" (stored: openai)');
	});

	it("says so when nothing is stored", async () => {
		withCorp();
		await fake.run("logout");
		expect(fake.user.notesAt("info").at(-1)).toMatch(/^\/logout: no key or login is stored in /);
	});
});
