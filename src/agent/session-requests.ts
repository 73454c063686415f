/**
 * The model requests a session makes besides running tools: the agent
 * loop's, each through automatic compaction (`compaction/`); manual
 * compactions; the summary of a branch left in the session tree
 * (session-navigation.ts). They share the retry options (with their `retry`
 * events), the `before_provider_request` hook, and the session's usage
 * total, which summary requests add to. The session owns the conversation
 * and its run; this owns how requests are made.
 */
import type { RetryOptions } from "../ai/retry.js";
import { streamWithRetry } from "../ai/retry.js";
import { checkRequestFits } from "../ai/token-estimate.js";
import type { Kernel } from "../kernel/kernel.js";
import { addUsage, emptyUsage, type Message, type Usage } from "../kernel/messages.js";
import {
	type ModelInfo,
	ProviderError,
	type ProviderEvent,
	type ProviderRequest,
	type ThinkingLevel,
} from "../kernel/provider.js";
import type { LoopRequest } from "./compaction/auto-compaction.js";
import type { CompactionOutcome, CompactOptions } from "./compaction/outcome.js";
import { SessionCompactions } from "./compaction/session-compactions.js";
import { summarize } from "./compaction/summarize.js";
import type { EventRelay } from "./event-relay.js";
import { type NavigateOptions, type NavigateOutcome, navigateTree } from "./session-navigation.js";
import type { SessionOptions } from "./session-options.js";
import type { SessionStore } from "./session-store.js";

export interface SessionRequestsDeps {
	kernel: Kernel;
	store: SessionStore;
	relay: EventRelay;
	/** The session's conversation: compaction and navigation replace it in place (a running loop holds the same array). */
	conversation: Message[];
	options: Pick<SessionOptions, "retry" | "idleTimeoutMs" | "compaction">;
	/** The session's usage total; summary requests add what they spend. */
	usage: Usage;
	/** True while a run is in progress. */
	isRunning(): boolean;
}

export class SessionRequests {
	readonly compactions: SessionCompactions;

	constructor(private readonly deps: SessionRequestsDeps) {
		this.compactions = new SessionCompactions({
			kernel: deps.kernel,
			store: deps.store,
			relay: deps.relay,
			conversation: deps.conversation,
			settings: deps.options.compaction,
			retry: () => this.retryOptions(),
			providerRequestHook: (model) => this.providerRequestHook(model),
			addUsage: (usage) => addUsage(deps.usage, usage),
		});
	}

	/**
	 * One request of the agent loop to `model`: refused before sending when it
	 * cannot fit the model's window, compacted first when over the threshold
	 * (and after an overflow), retried, with the provider hooks.
	 */
	stream(
		model: ModelInfo,
		/** Read as each attempt is sent: the level may change while a compaction runs first. */
		thinking: () => ThinkingLevel,
		signal: AbortSignal,
		request: LoopRequest,
	): AsyncIterable<ProviderEvent> {
		const provider = this.deps.kernel.providers.get(model.provider);
		if (!provider) {
			throw new ProviderError(
				"config",
				`no provider named "${model.provider}" is registered (model ${model.id}); check --provider or settings.providers`,
			);
		}
		const send = (sent: LoopRequest) => {
			// Fails now, with sizes and advice, rather than after uploading what the provider must reject.
			checkRequestFits(model, sent);
			const full: ProviderRequest = {
				...sent,
				model,
				signal,
				thinking: thinking(),
				onPayload: this.providerRequestHook(model),
				onResponse: (response) =>
					this.deps.relay.notify("after_provider_response", {
						provider: model.provider,
						model: model.id,
						...response,
					}),
			};
			return streamWithRetry(provider, full, this.retryOptions());
		};
		return this.compactions.stream(model, signal, request, send);
	}

	/** Summarises the older part of the conversation with `model`; not while a run or another compaction is in progress. */
	compact(model: ModelInfo, options: CompactOptions): Promise<CompactionOutcome> {
		if (this.deps.isRunning()) {
			return Promise.resolve({
				status: "failed",
				error: "cannot compact while the agent is working; wait until it finishes, or stop it (Esc) first",
			});
		}
		if (this.compactions.running) {
			return Promise.resolve({ status: "failed", error: "a compaction is already running" });
		}
		return this.compactions.run(model, options.reason ?? "manual", options.instructions, options.signal);
	}

	/** Moves in the session tree (session-navigation.ts); a summary of the branch left is made with `model`. */
	navigate(model: ModelInfo, targetId: string, options: NavigateOptions): Promise<NavigateOutcome> {
		const { deps } = this;
		return navigateTree(
			{
				store: deps.store,
				relay: deps.relay,
				isBusy: () => deps.isRunning() || this.compactions.running,
				// The same request as compaction's summary: retries, the provider request hook, usage counted.
				summarize: async (messages, instructions, signal) => {
					let usage: Usage | undefined;
					const text = await summarize({
						kernel: deps.kernel,
						model,
						messages,
						instructions,
						signal: signal ?? new AbortController().signal,
						retry: this.retryOptions(),
						onPayload: this.providerRequestHook(model),
						onUsage: (spent) => {
							addUsage(deps.usage, spent);
							usage = addUsage(usage ?? emptyUsage(), spent);
						},
					});
					return { text, usage };
				},
				rebuild: () => {
					deps.conversation.length = 0;
					for (const message of deps.store.buildContext().messages) deps.conversation.push(message);
				},
			},
			targetId,
			options,
		);
	}

	private retryOptions(): RetryOptions {
		const { options, relay } = this.deps;
		return {
			maxRetries: options.retry?.maxRetries,
			baseDelayMs: options.retry?.baseDelayMs,
			idleTimeoutMs: options.idleTimeoutMs,
			onRetry: ({ attempt, maxRetries, error, delayMs }) =>
				relay.publish({
					type: "retry",
					attempt,
					maxRetries,
					delayMs,
					error: error.message,
					kind: error.kind,
				}),
		};
	}

	/** The `before_provider_request` hook for requests to `model`. */
	private providerRequestHook(model: ModelInfo): NonNullable<ProviderRequest["onPayload"]> {
		return async (payload) => {
			const rewritten = await this.deps.relay.emit("before_provider_request", {
				provider: model.provider,
				model: model.id,
				payload,
			});
			return rewritten.payload.payload;
		};
	}
}
