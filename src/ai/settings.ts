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
import { displayPath } from "../base/paths.js";
import type { ThinkingLevel } from "../kernel/provider.js";
import { BUILTIN_PROVIDERS } from "./catalog.js";
import { ignoredWarning, keepUserProviders, untrustedKeys } from "./project-settings-policy.js";
import { readSettingsFiles, rememberSettingsFiles } from "./settings-files.js";
import { API_KINDS, type ModelConfig, type ProviderConfig } from "./types.js";

export { SettingsError } from "../base/jsonc.js";

/**
 * The largest delay a Node timer honours: setTimeout treats anything above
 * 2^31-1 ms as 1 ms, so a larger timeout or deadline would fire at once.
 * Every numeric setting is capped here.
 */
export const MAX_TIMER_MS = 2_147_483_647;

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

const THINKING_LEVELS: readonly ThinkingLevel[] = ["off", "low", "medium", "high"];
const DELIVERY_MODES = ["all", "one-at-a-time"] as const;
const PROVIDER_KEYS = ["api", "baseUrl", "apiKey", "headers", "models"];
const MODEL_KEYS = ["id", "name", "contextWindow", "maxOutput", "cost", "reasoning", "input"];
const COST_KEYS = ["input", "output", "cacheRead", "cacheWrite"];
const RETRY_KEYS = ["maxRetries", "baseDelayMs"];
const EXTENSION_OPTION_KEYS = ["failOpen", "deadlineMs", "loadTimeoutMs", "breakAfter"];
const COMPACTION_KEYS = ["enabled", "reserveTokens", "keepRecentTokens", "overflowRecovery"];

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
		const fileSettings = new Checker(doc, file, warnings).settings(split ? split.kept : doc.value);
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

function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === "object" && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
	if (value === null) return "null";
	if (Array.isArray(value)) return "an array";
	if (typeof value === "object") return "an object";
	const text = JSON.stringify(value);
	return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/** Validates one file's contents, throwing at the first value of the wrong type. */
class Checker {
	constructor(
		private readonly doc: JsoncDocument,
		private readonly file: string,
		private readonly warnings: string[],
	) {}

	settings(value: unknown): Settings {
		const root = this.object([], value, "a JSON object with settings");
		if (root.providers !== undefined) {
			const providers = this.object(["providers"], root.providers, "an object of providers by name");
			for (const [name, provider] of Object.entries(providers)) this.provider(["providers", name], provider);
		}
		for (const key of ["defaultProvider", "defaultModel"]) {
			if (root[key] !== undefined) this.string([key], root[key]);
		}
		if (root.models !== undefined) {
			const models = this.object(["models"], root.models, 'an object like { "<provider>": [{ "id": "…" }] }');
			for (const [name, list] of Object.entries(models)) this.modelList(["models", name], list);
		}
		if (root.thinking !== undefined) this.oneOf(["thinking"], root.thinking, THINKING_LEVELS);
		if (root.extensions !== undefined) {
			this.array(["extensions"], root.extensions, "an array of extension paths or sources").forEach(
				(entry, i) => {
					this.string(["extensions", i], entry);
				},
			);
		}
		if (root.retry !== undefined) {
			const retry = this.object(["retry"], root.retry, "an object");
			this.knownKeys(["retry"], retry, RETRY_KEYS);
			if (retry.maxRetries !== undefined) this.count(["retry", "maxRetries"], retry.maxRetries, 0);
			if (retry.baseDelayMs !== undefined) this.count(["retry", "baseDelayMs"], retry.baseDelayMs, 0);
		}
		if (root.idleTimeoutMs !== undefined) this.count(["idleTimeoutMs"], root.idleTimeoutMs, 1);
		if (root.compaction !== undefined) this.compaction(root.compaction);
		if (root.startupHeader !== undefined && typeof root.startupHeader !== "boolean") {
			this.fail(["startupHeader"], `expected true or false; got ${describe(root.startupHeader)}`);
		}
		for (const key of ["steeringMode", "followUpMode"] as const) {
			if (root[key] !== undefined) this.oneOf([key], root[key], DELIVERY_MODES);
		}
		if (root.resize !== undefined && root.resize !== "keep" && root.resize !== "redraw") {
			this.fail(["resize"], `expected "keep" or "redraw"; got ${describe(root.resize)}`);
		}
		if (root.channels !== undefined) {
			this.array(["channels"], root.channels, 'an array of channel ids, like ["http"]').forEach(
				(entry, i) => {
					this.string(["channels", i], entry);
				},
			);
		}
		if (root.disabledExtensions !== undefined) {
			this.array(["disabledExtensions"], root.disabledExtensions, "an array of extension names").forEach(
				(entry, i) => {
					this.string(["disabledExtensions", i], entry);
				},
			);
		}
		if (root.piExtensions !== undefined && typeof root.piExtensions !== "boolean") {
			const pi = this.object(
				["piExtensions"],
				root.piExtensions,
				'true, or an object like { "global": true, "project": true }',
			);
			this.knownKeys(["piExtensions"], pi, ["global", "project"]);
			for (const key of ["global", "project"]) {
				if (pi[key] !== undefined && typeof pi[key] !== "boolean")
					this.fail(["piExtensions", key], `expected true or false; got ${describe(pi[key])}`);
			}
		}
		if (root.extensionOptions !== undefined) {
			const all = this.object(
				["extensionOptions"],
				root.extensionOptions,
				'an object like { "<extension>": { "deadlineMs": 5000 } }',
			);
			for (const [name, options] of Object.entries(all))
				this.extensionOptions(["extensionOptions", name], options);
		}
		return root as Settings;
	}

