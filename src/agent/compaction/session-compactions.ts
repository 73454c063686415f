/**
 * A session's compactions: the one running (a prompt waits for it, abort
 * stops it), manual ones through `run`, and the automatic ones around each
 * provider request of a run through `stream`. The session owns the
 * conversation; this replaces it in place when a compaction succeeds, since a
 * running loop holds the same array.
 */
import type { RetryOptions } from "../../ai/retry.js";
import type { CompactionSettings } from "../../ai/settings.js";
import type { Kernel } from "../../kernel/kernel.js";
import type { Message, Usage } from "../../kernel/messages.js";
import type { ModelInfo, ProviderEvent, ProviderRequest } from "../../kernel/provider.js";
import type { EventRelay } from "../event-relay.js";
import type { CompactionReason } from "../session-entries.js";
import type { SessionStore } from "../session-store.js";
import { type LoopRequest, streamWithCompaction } from "./auto-compaction.js";
import { runCompaction } from "./compactor.js";
import type { CompactionOutcome } from "./outcome.js";
import { type CompactionPolicy, compactionPolicy } from "./policy.js";

export interface SessionCompactionsDeps {
	kernel: Kernel;
	store: SessionStore;
	relay: EventRelay;
	/** The session's conversation, replaced in place. */
	conversation: Message[];
	settings?: CompactionSettings;
	retry(): RetryOptions;
	providerRequestHook(model: ModelInfo): NonNullable<ProviderRequest["onPayload"]>;
	/** Counts a summary request's usage in the session's totals. */
	addUsage(usage: Usage): void;
}

export class SessionCompactions {
	private current: { controller: AbortController; done: Promise<CompactionOutcome> } | undefined;

	constructor(private readonly deps: SessionCompactionsDeps) {}

	/** Read from the settings at each use: RPC's set_auto_compaction changes them while the session lives. */
	private get policy(): CompactionPolicy {
		return compactionPolicy(this.deps.settings);
	}

	get running(): boolean {
		return this.current !== undefined;
	}

	/** Resolves once no compaction runs. */
	async idle(): Promise<void> {
		await this.current?.done;
	}

	abort(): void {
		this.current?.controller.abort();
	}

	/** Compacts the conversation with `model`; never throws (a failure is an outcome). */
	async run(
		model: ModelInfo,
		reason: CompactionReason,
		instructions: string | undefined,
		signal: AbortSignal | undefined,
	): Promise<CompactionOutcome> {
		const controller = new AbortController();
		const stop = () => controller.abort();
		if (signal?.aborted) stop();
		signal?.addEventListener("abort", stop, { once: true });
		const { deps } = this;
		const done = runCompaction(
			{
				kernel: deps.kernel,
				store: deps.store,
				relay: deps.relay,
				model,
				messages: deps.conversation,
				keepRecentTokens: this.policy.keepRecentTokens(model),
				retry: deps.retry(),
				onPayload: deps.providerRequestHook(model),
				onUsage: (usage) => deps.addUsage(usage),
				replace: (messages) => {
					deps.conversation.length = 0;
					for (const message of messages) deps.conversation.push(message);
				},
			},
			{ reason, instructions, signal: controller.signal },
		);
		this.current = { controller, done };
		try {
			return await done;
		} finally {
			signal?.removeEventListener("abort", stop);
			this.current = undefined;
		}
	}

	/** Sends `request` through `send`, compacting first when it is over the threshold and after an overflow. */
	stream(
		model: ModelInfo,
		signal: AbortSignal,
		request: LoopRequest,
		send: (request: LoopRequest) => AsyncIterable<ProviderEvent>,
	): AsyncIterable<ProviderEvent> {
		return streamWithCompaction(
			{
				model,
				policy: this.policy,
				conversation: this.deps.conversation,
				compact: (reason) => this.run(model, reason, undefined, signal),
				send,
			},
			request,
		);
	}
}
