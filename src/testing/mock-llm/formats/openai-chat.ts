/** OpenAI chat completions streaming (`POST /v1/chat/completions`, `stream: true`). */
import type { TurnPlan } from "../script.js";
import { openAiErrorBody, sse, type WireContext, type WireFormat } from "./wire-format.js";

export const openAiChat: WireFormat = {
	toolIdPrefix: "call_",
	frames(plan: TurnPlan, ctx: WireContext): string[] {
		const id = ctx.nextId("chatcmpl-");
		const created = Math.floor(Date.now() / 1000);
		const chunk = (delta: Record<string, unknown>, finishReason: string | null = null) =>
			sse({
				id,
				object: "chat.completion.chunk",
				created,
				model: plan.model,
				choices: [{ index: 0, delta, finish_reason: finishReason }],
			});
		const frames = [chunk({ role: "assistant" })];
		for (const piece of plan.thinking) frames.push(chunk({ reasoning_content: piece }));
		for (const piece of plan.text) frames.push(chunk({ content: piece }));
		plan.toolCalls.forEach((call, index) => {
			frames.push(
				chunk({
					tool_calls: [
						{ index, id: call.id, type: "function", function: { name: call.name, arguments: "" } },
					],
				}),
			);
			for (const piece of call.argChunks)
				frames.push(chunk({ tool_calls: [{ index, function: { arguments: piece } }] }));
		});
		frames.push(chunk({}, plan.toolCalls.length > 0 ? "tool_calls" : "stop"));
		if (ctx.body?.stream_options?.include_usage) {
			const prompt = plan.usage.input + plan.usage.cacheRead;
			frames.push(
				sse({
					id,
					object: "chat.completion.chunk",
					created,
					model: plan.model,
					choices: [],
					usage: {
						prompt_tokens: prompt,
						completion_tokens: plan.usage.output,
						total_tokens: prompt + plan.usage.output,
						prompt_tokens_details: { cached_tokens: plan.usage.cacheRead },
					},
				}),
			);
		}
		frames.push(sse("[DONE]"));
		return frames;
	},
	errorBody: openAiErrorBody,
};
