/**
 * Compaction the user did not ask for, around each provider request of a
 * run: before it, when the request would pass the model's window minus the
 * reserve for the answer ("threshold"); after it, when the provider (or
 * weft's own size check) refused it as too long for the window ("overflow"),
 * then the request is sent again, once. The compacted request keeps what the
 * `context` handlers did to the messages that are kept.
 */
import { estimateBound, estimateMessageTokens, estimateRequestTokens } from "../../ai/token-estimate.js";
import type { CustomMessage, Message, ToolSpec } from "../../kernel/messages.js";
import { type ModelInfo, ProviderError, type ProviderEvent } from "../../kernel/provider.js";
import type { CompactionReason } from "../session-entries.js";
import type { CompactionOutcome } from "./outcome.js";
import type { CompactionPolicy } from "./policy.js";
import { COMPACTION_SUMMARY_TYPE } from "./summary-message.js";

export interface LoopRequest {
	systemPrompt: string;
	messages: Message[];
	tools: ToolSpec[];
}

export interface AutoCompactionDeps {
	model: ModelInfo;
	policy: CompactionPolicy;
	/** The session's conversation (replaced in place by a compaction). */
	conversation: readonly Message[];
	compact(reason: CompactionReason): Promise<CompactionOutcome>;
	/** Sends one request (size check, retries). */
	send(request: LoopRequest): AsyncIterable<ProviderEvent>;
}

export async function* streamWithCompaction(
	deps: AutoCompactionDeps,
	request: LoopRequest,
): AsyncGenerator<ProviderEvent> {
	let current = request;
	const threshold = deps.policy.threshold(deps.model);
	if (threshold !== undefined && overThreshold(current, deps.conversation, threshold)) {
		current = await compacted(deps, current, "threshold");
	}
	let retried = false;
	for (;;) {
		let yielded = false;
		try {
			for await (const event of deps.send(current)) {
				yielded = true;
				yield event;
			}
			return;
		} catch (error) {
			const overflow = error instanceof ProviderError && error.kind === "context_overflow";
			if (!overflow || yielded || retried || !deps.policy.overflowRecovery) throw error;
			retried = true;
			const before = current;
			current = await compacted(deps, current, "overflow");
			if (current === before) throw error;
		}
	}
}

/** The request after a compaction, or the same request when nothing was compacted. */
async function compacted(
	deps: AutoCompactionDeps,
	request: LoopRequest,
	reason: CompactionReason,
): Promise<LoopRequest> {
	const before = deps.conversation.length;
	const outcome = await deps.compact(reason);
	if (outcome.status !== "compacted") return request;
	const after = deps.conversation;
	const kept = after.length - 1;
	// The request's messages mirror the conversation unless a `context` handler added or removed some.
	if (request.messages.length === before && kept <= before) {
		return { ...request, messages: [after[0], ...request.messages.slice(before - kept)] };
	}
	return { ...request, messages: JSON.parse(JSON.stringify(after)) as Message[] };
}

/**
 * Whether the request passes `threshold` by weft's estimate or by what the
 * provider reported for the last answer since the latest compaction plus the
 * estimate of what followed it. The estimate under-counts on purpose; the
 * provider's own count makes the threshold fire when it should. The full
 * estimate is computed only when the request's characters could pass it (the
 * loop's messages are fresh copies each step, so nothing is cached for them).
 */
export function overThreshold(
	request: LoopRequest,
	conversation: readonly Message[],
	threshold: number,
): boolean {
	if (reportedTokens(conversation) > threshold) return true;
	if (estimateBound(request) <= threshold) return false;
	return estimateRequestTokens(request) > threshold;
}

/** The provider's count for the last answer since the latest compaction, plus the estimate of what followed; 0 when unknown. */
export function reportedTokens(conversation: readonly Message[]): number {
	const first = conversation[0];
	const compactedAt =
		first?.role === "custom" && (first as CustomMessage).customType === COMPACTION_SUMMARY_TYPE
			? first.timestamp
			: 0;
	for (let i = conversation.length - 1; i >= 0; i--) {
		const message = conversation[i];
		if (message.role !== "assistant") continue;
		if (message.timestamp < compactedAt || message.stopReason === "error" || message.stopReason === "aborted")
			return 0;
		const { input, cacheRead, cacheWrite, output } = message.usage;
		let reported = input + cacheRead + cacheWrite + output;
		for (let j = i + 1; j < conversation.length; j++) reported += estimateMessageTokens(conversation[j]);
		return reported;
	}
	return 0;
}
