/** An answer as the RPC translation tests feed it to RpcEventTranslator: mock model, small priced usage. */
import { type AssistantMessage, emptyUsage } from "../../src/kernel/messages.js";

export function answer(
	content: AssistantMessage["content"],
	stopReason: AssistantMessage["stopReason"] = "end",
): AssistantMessage {
	return {
		role: "assistant",
		content,
		provider: "mock",
		model: "mock-model",
		usage: {
			...emptyUsage(),
			input: 10,
			output: 5,
			cost: { input: 0.2, output: 0.3, cacheRead: 0, cacheWrite: 0, total: 0.5 },
		},
		stopReason,
		timestamp: 1,
	};
}
