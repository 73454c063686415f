/**
 * custom-provider — an "echo" model that answers with your last message:
 * weft end to end with no API key and no network.
 *
 * Shows: `registerProvider` with your own `stream(request)` function — an
 * async generator of text deltas ending with a `done` event carrying the
 * whole message — honouring `request.signal`; picked with `--provider echo`.
 * A provider in the settings shape (`api`, `baseUrl`, `apiKey`, `models`)
 * needs no stream function at all; see docs/extensions.md.
 *
 * Try:  weft -e examples/extensions/custom-provider --provider echo -p "hi"
 */
import {
	type AssistantMessage,
	type ExtensionAPI,
	emptyUsage,
	ProviderError,
	type ProviderEvent,
	type ProviderRequest,
	textOf,
} from "weft";

export const ECHO_MODEL = {
	id: "echo-1",
	provider: "echo",
	api: "custom",
	name: "Echo",
	contextWindow: 32_768,
	maxOutput: 4_096,
	cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 },
};

/** The text of the latest user message (extensions' injected context is custom messages, not echoed). */
function lastUserText(request: ProviderRequest): string {
	const last = request.messages.findLast((message) => message.role === "user");
	return last ? textOf(last.content) : "";
}

async function* echo(request: ProviderRequest): AsyncGenerator<ProviderEvent> {
	const text = lastUserText(request) || "(nothing to echo)";
	for (const word of text.match(/\S+\s*/g) ?? [text]) {
		if (request.signal.aborted) throw new ProviderError("aborted", "request aborted");
		yield { type: "text_delta", text: word };
	}
	const message: AssistantMessage = {
		role: "assistant",
		content: [{ type: "text", text }],
		provider: "echo",
		model: request.model.id,
		usage: emptyUsage(),
		stopReason: "end",
		timestamp: Date.now(),
	};
	yield { type: "done", message };
}

export default function customProvider(weft: ExtensionAPI) {
	weft.registerProvider("echo", { models: [ECHO_MODEL], stream: echo });
}
