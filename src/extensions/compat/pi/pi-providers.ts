/**
 * Providers with their own streaming, for pi extensions: pi's
 * `registerProvider(name, { api, streamSimple, models })` — or a
 * `registerApiProvider({ api, streamSimple })` from pi-ai that an `api` name
 * then selects — becomes a weft provider whose `stream` calls the
 * extension's function (translation in pi-provider-events.ts). And pi-ai's
 * built-in stream functions (`streamSimpleAnthropic`, …), which such a
 * provider may delegate to, run on weft's own adapters for the four wire
 * formats weft speaks.
 *
 * weft's ProviderError class and its adapter factory are handed in by the
 * pi adapter (bindProviderRuntime): this bundle entry imports no value from
 * the rest of weft (pi-adapter.ts says why).
 */
import type { ModelInfo, Provider, ProviderError } from "../../../kernel/provider.js";
import type { ExtensionProvider } from "../../types.js";
import { createAssistantMessageEventStream, type PiStreamEvent } from "./pi-event-stream.js";
import { PI_THINKING } from "./pi-names.js";
import {
	fromPiContext,
	fromPiEvents,
	type PiContext,
	type PiModel,
	type PiStreamOptions,
	piReasoning,
	toPiContext,
	toPiEvents,
} from "./pi-provider-events.js";

export interface ProviderRuntime {
	ProviderError: typeof ProviderError;
	/** One of weft's adapters for an `api` it speaks (settings' provider shape: `apiKey` literal or `$VAR`). */
	apiProvider(name: string, config: ExtensionProvider): Provider;
}

let bound: ProviderRuntime | undefined;

export function bindProviderRuntime(runtime: ProviderRuntime): void {
	bound = runtime;
}

function runtime(): ProviderRuntime {
	if (!bound) throw new Error("pi-ai's stream functions need a running weft session; none is loaded yet");
	return bound;
}

type StreamFunction = (
	model: PiModel,
	context: PiContext,
	options?: PiStreamOptions,
) => AsyncIterable<PiStreamEvent>;

/** pi-ai's registerApiProvider: stream functions by api name, for registerProvider to find. */
const apiStreams = new Map<string, StreamFunction>();

export function registerApiProvider(provider: {
	api?: string;
	stream?: unknown;
	streamSimple?: unknown;
}): void {
	const stream = provider?.streamSimple ?? provider?.stream;
	if (typeof provider?.api !== "string" || typeof stream !== "function") {
		throw new Error("registerApiProvider needs { api, streamSimple(model, context, options) }");
	}
	apiStreams.set(provider.api, stream as StreamFunction);
}

/** The stream function a pi provider config names: its own, or one registered for its api. */
export function streamFunctionOf(config: {
	api?: string;
	streamSimple?: unknown;
}): StreamFunction | undefined {
	if (typeof config?.streamSimple === "function") return config.streamSimple as StreamFunction;
	return typeof config?.api === "string" ? apiStreams.get(config.api) : undefined;
}

/** pi's apiKey: an environment variable's name (read now, per request) or the key itself. */
function resolveKey(apiKey: unknown): string | undefined {
	if (typeof apiKey !== "string") return undefined;
	if (/^[A-Z][A-Z0-9_]*$/.test(apiKey)) return process.env[apiKey]?.trim() || undefined;
	return apiKey;
}

type PiModelConfig = Record<string, any> & { id: string };

/**
 * A weft provider whose stream is the pi extension's: each request becomes
 * pi's Model (the extension's own definition, so fields weft does not know,
 * such as `compat`, reach it), Context and options.
 */
