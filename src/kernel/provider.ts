/**
 * The provider port: weft's own streaming interface. Adapters (src/ai)
 * implement it over provider SDKs; extensions may implement it directly.
 */
import type { AssistantMessage, Message, ToolCall, ToolSpec } from "./messages.js";
import type { ProviderLogin } from "./provider-login.js";

export type ApiKind =
	| "openai-completions"
	| "openai-responses"
	| "anthropic-messages"
	| "google-generative-ai";

export interface ModelCost {
	/** US dollars per million tokens. */
	input: number;
	output: number;
	cacheRead: number;
	cacheWrite: number;
}

export interface ModelInfo {
	id: string;
	provider: string;
	api: ApiKind | string;
	name?: string;
	baseUrl?: string;
	contextWindow: number;
	/** True when the model's configuration gave no window and `contextWindow` is weft's default: nothing is refused on the strength of it. */
	contextWindowUnknown?: boolean;
	maxOutput: number;
	cost: ModelCost;
	reasoning?: boolean;
	input?: Array<"text" | "image">;
}

export type ThinkingLevel = "off" | "low" | "medium" | "high";

export interface ProviderRequest {
	model: ModelInfo;
	systemPrompt: string;
	messages: Message[];
	tools: ToolSpec[];
	signal: AbortSignal;
	maxOutputTokens?: number;
	thinking?: ThinkingLevel;
	/** Called with the raw request body before it is sent; may return a rewritten body. */
	onPayload?: (payload: unknown) => Promise<unknown> | unknown;
	/** Called with each HTTP response's status and headers (names lower-cased), before its body is read; retries call it again. */
	onResponse?: (response: { status: number; headers: Record<string, string> }) => void;
	/** The key from the user's login, for a provider with a `login` that has its own stream. */
	apiKey?: string;
}

export type ProviderEvent =
	| { type: "text_delta"; text: string }
	| { type: "thinking_delta"; text: string }
	| { type: "toolcall_start"; id: string; name: string }
	| { type: "toolcall_delta"; id: string; text: string }
	| { type: "toolcall_end"; call: ToolCall }
	| { type: "done"; message: AssistantMessage };

export type ProviderErrorKind =
	| "auth"
	| "forbidden"
	| "model_not_found"
	| "rate_limit"
	| "server"
	| "network"
	| "context_overflow"
	| "bad_request"
	| "idle_timeout"
	| "aborted"
	| "config";

/** A provider failure users can act on: `message` says what failed and what to do. */
export class ProviderError extends Error {
	constructor(
		readonly kind: ProviderErrorKind,
		message: string,
		readonly status?: number,
		readonly retryable = false,
	) {
		super(message);
		this.name = "ProviderError";
	}
}

export interface Provider {
	name: string;
	/** Models this provider serves (may be empty for pass-through providers). */
	models: ModelInfo[];
	/** Streams one model response. Throws ProviderError on failure. */
	stream(request: ProviderRequest): AsyncIterable<ProviderEvent>;
	/**
	 * Optional: loads what the first request for `model` would (client
	 * libraries, connections), so an interactive UI can pay for it while the
	 * user is still typing. Must not send a model request; failures are ignored.
	 */
	prepare?(model: ModelInfo): Promise<void>;
	/**
	 * Optional: why a request would now be refused for want of an API key
	 * (the message the request would fail with), or undefined when a key is
	 * there or none is needed. Asks only where the key would come from; sends nothing.
	 */
	keyProblem?(): string | undefined;
	/** Optional: the provider's own login, run by `/login <provider>`; requests then use its key. */
	login?: ProviderLogin;
}
