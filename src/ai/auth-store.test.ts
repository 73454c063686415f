import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SettingsError } from "../base/jsonc.js";
import { lookupApiKey, readAuth, resolveApiKey, writeApiKey } from "./auth-store.js";

let root: string;
let home: string;

beforeEach(() => {
	root = mkdtempSync(join(tmpdir(), "weft-auth-"));
	home = join(root, "weft-home");
});

afterEach(() => {
	rmSync(root, { recursive: true, force: true });
});

const authFile = () => join(home, "auth.json");
const modeOf = (path: string) => statSync(path).mode & 0o777;

describe("readAuth", () => {
	it("treats a missing file as no stored keys", () => {
		expect(readAuth(home)).toEqual({});
	});

	it("rejects a file that is not JSON, naming the file and position", () => {
		writeApiKey(home, "openai", "sk-1");
		writeFileSync(authFile(), '{ "openai": { "type": "api_key", "key": "sk-1" } ');
		expect(() => readAuth(home)).toThrow(SettingsError);
		expect(() => readAuth(home)).toThrow(`${authFile()}:1:50: unexpected end of file`);
	});

	it("rejects entries of the wrong shape, naming the provider", () => {
		writeApiKey(home, "openai", "sk-1");
		writeFileSync(authFile(), '{ "anthropic": "sk-ant" }');
		expect(() => readAuth(home)).toThrow(`${authFile()}:1:16: anthropic: expected an object like`);
		writeFileSync(authFile(), '{ "anthropic": { "type": "api_key" } }');
		expect(() => readAuth(home)).toThrow("anthropic.key: expected the API key as a non-empty string");
	});
});

describe("writeApiKey", () => {
	it("creates the home directory at 0700 and the file at 0600", () => {
		writeApiKey(home, "anthropic", "  sk-ant-123\n");
		expect(modeOf(home)).toBe(0o700);
		expect(modeOf(authFile())).toBe(0o600);
		expect(JSON.parse(readFileSync(authFile(), "utf8"))).toEqual({
			anthropic: { type: "api_key", key: "sk-ant-123" },
		});
	});

	it("keeps other providers' entries, including kinds it does not understand", () => {
		writeApiKey(home, "anthropic", "sk-ant");
		const existing = JSON.parse(readFileSync(authFile(), "utf8"));
		existing.corp = { type: "oauth", refresh: "r-1" };
		writeFileSync(authFile(), JSON.stringify(existing));
		writeApiKey(home, "openai", "sk-oai");
		writeApiKey(home, "anthropic", "sk-ant-2");
		expect(readAuth(home)).toEqual({
			anthropic: { type: "api_key", key: "sk-ant-2" },
			corp: { type: "oauth", refresh: "r-1" },
			openai: { type: "api_key", key: "sk-oai" },
		});
	});

	it("replaces the file by renaming a complete new one over it, leaving no temporary files", () => {
		writeApiKey(home, "anthropic", "sk-ant");
		const before = statSync(authFile()).ino;
		writeApiKey(home, "openai", "sk-oai");
		expect(statSync(authFile()).ino).not.toBe(before);
		expect(readdirSync(home)).toEqual(["auth.json"]);
	});

	it("tightens a pre-existing file with a looser mode to 0600", () => {
		writeApiKey(home, "anthropic", "sk-ant");
		chmodSync(authFile(), 0o644);
		writeApiKey(home, "openai", "sk-oai");
		expect(modeOf(authFile())).toBe(0o600);
	});

	it("never overwrites an auth.json it cannot parse", () => {
		writeApiKey(home, "anthropic", "sk-ant");
		writeFileSync(authFile(), "{ broken");
		expect(() => writeApiKey(home, "openai", "sk-oai")).toThrow(SettingsError);
		expect(readFileSync(authFile(), "utf8")).toBe("{ broken");
		expect(readdirSync(home)).toEqual(["auth.json"]);
	});

	it("refuses an empty key", () => {
		expect(() => writeApiKey(home, "openai", "  ")).toThrow("empty API key");
	});
});

