/**
 * Checks one settings file's value against the shape weft reads, throwing a
 * SettingsError at the first value of the wrong type (naming the file, the
 * position and the setting) and collecting a warning for each unknown key,
 * with the closest known one.
 */
import { closeMatches } from "../base/close-matches.js";
import { formatJsonPath, type JsoncDocument, type JsonPath, SettingsError } from "../base/jsonc.js";
import { displayPath } from "../base/paths.js";
import type { ThinkingLevel } from "../kernel/provider.js";
import type { Settings } from "./settings.js";
import { API_KINDS } from "./types.js";

/**
 * The largest delay a Node timer honours: setTimeout treats anything above
 * 2^31-1 ms as 1 ms, so a larger timeout or deadline would fire at once.
 * Every numeric setting is capped here.
 */
export const MAX_TIMER_MS = 2_147_483_647;

const THINKING_LEVELS: readonly ThinkingLevel[] = ["off", "low", "medium", "high"];
const DELIVERY_MODES = ["all", "one-at-a-time"] as const;
const PROVIDER_KEYS = ["api", "baseUrl", "apiKey", "headers", "models"];
const MODEL_KEYS = ["id", "name", "contextWindow", "maxOutput", "cost", "reasoning", "input"];
const COST_KEYS = ["input", "output", "cacheRead", "cacheWrite"];
const RETRY_KEYS = ["maxRetries", "baseDelayMs"];
const EXTENSION_OPTION_KEYS = ["failOpen", "deadlineMs", "loadTimeoutMs", "breakAfter"];
const COMPACTION_KEYS = ["enabled", "reserveTokens", "keepRecentTokens", "overflowRecovery"];

export function isPlainObject(value: unknown): value is Record<string, unknown> {
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
export class SettingsChecker {
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
