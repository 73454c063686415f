/**
 * Settings: `<home>/settings.json` then `<cwd>/.weft/settings.json`, the
 * project file overriding the global one. Both are JSON with comments. A file
 * that cannot be used is an error naming the file, the position and the
 * setting; it is never skipped and never rewritten.
 */
import { closeMatches } from "../base/close-matches.js";
import {
	formatJsonPath,
	type JsoncDocument,
	type JsonPath,
	parseJsoncDocument,
	SettingsError,
} from "../base/jsonc.js";
import type { ThinkingLevel } from "../kernel/provider.js";
import { BUILTIN_PROVIDERS } from "./catalog.js";
import { ignoredWarning, keepUserProviders, untrustedKeys } from "./project-settings-policy.js";
import { isPlainObject, SettingsChecker } from "./settings-checker.js";
import { readSettingsFiles, rememberSettingsFiles } from "./settings-files.js";
import { API_KINDS, type ModelConfig, type ProviderConfig } from "./types.js";

export { SettingsError } from "../base/jsonc.js";

export { MAX_TIMER_MS } from "./settings-checker.js";

export interface RetrySettings {
	maxRetries?: number;
	baseDelayMs?: number;
}

/** `compaction`: summarising the older part of a long conversation (docs/sessions.md). */
export interface CompactionSettings {
	/** Automatic compaction, before a request that would pass the window and after an overflow error; default true. */
	enabled?: boolean;
	/** Tokens kept free for the answer; default the model's max output, at most 16,384. */
	reserveTokens?: number;
	/** Tokens of recent conversation kept verbatim; default 20,000. */
	keepRecentTokens?: number;
	/** Compact and retry once when the provider says the request is too long (needs `enabled`); default true. */
	overflowRecovery?: boolean;
}

export interface Settings {
	/**
	 * Provider definitions by name. An entry for a built-in provider (anthropic,
	 * openai, …) may omit `api` and only override, say, `baseUrl` or `apiKey`.
	 */
	providers?: Record<string, ProviderConfig>;
	defaultProvider?: string;
	defaultModel?: string;
	/** Models added to, or figures overridden for, a provider's list; matched by `id`. */
	models?: Record<string, ModelConfig[]>;
	thinking?: ThinkingLevel;
	extensions?: string[];
	retry?: RetrySettings;
	idleTimeoutMs?: number;
	/** Extension names not to load (a `-e` path loads regardless). */
	disabledExtensions?: string[];
	/** Load the extensions in pi's folders: true for both, or each (src/extensions/pi-sources.ts). */
	piExtensions?: boolean | { global?: boolean; project?: boolean };
	/** Per-extension guard options by extension name (read through `extensionOptions()` in src/extensions). */
	extensionOptions?: Record<string, ExtensionOptionsSetting>;
	/** The interactive UI's start-up header (version, folder, branch, context files); false hides it. */
	startupHeader?: boolean;
	/**
	 * What the terminal UI does with the conversation already written when the
	 * terminal gets narrower: "redraw" (default) clears the screen and the
	 * scrollback and writes it again at the new width; "keep" leaves it to
	 * the terminal (docs/tui.md, "Resizing").
	 */
	resize?: "keep" | "redraw";
	compaction?: CompactionSettings;
	/**
	 * How messages queued while the agent works are delivered (pi's names):
	 * "all" (default) at the next point the loop looks for them, or
	 * "one-at-a-time": one steering message per finished turn, one follow-up
	 * each time the agent would stop.
	 */
	steeringMode?: "all" | "one-at-a-time";
	followUpMode?: "all" | "one-at-a-time";
	/**
	 * Registered channels (their ids) to start beside the terminal UI, RPC or
	 * ACP once extensions are loaded, as `--channel` does; not in `-p` or
	 * `--mode json`. Ignored in an untrusted project's file: a channel opens
	 * a port.
	 */
	channels?: string[];
	/** Keys owned by later features or extensions are kept as written. */
	[key: string]: unknown;
}

export interface ExtensionOptionsSetting {
	failOpen?: boolean;
	deadlineMs?: number;
	loadTimeoutMs?: number;
	breakAfter?: number;
}

export interface LoadedSettings {
	settings: Settings;
	/** The files that existed and were read, global first. */
	sources: string[];
	/** Things that did not stop loading but probably are mistakes (unknown keys, …). */
	warnings: string[];
}

