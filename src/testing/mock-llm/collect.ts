/** Drains a provider stream into what tests assert on: the events, joined text, final message or error. */
import type { AssistantMessage } from "../../kernel/messages.js";
import { ProviderError, type ProviderEvent } from "../../kernel/provider.js";

export interface CollectedStream {
	events: ProviderEvent[];
	/** All text deltas joined. */
	text: string;
	/** All thinking deltas joined. */
	thinking: string;
	/** The `done` message, when the stream finished. */
	message?: AssistantMessage;
	/** The ProviderError the stream threw, if it failed. */
	error?: ProviderError;
}

/** Never throws ProviderErrors (they land in `error`); other errors are bugs and propagate. */
export async function collectStream(stream: AsyncIterable<ProviderEvent>): Promise<CollectedStream> {
	const out: CollectedStream = { events: [], text: "", thinking: "" };
	try {
		for await (const event of stream) {
			out.events.push(event);
			if (event.type === "text_delta") out.text += event.text;
			else if (event.type === "thinking_delta") out.thinking += event.text;
			else if (event.type === "done") out.message = event.message;
		}
	} catch (error) {
		if (!(error instanceof ProviderError)) throw error;
		out.error = error;
	}
	return out;
}
