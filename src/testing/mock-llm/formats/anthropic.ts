/** Anthropic messages streaming (`POST /v1/messages`, `stream: true`). */
import type { TurnPlan } from "../script.js";
import { sse, type WireContext, type WireFormat } from "./wire-format.js";

const ERROR_TYPES: Record<number, string> = {
	400: "invalid_request_error",
	401: "authentication_error",
	403: "permission_error",
	404: "not_found_error",
	413: "request_too_large",
	429: "rate_limit_error",
	529: "overloaded_error",
};

export const anthropicMessages: WireFormat = {
	toolIdPrefix: "toolu_",
	frames(plan: TurnPlan, ctx: WireContext): string[] {
		const frames: string[] = [];
		const emit = (type: string, data: Record<string, unknown> = {}) =>
			frames.push(sse({ type, ...data }, type));
		emit("message_start", {
			message: {
				id: ctx.nextId("msg_"),
				type: "message",
				role: "assistant",
				model: plan.model,
				content: [],
				stop_reason: null,
				stop_sequence: null,
				usage: {
					input_tokens: plan.usage.input,
					cache_read_input_tokens: plan.usage.cacheRead,
					cache_creation_input_tokens: 0,
					output_tokens: 1,
				},
			},
		});
		let index = 0;
		if (plan.thinking.length > 0) {
			emit("content_block_start", { index, content_block: { type: "thinking", thinking: "" } });
			for (const thinking of plan.thinking) {
				emit("content_block_delta", { index, delta: { type: "thinking_delta", thinking } });
			}
			const signature = `mock-signature-${ctx.nextId("")}`;
			emit("content_block_delta", { index, delta: { type: "signature_delta", signature } });
			emit("content_block_stop", { index });
			index++;
		}
		if (plan.text.length > 0) {
			emit("content_block_start", { index, content_block: { type: "text", text: "" } });
			for (const text of plan.text)
				emit("content_block_delta", { index, delta: { type: "text_delta", text } });
			emit("content_block_stop", { index });
			index++;
		}
		for (const call of plan.toolCalls) {
			emit("content_block_start", {
				index,
				content_block: { type: "tool_use", id: call.id, name: call.name, input: {} },
			});
			for (const partial_json of call.argChunks) {
				emit("content_block_delta", { index, delta: { type: "input_json_delta", partial_json } });
			}
			emit("content_block_stop", { index });
			index++;
		}
		emit("message_delta", {
			delta: { stop_reason: plan.toolCalls.length > 0 ? "tool_use" : "end_turn", stop_sequence: null },
			usage: { output_tokens: plan.usage.output },
		});
		emit("message_stop");
		return frames;
	},
	errorBody(status: number, message: string) {
		return { type: "error", error: { type: ERROR_TYPES[status] ?? "api_error", message } };
	},
};