export interface LoadSettingsOptions {
	cwd: string;
	home: string;
	/**
	 * Whether the project folder is trusted (default true). An untrusted
	 * project file may set only the keys PROJECT_SETTINGS_POLICY honours
	 * (project-settings-policy.ts); the rest is ignored and named in one
	 * warning. When the project folder is weft's home itself, its file is the
	 * global one and is read once, as global settings.
	 */
	projectTrusted?: boolean;
}

export function loadSettings(options: LoadSettingsOptions): LoadedSettings {
	const files = readSettingsFiles(options.home, options.cwd);
	const sources: string[] = [];
	const warnings: string[] = [];
	// Which file last defined each provider / models entry, to name it in errors found after merging.
	const origins = new Map<string, { file: string; doc: JsoncDocument }>();
	let settings: Settings = {};
	for (const { file, project, text } of files) {
		if (text === undefined) continue;
		sources.push(file);
		if (text.trim() === "") continue;
		const doc = parseJsoncDocument(text, file);
		const untrusted = options.projectTrusted === false && project;
		const split = untrusted && isPlainObject(doc.value) ? untrustedKeys(doc.value) : undefined;
		const fileSettings = new SettingsChecker(doc, file, warnings).settings(split ? split.kept : doc.value);
		if (split) {
			// The user's own providers are known only once the global file is checked.
			checkProviderNames(settings, origins);
			const ignored = [...split.ignored, ...keepUserProviders(fileSettings, settings)];
			const warning = ignoredWarning(ignored);
			if (warning) warnings.push(warning);
		}
		const origin = { file, doc };
		for (const name of Object.keys(fileSettings.providers ?? {})) origins.set(`providers/${name}`, origin);
		for (const name of Object.keys(fileSettings.models ?? {})) origins.set(`models/${name}`, origin);
		settings = mergeSettings(settings, fileSettings);
	}
	checkProviderNames(settings, origins);
	// Discovery and the first-party checks look into the same texts rather than reading the files again.
	rememberSettingsFiles(settings, options, files);
	return { settings, sources, warnings };
}

/** Objects merge key by key (so providers merge by name); arrays and other values are replaced. */
export function mergeSettings(base: Settings, override: Settings): Settings {
	return deepMerge(base, override) as Settings;
}

function deepMerge(base: unknown, override: unknown): unknown {
	if (!isPlainObject(base) || !isPlainObject(override)) return override;
	const merged: Record<string, unknown> = { ...base };
	for (const [key, value] of Object.entries(override)) {
		const next = Object.hasOwn(base, key) ? deepMerge(base[key], value) : value;
		// defineProperty: a "__proto__" key in a settings file must stay data, not become a prototype.
		Object.defineProperty(merged, key, { value: next, enumerable: true, writable: true, configurable: true });
	}
	return merged;
}

/** After merging: every provider needs an `api`, and `models.<name>` must name a provider. */
function checkProviderNames(
	settings: Settings,
	origins: Map<string, { file: string; doc: JsoncDocument }>,
): void {
	const fail = (key: string, path: JsonPath, detail: string): never => {
		const origin = origins.get(key);
		const file = origin?.file ?? "settings";
		throw new SettingsError(file, detail, origin?.doc.positionOf(path), formatJsonPath(path));
	};
	for (const [name, provider] of Object.entries(settings.providers ?? {})) {
		if (provider.api) continue;
		const builtin = BUILTIN_PROVIDERS[name];
		if (builtin) provider.api = builtin.api;
		else fail(`providers/${name}`, ["providers", name], `"api" is missing; expected one of ${kinds()}`);
	}
	const known = [...new Set([...Object.keys(BUILTIN_PROVIDERS), ...Object.keys(settings.providers ?? {})])];
	for (const name of Object.keys(settings.models ?? {})) {
		if (known.includes(name)) continue;
		const close = closeMatches(name, known);
		const hint = close.length > 0 ? ` (did you mean "${close[0]}"?)` : "";
		fail(
			`models/${name}`,
			["models", name],
			`no provider is named "${name}"${hint}; define it under "providers" or use one of: ${known.join(", ")}`,
		);
	}
}

function kinds(): string {
	return API_KINDS.map((k) => `"${k}"`).join(", ");
}