describe("resolveApiKey", () => {
	it("prefers the configured key, then environment variables, then auth.json", () => {
		writeApiKey(home, "anthropic", "from-auth");
		const env = { ANTHROPIC_API_KEY: "from-env" };
		expect(resolveApiKey("anthropic", { home, env, configured: "from-settings" })).toBe("from-settings");
		expect(resolveApiKey("anthropic", { home, env })).toBe("from-env");
		expect(resolveApiKey("anthropic", { home, env: {} })).toBe("from-auth");
		expect(resolveApiKey("openai", { home, env: {} })).toBeUndefined();
	});

	it("reads $NAME and env:NAME references in the configured key from the environment", () => {
		const env = { WORK_KEY: "work-123", ANTHROPIC_API_KEY: "personal" };
		expect(resolveApiKey("anthropic", { home, env, configured: "$WORK_KEY" })).toBe("work-123");
		expect(resolveApiKey("anthropic", { home, env, configured: "env:WORK_KEY" })).toBe("work-123");
	});

	it("does not fall back to other keys when a configured reference is unset, and says why", () => {
		const env = { ANTHROPIC_API_KEY: "personal" };
		expect(resolveApiKey("anthropic", { home, env, configured: "$WORK_KEY" })).toBeUndefined();
		expect(lookupApiKey("anthropic", { home, env, configured: "$WORK_KEY" })).toEqual({
			found: false,
			reason: 'the API key for "anthropic" is configured as $WORK_KEY, but WORK_KEY is not set',
		});
	});

	it("tries a provider's variables in order and skips empty ones", () => {
		const env = { GEMINI_API_KEY: " ", GOOGLE_GENERATIVE_AI_API_KEY: "g-2", GOOGLE_API_KEY: "g-3" };
		expect(lookupApiKey("google", { home, env })).toEqual({
			found: true,
			key: "g-2",
			source: "$GOOGLE_GENERATIVE_AI_API_KEY",
			help: "check the key in $GOOGLE_GENERATIVE_AI_API_KEY",
		});
		expect(resolveApiKey("google", { home, env: { GEMINI_API_KEY: "g-1", GOOGLE_API_KEY: "g-3" } })).toBe(
			"g-1",
		);
	});

	it("says where a key can come from when none is found, naming weft's real home", () => {
		expect(lookupApiKey("groq", { home, env: {} })).toEqual({
			found: false,
			reason:
				`no API key for "groq": set GROQ_API_KEY, set "apiKey" under providers.groq in ${join(home, "settings.json")}, ` +
				`or store one with /login (kept in ${join(home, "auth.json")})`,
		});
	});

	it("names no environment variable for a provider weft reads none for", () => {
		const lookup = lookupApiKey("my-server", { home, env: { MY_SERVER_API_KEY: "never read" } });
		if (lookup.found) throw new Error("no key should be found");
		expect(lookup.reason).toContain('no API key for "my-server": set "apiKey" under providers.my-server');
		expect(lookup.reason).not.toMatch(/_API_KEY/);
	});

	it("tells what to check when a key is rejected: the one place it was read from", () => {
		writeApiKey(home, "my-server", "stored");
		const help = (configured?: string, env: NodeJS.ProcessEnv = {}) => {
			const lookup = lookupApiKey("my-server", { home, env, configured });
			return lookup.found ? lookup.help : lookup.reason;
		};
		expect(help()).toBe(
			`check the key stored for "my-server" in ${join(home, "auth.json")}, or store a new one with /login`,
		);
		expect(help("literal")).toBe('check "apiKey" under providers.my-server in your settings');
		expect(help("$WORK", { WORK: "w" })).toBe(
			"check the key in $WORK (named by providers.my-server.apiKey in your settings)",
		);
		expect(lookupApiKey("openai", { home, env: { OPENAI_API_KEY: "k" } })).toMatchObject({
			help: "check the key in $OPENAI_API_KEY",
		});
	});
});
