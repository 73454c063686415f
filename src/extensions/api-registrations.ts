/**
 * What the extension API's `register*` calls hand to the kernel: extension
 * shapes (forgiving: strings, partial objects) checked with errors that say
 * what to write, and converted to the kernel's primitives.
 */
import { DEFAULT_CONTEXT_WINDOW, DEFAULT_MAX_OUTPUT, toModelInfo } from "../ai/catalog.js";
import { createProviders } from "../ai/model-resolution.js";
import { API_KINDS, type ModelConfig, type ProviderConfig } from "../ai/types.js";
import type { ModelInfo, Provider } from "../kernel/provider.js";
import type { ToolDefinition, ToolResult } from "../kernel/tool.js";
import type { Channel } from "./channel.js";
import { checkLogin, withLogin } from "./provider-login.js";
import type { ExtensionProvider, ExtensionTool, ToolExecutionContext } from "./types.js";

/** What model APIs accept as a tool name. */
const TOOL_NAME = /^[A-Za-z0-9_-]{1,64}$/;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
	typeof value === "object" && value !== null && !Array.isArray(value);

/** Throws an error naming the problem and the expected shape; returns the tool otherwise. */
export function checkTool(tool: unknown): ExtensionTool {
	if (!isPlainObject(tool)) {
		throw new Error("registerTool expects { name, description, parameters, execute }");
	}
	const { name, description, parameters, execute } = tool;
	if (typeof name !== "string" || !TOOL_NAME.test(name)) {
		throw new Error(
			`registerTool: tool name ${JSON.stringify(name)} is invalid; use 1-64 letters, digits, "_" or "-" (model APIs require it)`,
		);
	}
	if (typeof description !== "string" || description.trim() === "") {
		throw new Error(
			`registerTool("${name}"): a description is required; the model reads it to decide when to call the tool`,
		);
	}
	if (!isPlainObject(parameters) || parameters.type !== "object") {
		throw new Error(
			`registerTool("${name}"): parameters must be a JSON Schema object ({ type: "object", properties: { … } }) or a TypeBox Type.Object(…)`,
		);
	}
	if (typeof execute !== "function") throw new Error(`registerTool("${name}"): execute must be a function`);
	return tool as unknown as ExtensionTool;
}

/**
 * The kernel tool for an extension tool. The schema is copied as plain JSON
 * (TypeBox adds non-enumerable markers; a later edit by the extension must
 * not change the registered tool). A throw is left to the tool runner, which
 * turns it into an error result the model sees.
 */
export function toToolDefinition(
	tool: ExtensionTool,
	context: (call: Parameters<ToolDefinition["execute"]>[1]) => ToolExecutionContext,
	run: <T>(fn: () => T) => T,
): ToolDefinition {
	return {
		name: tool.name,
		label: tool.label,
		description: tool.description,
		parameters: JSON.parse(JSON.stringify(tool.parameters)) as Record<string, unknown>,
		...(tool.concurrent === true ? { concurrent: true } : {}),
		execute: async (args, call) => toToolResult(await run(() => tool.execute(args, context(call)))),
	};
}

function toToolResult(value: ToolResult | string | undefined): ToolResult | string {
	if (typeof value === "string") return value;
	if (isPlainObject(value)) {
		const { content, isError, details, usage, terminate } = value as ToolResult;
		return {
			content: content ?? "",
			isError: isError === true,
			details,
			...(isPlainObject(usage) ? { usage } : {}),
			...(terminate === true ? { terminate } : {}),
		};
	}
	return value === undefined || value === null ? "(no output)" : String(value);
}

/** Throws an error naming the problem and the expected shape; returns the channel otherwise. */
export function checkChannel(channel: unknown): Channel {
	const shape = "registerChannel expects { id, description?, start(ctx), stop() }";
	if (!isPlainObject(channel)) throw new Error(shape);
	const { id, start, stop } = channel;
	if (typeof id !== "string" || id.trim() === "" || /\s/.test(id))
		throw new Error(`${shape}; id must be a non-empty word (got ${JSON.stringify(id)})`);
	if (typeof start !== "function" || typeof stop !== "function")
		throw new Error(`registerChannel("${id}"): start and stop must be functions`);
	return channel as unknown as Channel;
}

/**
 * A kernel provider from the settings shape (`api`, `baseUrl`, `apiKey`,
 * `models`) or a custom `stream`; with `oauth`, its requests use the key from
 * the user's `/login` (provider-login.ts).
 */
export function toProvider(
	name: string,
	config: ExtensionProvider,
	keys: { home: string; env: NodeJS.ProcessEnv },
): Provider {
	const oauth = isPlainObject(config) ? config.oauth : undefined;
	if (oauth === undefined) return toKeyedProvider(name, config, keys);
	const login = checkLogin(name, oauth);
	const keyed = toKeyedProvider(name, config, keys);
	const custom = typeof (config as { stream?: unknown }).stream === "function";
	// A settings shape without `apiKey` has no key but the login's (not even one for a local server).
	const provider =
		custom || (config as ProviderConfig).apiKey !== undefined ? keyed : { ...keyed, keyProblem: undefined };
	return withLogin(provider, login, keys, (key) =>
		// A custom stream reads request.apiKey; the settings shape is rebuilt around the key.
		custom ? provider : toKeyedProvider(name, { ...config, apiKey: key } as ExtensionProvider, keys),
	);
}

function toKeyedProvider(
	name: string,
	config: ExtensionProvider,
	keys: { home: string; env: NodeJS.ProcessEnv },
): Provider {
	const shape =
		"expected { api, baseUrl?, apiKey?, headers?, models: [{ id, … }] } or { models: [...], stream(request) }";
	if (!isPlainObject(config)) throw new Error(`registerProvider("${name}"): ${shape}`);
	const models = (config as { models?: unknown }).models;
	if (!Array.isArray(models) || !models.every((m) => isPlainObject(m) && typeof m.id === "string" && m.id)) {
		throw new Error(`registerProvider("${name}"): "models" must be an array of { id, … }; ${shape}`);
	}
	if (typeof (config as { stream?: unknown }).stream === "function") {
		const custom = config as Omit<Provider, "name">;
		return {
			name,
			models: models.map((m) => customModel(name, m)),
			stream: (request) => custom.stream(request),
			...(typeof custom.prepare === "function" && { prepare: (model: ModelInfo) => custom.prepare!(model) }),
			...(typeof custom.keyProblem === "function" && { keyProblem: () => custom.keyProblem!() }),
		};
	}
	const settings = config as unknown as ProviderConfig;
	if (!API_KINDS.includes(settings.api)) {
		throw new Error(
			`registerProvider("${name}"): "api" must be one of ${API_KINDS.join(", ")} (got ${JSON.stringify(settings.api)}), or pass a stream function`,
		);
	}
	const table = new Map([[name, (models as ModelConfig[]).map((m) => toModelInfo(name, settings, m))]]);
	return createProviders({ [name]: settings }, table, keys.home, keys.env)[0];
}

/** A custom provider's model with the figures weft needs filled in. */
function customModel(provider: string, model: Partial<ModelInfo>): ModelInfo {
	const contextWindow = model.contextWindow ?? DEFAULT_CONTEXT_WINDOW;
	return {
		api: "custom",
		maxOutput: Math.min(DEFAULT_MAX_OUTPUT, Math.floor(contextWindow / 2)),
		...model,
		id: model.id!,
		provider,
		contextWindow,
		...(model.contextWindow === undefined ? { contextWindowUnknown: true } : {}),
		cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, ...model.cost },
	};
}
