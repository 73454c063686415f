/**
 * One compaction, start to finish: plan the cut, let extensions cancel it or
 * supply the summary (`session_before_compact`), otherwise ask the model,
 * then append the compaction entry (one write, after the summary arrived, so
 * a kill at any earlier moment leaves the session as it was), rebuild the
 * conversation from the store and report (`session_compact`). Subscribers
 * see `compaction_start` and `compaction_end` around it.
 */
import type { RetryOptions } from "../../ai/retry.js";
import { estimateMessageTokens } from "../../ai/token-estimate.js";
import { errorMessage } from "../../base/error-message.js";
import type { Kernel } from "../../kernel/kernel.js";
import { addUsage, emptyUsage, type Message, type Usage } from "../../kernel/messages.js";
import { type ModelInfo, ProviderError, type ProviderRequest } from "../../kernel/provider.js";
import type { EventRelay } from "../event-relay.js";
import type { CompactionReason } from "../session-entries.js";
import type { SessionStore } from "../session-store.js";
import { planCut } from "./cut-point.js";
import type { CompactionOutcome } from "./outcome.js";
import { summarize } from "./summarize.js";
import { compactionSummaryMessage } from "./summary-message.js";

export interface CompactorDeps {
	kernel: Kernel;
	store: SessionStore;
	relay: EventRelay;
	model: ModelInfo;
	/** The conversation as the session holds it now. */
	messages: readonly Message[];
	keepRecentTokens: number;
	retry?: RetryOptions;
	onPayload?: ProviderRequest["onPayload"];
	/** Adds the summary request's usage to the session's totals. */
	onUsage?: (usage: Usage) => void;
	/** Replaces the session's conversation with the compacted one. */
	replace(messages: Message[]): void;
}

export interface CompactionRequest {
	reason: CompactionReason;
	instructions?: string;
	signal: AbortSignal;
}

export async function runCompaction(
	deps: CompactorDeps,
	request: CompactionRequest,
): Promise<CompactionOutcome> {
	const { reason } = request;
	deps.relay.publish({ type: "compaction_start", reason });
	let outcome: CompactionOutcome;
	try {
		outcome = await compact(deps, request);
	} catch (error) {
		outcome = { status: "failed", error: `compaction failed: ${errorMessage(error)}` };
	}
	deps.relay.publish({ type: "compaction_end", reason, outcome });
	return outcome;
}

async function compact(deps: CompactorDeps, request: CompactionRequest): Promise<CompactionOutcome> {
	const { reason, instructions, signal } = request;
	const plan = planCut(deps.store.pathToLeaf(), deps.keepRecentTokens);
	if (plan.kind === "nothing") return { status: "nothing", message: plan.message };
	const tokensBefore = sumTokens(deps.messages);
	const gate = await deps.relay.emit("session_before_compact", {
		reason,
		tokens: tokensBefore,
		entries: plan.entries,
		// A copy, as the `context` event gets: a handler editing it must not change the session's messages.
		messages: structuredClone(plan.summarise),
		previousSummary: plan.previousSummary,
		firstKeptEntryId: plan.firstKeptEntryId,
		instructions,
	});
	const verdict = gate.terminal;
	if (verdict?.cancel === true) {
		const why = verdict.reason ?? `cancelled by the extension "${gate.terminalOwner}"`;
		return { status: "cancelled", reason: why };
	}
	const fromHook = typeof verdict?.summary === "string";
	// Kept on the entry so the session's totals after a resume (`/session`) include the summary request.
	let spent: Usage | undefined;
	let summary: string;
	if (fromHook) summary = verdict!.summary!;
	else {
		try {
			summary = await summarize({
				kernel: deps.kernel,
				model: deps.model,
				messages: plan.summarise,
				previousSummary: plan.previousSummary,
				instructions,
				signal,
				retry: deps.retry,
				onPayload: deps.onPayload,
				onUsage: (usage) => {
					spent = addUsage(spent ?? emptyUsage(), usage);
					deps.onUsage?.(usage);
				},
			});
		} catch (error) {
			if (signal.aborted || (error instanceof ProviderError && error.kind === "aborted"))
				return { status: "cancelled", reason: "aborted" };
			return { status: "failed", error: `the summary could not be made: ${errorMessage(error)}` };
		}
	}
	if (signal.aborted) return { status: "cancelled", reason: "aborted" };

	const tokensAfter = sumTokens([compactionSummaryMessage(summary, 0), ...plan.kept]);
	const entry = deps.store.append({
		type: "compaction",
		summary,
		firstKeptEntryId: plan.firstKeptEntryId,
		tokensBefore,
		tokensAfter,
		reason,
		...(fromHook ? { fromHook: true } : {}),
		...(spent ? { usage: spent } : {}),
	});
	deps.replace(deps.store.buildContext().messages);
	deps.relay.notify("session_compact", {
		summary,
		tokensBefore,
		tokensAfter,
		firstKeptEntryId: plan.firstKeptEntryId,
		reason,
		fromHook,
		entryId: entry.id,
	});
	return { status: "compacted", entry, tokensBefore, tokensAfter };
}

export function sumTokens(messages: readonly Message[]): number {
	let total = 0;
	for (const message of messages) total += estimateMessageTokens(message);
	return total;
}
