/** Google Generative AI streaming (`POST /v1beta/models/{model}:streamGenerateContent?alt=sse`). */
import type { TurnPlan } from "../script.js";
import { sse, type WireContext, type WireFormat } from "./wire-format.js";

const STATUS_NAMES: Record<number, string> = {
	400: "INVALID_ARGUMENT",
	401: "UNAUTHENTICATED",
	403: "PERMISSION_DENIED",
	404: "NOT_FOUND",
	429: "RESOURCE_EXHAUSTED",
	500: "INTERNAL",
	503: "UNAVAILABLE",
};

export const googleGenerativeAi: WireFormat = {
	toolIdPrefix: "call_",
	frames(plan: TurnPlan, ctx: WireContext): string[] {
		const responseId = ctx.nextId("resp-");
		const chunk = (parts: unknown[]) =>
			sse({
				candidates: [{ content: { role: "model", parts }, index: 0 }],
				modelVersion: plan.model,
				responseId,
			});
		const frames: string[] = [];
		plan.thinking.forEach((text, i) => {
			const last = i === plan.thinking.length - 1;
			// Gemini signs its thoughts; the signature must come back with them in the next request.
			frames.push(
				chunk([
					{ text, thought: true, ...(last && { thoughtSignature: `mock-thought-signature-${responseId}` }) },
				]),
			);
		});
		for (const text of plan.text) frames.push(chunk([{ text }]));
		if (plan.toolCalls.length > 0) {
			frames.push(
				chunk(
					plan.toolCalls.map((call) => ({ functionCall: { id: call.id, name: call.name, args: call.args } })),
				),
			);
		}
		const prompt = plan.usage.input + plan.usage.cacheRead;
		frames.push(
			sse({
				candidates: [{ finishReason: "STOP", index: 0 }],
				usageMetadata: {
					promptTokenCount: prompt,
					candidatesTokenCount: plan.usage.output,
					totalTokenCount: prompt + plan.usage.output,
					...(plan.usage.cacheRead > 0 && { cachedContentTokenCount: plan.usage.cacheRead }),
				},
				modelVersion: plan.model,
				responseId,
			}),
		);
		return frames;
	},
	errorBody(status: number, message: string) {
		return { error: { code: status, message, status: STATUS_NAMES[status] ?? "UNKNOWN" } };
	},
};