export function piStreamProvider(
	name: string,
	config: Record<string, any>,
	stream: StreamFunction,
): ExtensionProvider {
	const definitions = new Map<string, PiModelConfig>(config.models.map((m: PiModelConfig) => [m.id, m]));
	const piModel = (model: ModelInfo): PiModel => ({
		...definitions.get(model.id),
		id: model.id,
		name: model.name ?? model.id,
		api: String(config.api ?? "custom"),
		provider: name,
		baseUrl: model.baseUrl ?? config.baseUrl ?? "",
		reasoning: model.reasoning === true,
		input: model.input ?? ["text"],
		cost: model.cost,
		contextWindow: model.contextWindow,
		maxTokens: model.maxOutput,
		...(config.headers && { headers: config.headers }),
	});
	return {
		models: config.models.map((m: PiModelConfig) => ({
			id: m.id,
			name: m.name,
			...(typeof config.baseUrl === "string" && { baseUrl: config.baseUrl }),
			contextWindow: m.contextWindow,
			maxOutput: m.maxTokens,
			cost: m.cost,
			reasoning: m.reasoning,
			input: m.input,
		})),
		stream(request) {
			const { ProviderError: Errors } = runtime();
			const model = piModel(request.model);
			let events: AsyncIterable<PiStreamEvent>;
			try {
				events = stream(model, toPiContext(request), {
					signal: request.signal,
					apiKey: request.apiKey ?? resolveKey(config.apiKey),
					maxTokens: request.maxOutputTokens ?? request.model.maxOutput,
					reasoning: piReasoning(request.thinking),
					...(config.headers && { headers: config.headers }),
					onPayload: (payload) => request.onPayload?.(payload),
					onResponse: (response) => request.onResponse?.(response),
				});
			} catch (error) {
				const why = error instanceof Error ? error.message : String(error);
				throw new Errors("config", `provider "${name}" (a pi extension) failed to start its stream: ${why}`);
			}
			if (typeof events?.[Symbol.asyncIterator] !== "function") {
				throw new Errors(
					"config",
					`provider "${name}" (a pi extension): streamSimple must return an event stream (createAssistantMessageEventStream())`,
				);
			}
			return fromPiEvents(events, request, Errors, name);
		},
		// Said only for a variable it names: a literal key, or none, is the stream's own affair.
		keyProblem: () =>
			typeof config.apiKey === "string" &&
			/^[A-Z][A-Z0-9_]*$/.test(config.apiKey) &&
			!resolveKey(config.apiKey)
				? `set $${config.apiKey}`
				: undefined,
	};
}

/**
 * pi's base URL for weft's adapter of that api: pi's Anthropic URLs stop
 * before the API version (the Anthropic SDK adds `/v1/messages`), weft's
 * include it; the other formats agree.
 */
function weftBaseUrl(api: string, baseUrl: string | undefined): string | undefined {
	if (!baseUrl || api !== "anthropic-messages") return baseUrl || undefined;
	const trimmed = baseUrl.replace(/\/+$/, "");
	return /\/v1$/.test(trimmed) ? trimmed : `${trimmed}/v1`;
}

/**
 * pi-ai's built-in stream function for one api, on weft's adapter: the
 * model's base URL and headers and the options' key and headers are used
 * for this one request.
 */
function delegate(api: string): StreamFunction {
	return (model, context, options = {}) => {
		const out = createAssistantMessageEventStream();
		const signal = options.signal ?? new AbortController().signal;
		void (async () => {
			let events: AsyncIterable<PiStreamEvent>;
			try {
				const name = String(model?.provider ?? api);
				const headers = { ...model?.headers, ...options.headers };
				const provider = runtime().apiProvider(name, {
					api,
					baseUrl: weftBaseUrl(api, model?.baseUrl),
					apiKey: options.apiKey ?? "",
					headers,
					models: [{ id: model.id }],
				} as ExtensionProvider);
				const info: ModelInfo = {
					...provider.models[0],
					reasoning: model.reasoning === true,
					maxOutput: model.maxTokens ?? provider.models[0].maxOutput,
				};
				const reasoning = PI_THINKING[options.reasoning as keyof typeof PI_THINKING];
				const stream = provider.stream({
					model: info,
					...fromPiContext(context),
					signal,
					maxOutputTokens: options.maxTokens ?? model.maxTokens,
					thinking: reasoning,
					onPayload: options.onPayload && ((payload) => options.onPayload?.(payload, model)),
					onResponse: options.onResponse && ((response) => void options.onResponse?.(response, model)),
				});
				events = toPiEvents(stream, model, signal);
			} catch (error) {
				events = toPiEvents(failing(error), model, signal);
			}
			for await (const event of events) out.push(event);
			out.end();
		})();
		return out;
	};
}

/** A stream that fails at once: setting the request up failed, and pi's stream reports that as an error event. */
const failing = (error: unknown): AsyncIterable<never> => ({
	[Symbol.asyncIterator]: () => ({ next: () => Promise.reject(error) }),
});

export const streamAnthropic = delegate("anthropic-messages");
export const streamOpenAICompletions = delegate("openai-completions");
export const streamOpenAIResponses = delegate("openai-responses");
export const streamGoogle = delegate("google-generative-ai");
