/**
 * API keys: where they come from and where `/login` stores them.
 * `<home>/auth.json` holds `{ "<provider>": { "type": "api_key", "key": "…" } }`
 * at mode 0600. It is rewritten atomically and never clobbered: an unreadable
 * file is an error, and other providers' entries are kept as they were.
 */
import { mkdirSync } from "node:fs";
import { writeFileAtomic } from "../base/atomic-write.js";
import { errorMessage } from "../base/error-message.js";
import { formatJsonPath, parseJsoncDocument, SettingsError } from "../base/jsonc.js";
import { authPath, displayPath, globalSettingsPath } from "../base/paths.js";
import { readTextIfExists } from "../base/read-text.js";

export interface ApiKeyEntry {
	type: "api_key";
	key: string;
}

/** A provider's own login (`/login` with an extension's `oauth`): its credentials as the login returned them. */
export interface LoginEntry {
	type: "oauth";
	access: string;
	refresh: string;
	expires: number;
	[field: string]: unknown;
}

/** Entries of other types (written by newer weft versions) are kept but not used. */
export type AuthEntry = ApiKeyEntry | LoginEntry | { type: string; [field: string]: unknown };

export type AuthFile = Record<string, AuthEntry>;

/** Environment variables read for each provider's key, first set one wins. */
export const ENV_KEYS: Record<string, string[]> = {
	anthropic: ["ANTHROPIC_API_KEY"],
	openai: ["OPENAI_API_KEY"],
	google: ["GEMINI_API_KEY", "GOOGLE_GENERATIVE_AI_API_KEY", "GOOGLE_API_KEY"],
	openrouter: ["OPENROUTER_API_KEY"],
	groq: ["GROQ_API_KEY"],
	xai: ["XAI_API_KEY"],
	mistral: ["MISTRAL_API_KEY"],
	deepseek: ["DEEPSEEK_API_KEY"],
	cerebras: ["CEREBRAS_API_KEY"],
};

export function readAuth(home: string): AuthFile {
	const file = authPath(home);
	let text: string | undefined;
	try {
		text = readTextIfExists(file);
	} catch (error) {
		throw new SettingsError(
			file,
			`cannot be read (${(error as NodeJS.ErrnoException).code ?? errorMessage(error)})`,
		);
	}
	if (text === undefined || text.trim() === "") return {};
	const doc = parseJsoncDocument(text, file);
	const fail: (path: string[], detail: string) => never = (path, detail) => {
		throw new SettingsError(file, detail, doc.positionOf(path), formatJsonPath(path) || undefined);
	};
	const root = doc.value;
	if (!isObject(root))
		return fail([], 'expected an object like { "anthropic": { "type": "api_key", "key": "…" } }');
	for (const [provider, entry] of Object.entries(root)) {
		if (!isObject(entry) || typeof entry.type !== "string") {
			fail([provider], 'expected an object like { "type": "api_key", "key": "…" }');
		}
		if (entry.type === "api_key" && (typeof entry.key !== "string" || entry.key === "")) {
			fail([provider, "key"], "expected the API key as a non-empty string");
		}
	}
	return root as AuthFile;
}

/**
 * Stores `key` for `provider`, keeping every other entry. The new file is
 * written beside the old one at mode 0600 and renamed over it, so a crash
 * leaves either the old file or the new one, never a torn or readable one.
 */
export function writeApiKey(home: string, provider: string, key: string): void {
	const trimmed = key.trim();
	if (trimmed === "") throw new Error(`refusing to store an empty API key for "${provider}"`);
	writeAuthEntry(home, provider, { type: "api_key", key: trimmed });
}

/** Stores (or replaces) one provider's entry, keeping the others; written as writeApiKey writes. */
export function writeAuthEntry(home: string, provider: string, entry: AuthEntry): void {
	mkdirSync(home, { recursive: true, mode: 0o700 });
	const updated: AuthFile = { ...readAuth(home), [provider]: entry };
	writeFileAtomic(authPath(home), `${JSON.stringify(updated, null, 2)}\n`, 0o600);
}

/** Removes one provider's key or login (`/logout`); false when there was none. */
export function removeAuthEntry(home: string, provider: string): boolean {
	const entries = readAuth(home);
	if (!(provider in entries)) return false;
	const { [provider]: _removed, ...rest } = entries;
	writeFileAtomic(authPath(home), `${JSON.stringify(rest, null, 2)}\n`, 0o600);
	return true;
}

/**
 * Where a key was found (`source`: "settings", `$NAME` or the auth.json path)
 * and `help`, what to check if the provider rejects it: the one place weft
 * read it from, so a 401 never points at a variable weft does not read.
 */
export type ApiKeyLookup =
	| { found: true; key: string; source: string; help: string }
	| { found: false; reason: string };

export interface ApiKeyOptions {
	home: string;
	env?: NodeJS.ProcessEnv;
	/** `providers.<name>.apiKey` from settings: a literal key, `$NAME` or `env:NAME`. */
	configured?: string;
}

/**
 * Finds the key for `provider`: the key configured in settings, then the
 * provider's environment variables, then auth.json. A configured `$NAME` that
 * is unset is reported rather than skipped, so a missing work key never
 * silently falls back to a personal one.
 */
export function lookupApiKey(provider: string, options: ApiKeyOptions): ApiKeyLookup {
	const env = options.env ?? process.env;
	if (options.configured !== undefined) {
		const variable = envReference(options.configured);
		if (variable === undefined)
			return {
				found: true,
				key: options.configured,
				source: "settings",
				help: `check "apiKey" under providers.${provider} in your settings`,
			};
		const value = env[variable]?.trim();
		if (value)
			return {
				found: true,
				key: value,
				source: `$${variable}`,
				help: `check the key in $${variable} (named by providers.${provider}.apiKey in your settings)`,
			};
		return {
			found: false,
			reason: `the API key for "${provider}" is configured as ${options.configured}, but ${variable} is not set`,
		};
	}
	for (const variable of ENV_KEYS[provider] ?? []) {
		const value = env[variable]?.trim();
		if (value)
			return { found: true, key: value, source: `$${variable}`, help: `check the key in $${variable}` };
	}
	const stored = authPath(options.home);
	const entry = readAuth(options.home)[provider];
	if (entry?.type === "api_key" && typeof entry.key === "string") {
		return {
			found: true,
			key: entry.key,
			source: stored,
			help: `check the key stored for "${provider}" in ${displayPath(stored)}, or store a new one with /login`,
		};
	}
	const variables = ENV_KEYS[provider] ?? [];
	const fromEnv = variables.length > 0 ? `set ${variables.join(" or ")}, ` : "";
	const settingsFile = displayPath(globalSettingsPath(options.home));
	return {
		found: false,
		reason: `no API key for "${provider}": ${fromEnv}set "apiKey" under providers.${provider} in ${settingsFile}, or store one with /login (kept in ${displayPath(stored)})`,
	};
}

export function resolveApiKey(provider: string, options: ApiKeyOptions): string | undefined {
	const lookup = lookupApiKey(provider, options);
	return lookup.found ? lookup.key : undefined;
}

/** `$NAME` or `env:NAME` → `NAME`; anything else is a literal key. */
function envReference(configured: string): string | undefined {
	const match = /^(?:\$|env:)([A-Za-z_][A-Za-z0-9_]*)$/.exec(configured.trim());
	return match?.[1];
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === "object" && value !== null && !Array.isArray(value);
}
