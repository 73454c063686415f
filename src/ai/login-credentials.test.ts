import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { LoginCredentials, ProviderLogin } from "../kernel/provider-login.js";
import { readAuth, removeAuthEntry, writeApiKey } from "./auth-store.js";
import { loginKey, saveLogin, storedLogin } from "./login-credentials.js";

let root: string;
let home: string;

beforeEach(() => {
	root = mkdtempSync(join(tmpdir(), "weft-login-"));
	home = join(root, "weft-home");
});

afterEach(() => {
	rmSync(root, { recursive: true, force: true });
});

const authFile = () => join(home, "auth.json");

/** A login whose refresh hands out access-N, counting its calls; `fail` makes it throw. */
function fakeLogin(options: { fail?: string } = {}): ProviderLogin & { refreshes: LoginCredentials[] } {
	const refreshes: LoginCredentials[] = [];
	return {
		name: "Corp SSO",
		refreshes,
		login: async () => ({ access: "a0", refresh: "r0", expires: 1000 }),
		async refreshToken(credentials) {
			refreshes.push(credentials);
			await new Promise((resolve) => setTimeout(resolve, 5));
			if (options.fail) throw new Error(options.fail);
			return { ...credentials, access: `access-${refreshes.length}`, expires: 5000 };
		},
		getApiKey: (credentials) => `key:${credentials.access}`,
	};
}

describe("saveLogin", () => {
	it("keeps the login beside other providers' keys, at mode 0600, extra fields included", () => {
		writeApiKey(home, "openai", "sk-1");
		saveLogin(home, "corp", { access: "a", refresh: "r", expires: 42, region: "eu" });
		expect(readAuth(home)).toEqual({
			openai: { type: "api_key", key: "sk-1" },
			corp: { type: "oauth", access: "a", refresh: "r", expires: 42, region: "eu" },
		});
		expect(statSync(authFile()).mode & 0o777).toBe(0o600);
		expect(storedLogin(home, "corp")).toEqual({ access: "a", refresh: "r", expires: 42, region: "eu" });
		expect(storedLogin(home, "openai")).toBeUndefined();
	});

	it("refuses credentials without access, refresh and a numeric expiry, saying what it expected", () => {
		expect(() => saveLogin(home, "corp", { access: "a", expires: "soon" })).toThrow(
			/login for "corp" returned .*expected \{ access, refresh, expires \}/,
		);
		expect(readAuth(home)).toEqual({});
	});

	it("removeAuthEntry takes out one provider's entry and keeps the rest", () => {
		writeApiKey(home, "openai", "sk-1");
		saveLogin(home, "corp", { access: "a", refresh: "r", expires: 42 });
		expect(removeAuthEntry(home, "corp")).toBe(true);
		expect(removeAuthEntry(home, "corp")).toBe(false);
		expect(JSON.parse(readFileSync(authFile(), "utf8"))).toEqual({
			openai: { type: "api_key", key: "sk-1" },
		});
		expect(statSync(authFile()).mode & 0o777).toBe(0o600);
	});
});

describe("loginKey", () => {
	it("is undefined when the user has not logged in", async () => {
		expect(await loginKey("corp", fakeLogin(), { home, now: () => 0 })).toBeUndefined();
	});

	it("uses credentials that have not expired as they are", async () => {
		const login = fakeLogin();
		saveLogin(home, "corp", { access: "a0", refresh: "r0", expires: 1000 });
		expect(await loginKey("corp", login, { home, now: () => 999 })).toBe("key:a0");
		expect(login.refreshes).toHaveLength(0);
	});

	it("refreshes expired credentials once for concurrent requests and saves the renewed ones", async () => {
		const login = fakeLogin();
		saveLogin(home, "corp", { access: "a0", refresh: "r0", expires: 1000 });
		const keys = await Promise.all([1, 2, 3].map(() => loginKey("corp", login, { home, now: () => 1000 })));
		expect(keys).toEqual(["key:access-1", "key:access-1", "key:access-1"]);
		expect(login.refreshes).toEqual([{ access: "a0", refresh: "r0", expires: 1000 }]);
		expect(storedLogin(home, "corp")).toEqual({ access: "access-1", refresh: "r0", expires: 5000 });
		// Renewed and not yet expired: no second refresh.
		expect(await loginKey("corp", login, { home, now: () => 4999 })).toBe("key:access-1");
		expect(login.refreshes).toHaveLength(1);
	});

	it("does not refresh a login another process renewed after it was read", async () => {
		const login = fakeLogin();
		saveLogin(home, "corp", { access: "a0", refresh: "r0", expires: 1000 });
		// The clock passes expiry on the first read; by the refresh's read the file holds a renewed login.
		let reads = 0;
		const now = () => {
			reads++;
			if (reads === 1) saveLogin(home, "corp", { access: "other", refresh: "r1", expires: 9000 });
			return 2000;
		};
		expect(await loginKey("corp", login, { home, now })).toBe("key:other");
		expect(login.refreshes).toHaveLength(0);
	});

	it("a failed refresh says to log in again and leaves the stored login as it was", async () => {
		const login = fakeLogin({ fail: "invalid_grant" });
		saveLogin(home, "corp", { access: "a0", refresh: "r0", expires: 1000 });
		await expect(loginKey("corp", login, { home, now: () => 2000 })).rejects.toThrow(
			'the login for "corp" has expired and renewing it failed (invalid_grant); log in again with /login corp',
		);
		expect(storedLogin(home, "corp")).toEqual({ access: "a0", refresh: "r0", expires: 1000 });
		// The failure is not cached: the next request tries again.
		await expect(loginKey("corp", login, { home, now: () => 2000 })).rejects.toThrow(/invalid_grant/);
		expect(login.refreshes).toHaveLength(2);
	});

	it("a refresh returning an unusable shape is an error naming the provider, not a saved login", async () => {
		const login = {
			...fakeLogin(),
			refreshToken: async () => ({ token: "x" }) as unknown as LoginCredentials,
		};
		saveLogin(home, "corp", { access: "a0", refresh: "r0", expires: 1000 });
		await expect(loginKey("corp", login, { home, now: () => 2000 })).rejects.toThrow(
			/login for "corp" was renewed but could not be saved/,
		);
		expect(storedLogin(home, "corp")?.access).toBe("a0");
	});

	it("getApiKey returning nothing is an error naming the provider", async () => {
		const login = { ...fakeLogin(), getApiKey: () => "" };
		saveLogin(home, "corp", { access: "a0", refresh: "r0", expires: 1000 });
		await expect(loginKey("corp", login, { home, now: () => 0 })).rejects.toThrow(
			/login for "corp" gave no key/,
		);
	});
});
