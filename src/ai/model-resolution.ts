/**
 * Which model a run uses, and the providers that serve it. Precedence:
 * --provider/--model flags, then settings defaults, then the first provider
 * the user configured in settings, then a built-in provider with a key, then
 * the first provider an extension registered, then a local OpenAI-compatible
 * server. Otherwise a one-screen explanation. Providers registered by
 * extensions can be named like any other; a built-in or settings provider
 * of the same name wins.
 */
import { type ModelInfo, type Provider, ProviderError } from "../kernel/provider.js";
import { createApiProvider } from "./adapters/index.js";
import { ENV_KEYS, lookupApiKey } from "./auth-store.js";
import {
	type BuiltinProvider,
	buildModelTable,
	DEFAULT_CONTEXT_WINDOW,
	DEFAULT_MAX_OUTPUT,
	findModel,
	resolveProviders,
	toModelInfo,
} from "./catalog.js";
import { detectLocalServer, type LocalServer, localProviderConfig } from "./local-detect.js";
import type { Settings } from "./settings.js";
import { noProviderHelp } from "./setup-help.js";

/** A configuration problem: `message` is the whole explanation to show the user. */
export class ConfigError extends Error {
	constructor(message: string) {
		super(message);
		this.name = "ConfigError";
	}
}

/** No provider at all: `-p` prints the message and exits; the terminal UI opens its setup view instead. */
export class NoProviderError extends ConfigError {}

export interface ResolveOptions {
	settings: Settings;
	home: string;
	env?: NodeJS.ProcessEnv;
	provider?: string;
	model?: string;
	/** Providers extensions registered (already in the kernel); their models can be picked. */
	extraProviders?: readonly Provider[];
	/** Probe for Ollama / LM Studio when nothing else is configured (default: the real probe). */
	detectLocal?: () => Promise<LocalServer | undefined>;
}

export interface Resolution {
	model: ModelInfo;
	/** Every configured provider, ready to register (nothing is imported until a request is made). */
	providers: Provider[];
	/** Set when the model came from auto-detection, to tell the user. */
	note?: string;
}

const AUTO_ORDER = ["anthropic", "openai", "google"];

export async function resolveModel(options: ResolveOptions): Promise<Resolution> {
	const env = options.env ?? process.env;
	const settings = options.settings;
	const configs = resolveProviders(settings);
	const table = buildModelTable(settings);
	const extras = new Map<string, Provider>();
	for (const provider of options.extraProviders ?? []) {
		if (table.has(provider.name)) continue;
		extras.set(provider.name, provider);
		table.set(provider.name, provider.models);
	}
	const pick = (provider: string | undefined, modelId: string): ModelInfo => {
		// A pass-through extension provider (no model list) serves whatever id it is given.
		const extra = provider === undefined ? undefined : extras.get(provider);
		if (extra && extra.models.length === 0) return passThroughModel(extra.name, modelId);
		const found = findModel(table, provider, modelId, configs);
		if ("error" in found) throw new ConfigError(found.error);
		return found;
	};
	const defaultOf = (provider: string): ModelInfo => {
		const config = configs[provider];
		if (!config && !extras.has(provider))
			throw new ConfigError(
				`unknown provider "${provider}". Known providers: ${[...Object.keys(configs), ...extras.keys()].join(", ")}.`,
			);
		const id =
			(settings.defaultProvider === provider ? settings.defaultModel : undefined) ??
			config?.defaultModel ??
			table.get(provider)?.[0]?.id;
		if (!id)
			throw new ConfigError(
				`provider "${provider}" lists no models: pass --model ID or add "models" to its settings`,
			);
		return pick(provider, id);
	};
	const done = (model: ModelInfo, note?: string): Resolution => ({
		model,
		providers: createProviders(configs, table, options.home, env),
		note,
	});

	if (options.model) return done(pick(options.provider, options.model));
	if (options.provider) return done(defaultOf(options.provider));
	if (settings.defaultModel) return done(pick(settings.defaultProvider, settings.defaultModel));
	if (settings.defaultProvider) return done(defaultOf(settings.defaultProvider));

	const configured = Object.keys(settings.providers ?? {}).filter(
		(name) => (table.get(name)?.length ?? 0) > 0,
	);
	if (configured.length > 0) return done(defaultOf(configured[0]));
	for (const name of AUTO_ORDER) {
		if (lookupApiKey(name, { home: options.home, env }).found) return done(defaultOf(name));
	}
	const fromExtension = [...extras.values()].find((p) => p.models.length > 0);
	if (fromExtension) return done(defaultOf(fromExtension.name));

	const local = await (options.detectLocal ?? (() => detectLocalServer()))();
	if (local) {
		const config = localProviderConfig(local);
		configs[local.name] = config;
		table.set(
			local.name,
			(config.models ?? []).map((m) => toModelInfo(local.name, config, m)),
		);
		return done(
			table.get(local.name)![0],
			`using ${local.name} at ${local.baseUrl} (model ${local.models[0]})`,
		);
	}
	throw new NoProviderError(noProviderHelp({ home: options.home }));
}

function passThroughModel(provider: string, id: string): ModelInfo {
	return {
		id,
		provider,
		api: "custom",
		contextWindow: DEFAULT_CONTEXT_WINDOW,
		contextWindowUnknown: true,
		maxOutput: DEFAULT_MAX_OUTPUT,
		cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 },
	};
}

export function createProviders(
	configs: Record<string, BuiltinProvider>,
	table: Map<string, ModelInfo[]>,
	home: string,
	env: NodeJS.ProcessEnv,
): Provider[] {
	return Object.entries(configs).map(([name, config]) => {
		// Where the last request's key came from, for the message if the provider rejects it.
		let keyHelp: string | undefined;
		return createApiProvider({
			name,
			api: config.api,
			baseUrl: config.baseUrl,
			headers: config.headers,
			models: table.get(name) ?? [],
			keyHelp: () => keyHelp,
			apiKey: () => {
				const lookup = lookupApiKey(name, { home, env, configured: config.apiKey });
				keyHelp = lookup.found ? lookup.help : lookup.reason;
				if (lookup.found) return lookup.key;
				// Known cloud services always need a key; a custom server may not.
				if (ENV_KEYS[name] || config.apiKey !== undefined) throw new ProviderError("auth", lookup.reason);
				return undefined;
			},
		});
	});
}
