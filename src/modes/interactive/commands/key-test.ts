/**
 * Tries an API key before `/login` stores it: one tiny request ("ping",
 * a few output tokens) through the same adapter weft talks to the provider
 * with, ended as soon as the provider starts answering. A key that is
 * rejected, a model that is missing or a server that is down fail here with
 * the adapter's one-line explanation instead of on the user's first prompt.
 */
import { createApiProvider } from "../../../ai/adapters/index.js";
import type { BuiltinProvider } from "../../../ai/catalog.js";
import type { ModelInfo } from "../../../kernel/provider.js";
import { errorText } from "./arguments.js";

export interface KeyTestTarget {
	provider: string;
	config: BuiltinProvider;
	model: ModelInfo;
	key: string;
}

export type KeyTestResult = { ok: true } | { ok: false; error: string };

export type KeyTester = (target: KeyTestTarget) => Promise<KeyTestResult>;

export const KEY_TEST_TIMEOUT_MS = 15_000;

/** Some APIs (OpenAI Responses) refuse output limits below 16 tokens. */
const TEST_OUTPUT_TOKENS = 16;

export async function testApiKey(
	target: KeyTestTarget,
	timeoutMs: number = KEY_TEST_TIMEOUT_MS,
): Promise<KeyTestResult> {
	const { provider, config, model, key } = target;
	const api = createApiProvider({
		name: provider,
		api: config.api,
		baseUrl: config.baseUrl,
		headers: config.headers,
		models: [model],
		apiKey: key,
		keyHelp: () => "check the key you entered",
	});
	const controller = new AbortController();
	let timedOut = false;
	const timer = setTimeout(() => {
		timedOut = true;
		controller.abort();
	}, timeoutMs);
	try {
		const events = api.stream({
			model,
			systemPrompt: "",
			messages: [{ role: "user", content: "ping", timestamp: Date.now() }],
			tools: [],
			signal: controller.signal,
			maxOutputTokens: TEST_OUTPUT_TOKENS,
			thinking: "off",
		});
		// The first event means the provider accepted the key and the model; the rest is not needed.
		for await (const _event of events) break;
		return { ok: true };
	} catch (error) {
		if (timedOut) {
			const where = model.baseUrl ?? config.baseUrl ?? "its default address";
			return {
				ok: false,
				error: `provider ${provider} did not answer within ${timeoutMs / 1000} s; check your network and its baseUrl (${where})`,
			};
		}
		return { ok: false, error: errorText(error) };
	} finally {
		clearTimeout(timer);
		controller.abort();
	}
}
