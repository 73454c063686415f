/** OpenAI Responses API streaming (`POST /v1/responses`, `stream: true`): named events with sequence numbers. */
import type { TurnPlan } from "../script.js";
import { openAiErrorBody, sse, type WireContext, type WireFormat } from "./wire-format.js";

export const openAiResponses: WireFormat = {
	toolIdPrefix: "call_",
	frames(plan: TurnPlan, ctx: WireContext): string[] {
		const frames: string[] = [];
		let sequence = 0;
		const emit = (type: string, data: Record<string, unknown>) => {
			frames.push(sse({ type, sequence_number: sequence++, ...data }, type));
		};
		const response = {
			id: ctx.nextId("resp_"),
			object: "response",
			created_at: Math.floor(Date.now() / 1000),
			model: plan.model,
		};
		const output: unknown[] = [];
		emit("response.created", { response: { ...response, status: "in_progress", output: [] } });

		if (plan.thinking.length > 0) {
			const item_id = ctx.nextId("rs_");
			const output_index = output.length;
			const text = plan.thinking.join("");
			const part = { type: "summary_text", text: "" };
			emit("response.output_item.added", {
				output_index,
				item: { type: "reasoning", id: item_id, summary: [] },
			});
			emit("response.reasoning_summary_part.added", { item_id, output_index, summary_index: 0, part });
			for (const delta of plan.thinking) {
				emit("response.reasoning_summary_text.delta", { item_id, output_index, summary_index: 0, delta });
			}
			emit("response.reasoning_summary_text.done", { item_id, output_index, summary_index: 0, text });
			emit("response.reasoning_summary_part.done", {
				item_id,
				output_index,
				summary_index: 0,
				part: { ...part, text },
			});
			const wantsEncrypted =
				Array.isArray(ctx.body?.include) && ctx.body.include.includes("reasoning.encrypted_content");
			const item = {
				type: "reasoning",
				id: item_id,
				summary: [{ type: "summary_text", text }],
				...(wantsEncrypted && { encrypted_content: `mock-encrypted-${item_id}` }),
			};
			emit("response.output_item.done", { output_index, item });
			output.push(item);
		}

		if (plan.text.length > 0) {
			const item_id = ctx.nextId("msg_");
			const output_index = output.length;
			const text = plan.text.join("");
			const where = { item_id, output_index, content_index: 0 };
			const item = { type: "message", id: item_id, role: "assistant" };
			emit("response.output_item.added", {
				output_index,
				item: { ...item, status: "in_progress", content: [] },
			});
			emit("response.content_part.added", {
				...where,
				part: { type: "output_text", text: "", annotations: [] },
			});
			for (const delta of plan.text) emit("response.output_text.delta", { ...where, delta, logprobs: [] });
			emit("response.output_text.done", { ...where, text, logprobs: [] });
			const part = { type: "output_text", text, annotations: [] };
			emit("response.content_part.done", { ...where, part });
			const done = { ...item, status: "completed", content: [part] };
			emit("response.output_item.done", { output_index, item: done });
			output.push(done);
		}

		for (const call of plan.toolCalls) {
			const item_id = ctx.nextId("fc_");
			const output_index = output.length;
			const args = call.argChunks.join("");
			const item = { type: "function_call", id: item_id, call_id: call.id, name: call.name };
			emit("response.output_item.added", {
				output_index,
				item: { ...item, arguments: "", status: "in_progress" },
			});
			for (const delta of call.argChunks) {
				emit("response.function_call_arguments.delta", { item_id, output_index, delta });
			}
			emit("response.function_call_arguments.done", { item_id, output_index, arguments: args });
			const done = { ...item, arguments: args, status: "completed" };
			emit("response.output_item.done", { output_index, item: done });
			output.push(done);
		}

		const { input, output: outputTokens, cacheRead } = plan.usage;
		emit("response.completed", {
			response: {
				...response,
				status: "completed",
				incomplete_details: null,
				output,
				usage: {
					input_tokens: input + cacheRead,
					input_tokens_details: { cached_tokens: cacheRead },
					output_tokens: outputTokens,
					output_tokens_details: { reasoning_tokens: 0 },
					total_tokens: input + cacheRead + outputTokens,
				},
			},
		});
		return frames;
	},
	errorBody: openAiErrorBody,
};
