/**
 * weft's Provider port over the AI SDK provider packages, one adapter for
 * the four wire formats. The SDK is imported on the first request only.
 */
import type { LanguageModelV3StreamPart } from "@ai-sdk/provider";
import { errorMessage } from "../../base/error-message.js";
import type { ApiKind, ModelInfo, Provider, ProviderEvent, ProviderRequest } from "../../kernel/provider.js";
import { toCallOptions } from "./call-options.js";
import { abortedError, type ErrorContext, toProviderError } from "./errors.js";
import { createLanguageModel, DEFAULT_BASE_URLS } from "./language-model.js";
import { payloadFetch } from "./payload-fetch.js";
import { coalescingFetch } from "./sse-coalesce.js";
import { StreamTranslator } from "./stream-translator.js";
import { warmUp } from "./warm-up.js";

export { RetryAfterError } from "./errors.js";

export interface ApiProviderConfig {
	name: string;
	api: ApiKind;
	baseUrl?: string;
	/** A literal key or a function read on every request (keys may be rotated or logged in later). */
	apiKey?: string | (() => string | undefined);
	headers?: Record<string, string>;
	models: ModelInfo[];
	/**
	 * When the key is rejected (401), what to tell the user about the key that
	 * was sent, e.g. "check the key in $ACME_KEY". Without it the message says
	 * only which provider rejected the key: weft never guesses a variable name.
	 */
	keyHelp?: () => string | undefined;
}

export function createApiProvider(config: ApiProviderConfig): Provider {
	return {
		name: config.name,
		models: config.models,
		stream: (request) => streamResponse(config, request),
		prepare: (model) =>
			warmUp({
				provider: config.name,
				api: config.api,
				model,
				baseUrl: model.baseUrl ?? config.baseUrl,
				headers: config.headers,
			}),
		keyProblem: () => {
			try {
				if (typeof config.apiKey === "function") config.apiKey();
				return undefined;
			} catch (error) {
				return errorMessage(error);
			}
		},
	};
}

async function* streamResponse(
	config: ApiProviderConfig,
	request: ProviderRequest,
): AsyncGenerator<ProviderEvent> {
	const baseUrl = request.model.baseUrl ?? config.baseUrl;
	const errors: ErrorContext = {
		provider: config.name,
		model: request.model.id,
		baseUrl: baseUrl ?? DEFAULT_BASE_URLS[config.api] ?? "(no baseUrl configured)",
		keyHelp: config.keyHelp,
		signal: request.signal,
	};
	if (request.signal.aborted) throw abortedError();

	let stream: ReadableStream<LanguageModelV3StreamPart>;
	try {
		const apiKey = typeof config.apiKey === "function" ? config.apiKey() : config.apiKey;
		const model = await createLanguageModel(config.api, {
			provider: config.name,
			modelId: request.model.id,
			baseUrl,
			apiKey: apiKey ?? "",
			headers: config.headers,
			fetch: coalescingFetch(config.api, payloadFetch(request.onPayload, request.onResponse)),
		});
		({ stream } = await model.doStream(toCallOptions(request, config.api, config.name)));
	} catch (error) {
		throw toProviderError(error, errors);
	}

	const translator = new StreamTranslator({
		api: config.api,
		provider: config.name,
		model: request.model,
		errors,
	});
	const reader = stream.getReader();
	try {
		for (;;) {
			const next = await reader.read().catch((error: unknown) => {
				throw toProviderError(error, errors);
			});
			if (next.done) break;
			yield* translator.push(next.value);
		}
		if (request.signal.aborted) throw abortedError();
		const { events, message } = translator.finish();
		yield* events;
		yield { type: "done", message };
	} finally {
		// Stops the HTTP response when the consumer leaves early or an error part ended the stream.
		reader.cancel().catch(() => {});
	}
}