	private compaction(value: unknown): void {
		const compaction = this.object(
			["compaction"],
			value,
			'an object like { "enabled": true, "keepRecentTokens": 20000 }',
		);
		this.knownKeys(["compaction"], compaction, COMPACTION_KEYS);
		for (const key of ["enabled", "overflowRecovery"]) {
			if (compaction[key] !== undefined && typeof compaction[key] !== "boolean")
				this.fail(["compaction", key], `expected true or false; got ${describe(compaction[key])}`);
		}
		for (const key of ["reserveTokens", "keepRecentTokens"]) {
			if (compaction[key] !== undefined) this.count(["compaction", key], compaction[key], 1);
		}
	}

	private extensionOptions(path: JsonPath, value: unknown): void {
		const options = this.object(path, value, 'an object like { "failOpen": false, "deadlineMs": 5000 }');
		this.knownKeys(path, options, EXTENSION_OPTION_KEYS);
		if (options.failOpen !== undefined && typeof options.failOpen !== "boolean") {
			this.fail([...path, "failOpen"], `expected true or false; got ${describe(options.failOpen)}`);
		}
		for (const key of ["deadlineMs", "loadTimeoutMs"]) {
			if (options[key] !== undefined) this.count([...path, key], options[key], 1);
		}
		if (options.breakAfter !== undefined) this.count([...path, "breakAfter"], options.breakAfter, 0);
	}

	private provider(path: JsonPath, value: unknown): void {
		const provider = this.object(
			path,
			value,
			'an object like { "api": "openai-completions", "baseUrl": "…" }',
		);
		this.knownKeys(path, provider, PROVIDER_KEYS);
		if (provider.api !== undefined) this.oneOf([...path, "api"], provider.api, API_KINDS);
		if (provider.baseUrl !== undefined) {
			const url = this.string([...path, "baseUrl"], provider.baseUrl);
			if (!/^https?:\/\/[^/\s]+/.test(url)) {
				this.fail([...path, "baseUrl"], `expected an http:// or https:// URL; got ${describe(url)}`);
			}
		}
		if (provider.apiKey !== undefined) this.string([...path, "apiKey"], provider.apiKey);
		if (provider.headers !== undefined) {
			const headers = this.object(
				[...path, "headers"],
				provider.headers,
				"an object of header names to strings",
			);
			for (const [name, header] of Object.entries(headers))
				this.string([...path, "headers", name], header, true);
		}
		if (provider.models !== undefined) this.modelList([...path, "models"], provider.models);
	}

	private modelList(path: JsonPath, value: unknown): void {
		const models = this.array(path, value, 'an array of models like [{ "id": "…", "contextWindow": 32768 }]');
		models.forEach((entry, i) => {
			this.model([...path, i], entry);
		});
	}

	private model(path: JsonPath, value: unknown): void {
		const model = this.object(path, value, 'a model object like { "id": "…" }');
		this.knownKeys(path, model, MODEL_KEYS);
		if (model.id === undefined) this.fail(path, '"id" is missing; every model needs its id');
		this.string([...path, "id"], model.id);
		if (model.name !== undefined) this.string([...path, "name"], model.name);
		if (model.contextWindow !== undefined) this.count([...path, "contextWindow"], model.contextWindow, 1);
		if (model.maxOutput !== undefined) this.count([...path, "maxOutput"], model.maxOutput, 1);
		if (model.reasoning !== undefined && typeof model.reasoning !== "boolean") {
			this.fail([...path, "reasoning"], `expected true or false; got ${describe(model.reasoning)}`);
		}
		if (model.cost !== undefined) {
			const cost = this.object([...path, "cost"], model.cost, "an object of US dollars per million tokens");
			this.knownKeys([...path, "cost"], cost, COST_KEYS);
			for (const key of COST_KEYS) {
				const price = cost[key];
				if (price !== undefined && (typeof price !== "number" || !(price >= 0))) {
					this.fail([...path, "cost", key], `expected a price of 0 or more; got ${describe(price)}`);
				}
			}
		}
		if (model.input !== undefined) {
			this.array([...path, "input"], model.input, 'an array of "text" and "image"').forEach((kind, i) => {
				this.oneOf([...path, "input", i], kind, ["text", "image"]);
			});
		}
	}

	private object(path: JsonPath, value: unknown, expected: string): Record<string, unknown> {
		if (!isPlainObject(value)) this.fail(path, `expected ${expected}; got ${describe(value)}`);
		return value;
	}

	private array(path: JsonPath, value: unknown, expected: string): unknown[] {
		if (!Array.isArray(value)) this.fail(path, `expected ${expected}; got ${describe(value)}`);
		return value;
	}

	private string(path: JsonPath, value: unknown, allowEmpty = false): string {
		if (typeof value !== "string" || (!allowEmpty && value.trim() === "")) {
			this.fail(path, `expected a non-empty string; got ${describe(value)}`);
		}
		return value;
	}

	/** A whole number from `min` to MAX_TIMER_MS (tokens, milliseconds, retries). */
	private count(path: JsonPath, value: unknown, min: number): void {
		if (typeof value !== "number" || !Number.isInteger(value) || value < min) {
			const expected = min === 0 ? "a whole number of 0 or more" : "a positive whole number";
			this.fail(path, `expected ${expected}; got ${describe(value)}`);
		}
		if (value > MAX_TIMER_MS) this.fail(path, `expected at most ${MAX_TIMER_MS}; got ${value}`);
	}

	private oneOf(path: JsonPath, value: unknown, allowed: readonly string[]): void {
		if (typeof value !== "string" || !allowed.includes(value)) {
			const list = allowed.map((a) => `"${a}"`).join(", ");
			this.fail(path, `expected one of ${list}; got ${describe(value)}`);
		}
	}

	private knownKeys(path: JsonPath, object: Record<string, unknown>, known: readonly string[]): void {
		for (const key of Object.keys(object)) {
			if (known.includes(key)) continue;
			const close = closeMatches(key, known, 1);
			const hint = close.length > 0 ? ` (did you mean "${close[0]}"?)` : "";
			const position = this.doc.keyPositionOf([...path, key]);
			const where = position ? `:${position.line}:${position.column}` : "";
			const full = formatJsonPath([...path, key]);
			this.warnings.push(
				`${displayPath(this.file)}${where}: ${full} is not a known setting${hint}; it has no effect`,
			);
		}
	}

	private fail(path: JsonPath, detail: string): never {
		throw new SettingsError(this.file, detail, this.doc.positionOf(path), formatJsonPath(path) || undefined);
	}
}
