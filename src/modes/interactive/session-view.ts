/**
 * Connects a session to the chat: its events build the transcript, update
 * the status line (model, context, tokens, cost, working indicator) and the
 * list of queued messages shown above the composer. One instance per
 * session; `dispose` detaches it when the user switches sessions.
 */

import { type BranchHistoryItem, branchHistory } from "../../agent/branch-history.js";
import type { AgentSession } from "../../agent/session.js";
import type { CompactionEntry, MessageEntry, SessionEntry } from "../../agent/session-entries.js";
import type { SessionEvent } from "../../agent/session-events.js";
import { type Message, messageText, type Usage } from "../../kernel/messages.js";
import { BUILTIN_OWNER } from "../../kernel/owner.js";
import type { ModelInfo } from "../../kernel/provider.js";
import type { ChatApp } from "../../tui/app/chat-app.js";
import { DEFAULT_WORKING_INTERVAL_MS } from "../../tui/chat/ui/working-look.js";
import { compactionReport } from "../commands/compaction-report.js";
import { formatCount } from "../commands/format.js";
import { retryNotice } from "../retry-notice.js";

export class SessionView {
	private readonly unsubscribe: () => void;
	private readonly stopWatchingStore: () => void;
	/** Texts the queue just delivered: already shown (as the user's), so their append is not shown again. */
	private readonly delivered: string[] = [];
	private spinner: (() => void) | undefined;
	private spinnerFrame = 0;
	private workingSince = 0;
	private contextUsed = 0;
	/** A run and a compaction each keep the spinner going; a compaction may happen inside a run or alone (/compact). */
	private agentRunning = false;
	private compacting = false;

	constructor(
		private readonly app: ChatApp,
		private readonly session: AgentSession,
	) {
		this.unsubscribe = session.subscribe((event) => this.handle(event));
		// An extension's message (sendMessage) joins the conversation with no session event of its own:
		// the appended entry is what says it is there, so a message sent while idle is shown at once.
		this.stopWatchingStore = session.store.onAppend((entry) => {
			if (entry.type !== "message") return;
			const { message } = entry as MessageEntry;
			if (message.role !== "custom" || !message.display) return;
			const shown = this.delivered.indexOf(messageText(message));
			if (shown >= 0) this.delivered.splice(shown, 1);
			else this.app.transcript.add("custom", { message });
		});
		this.contextUsed = restoredContextSize(session.store.pathToLeaf());
		this.refreshStatus();
	}

	/** Shows the conversation so far (a resumed or continued session). */
	showHistory(): void {
		// The whole branch, not only what the model still sees after a compaction.
		for (const item of branchHistory(this.session.store.pathToLeaf())) {
			if (item.kind === "messages") this.app.transcript.loadHistory(item.messages);
			else this.app.transcript.add("notice", historyNotice(item));
		}
		this.app.writeRecentHistoryOnly();
		this.app.requestRender();
	}

	dispose(): void {
		this.unsubscribe();
		this.stopWatchingStore();
		this.stopSpinner();
		this.app.widgetsAbove.remove("weft:queued");
	}

	refreshStatus(): void {
		const model = this.session.model;
		const usage = this.session.usage;
		// What extensions set (working-look.ts) applies to the agent's run; a compaction keeps weft's look.
		const look = this.app.working;
		const working =
			this.spinner && (this.compacting || look.visible)
				? {
						label: this.compacting ? "Compacting" : (look.message ?? "Working"),
						frame: this.spinnerFrame,
						elapsedMs: this.app.clock.now() - this.workingSince,
						spinner: this.compacting ? undefined : look.frame(this.spinnerFrame),
					}
				: undefined;
		this.app.status = {
			...this.app.status,
			model: model.id,
			provider: model.provider,
			thinking: model.reasoning ? this.session.thinking : undefined,
			contextUsed: this.contextUsed,
			contextLimit: model.contextWindow,
			tokensIn: usage.input + usage.cacheRead + usage.cacheWrite,
			tokensOut: usage.output,
			// "$0.0000" for a free or local model says nothing; a cost run up on a priced model stays.
			cost: hasPrice(model) || usage.cost.total > 0 ? usage.cost.total : undefined,
			working,
			queued: this.app.transcript.queued.length,
		};
		this.app.requestRender();
	}

	private handle(event: SessionEvent): void {
		this.app.transcript.handle(event);
		switch (event.type) {
			case "agent_start":
				this.agentRunning = true;
				this.startSpinner();
				break;
			case "agent_end":
				this.agentRunning = false;
				if (!this.compacting) this.stopSpinner();
				break;
			case "compaction_start":
				this.compacting = true;
				this.app.transcript.add("notice", { level: "info", text: "Compacting the conversation…" });
				this.startSpinner();
				break;
			case "compaction_end": {
				this.compacting = false;
				if (!this.agentRunning) this.stopSpinner();
				this.app.transcript.add("notice", compactionReport(event.reason, event.outcome));
				if (event.outcome.status === "compacted") {
					// The provider's last count includes the system prompt and tools, which the compaction's
					// estimates leave out: take off what it removed rather than show the estimate alone.
					const { tokensBefore, tokensAfter } = event.outcome;
					this.contextUsed = Math.max(tokensAfter, this.contextUsed - (tokensBefore - tokensAfter));
				}
				break;
			}
			case "turn_end": {
				// An aborted or failed turn reports no usage; the context is still what it was.
				const size = contextSize(event.usage);
				if (size > 0) this.contextUsed = size;
				break;
			}
			case "delivered":
				// The loop appends them right after this event, in the same turn of the event loop.
				this.delivered.push(...event.texts);
				queueMicrotask(() => this.delivered.splice(0));
				this.showQueued();
				break;
			case "queued":
			case "unqueued":
				// The transcript controller (which saw the event first) keeps the list.
				this.showQueued();
				break;
			case "retry":
				// Transient: a toast, not a transcript block per attempt.
				this.app.notifications.notify(retryNotice(event), "warning");
				break;
			case "model_select":
				break;
			case "session_tree":
				// The conversation is now the branch moved to: draw it again, as /resume does.
				this.app.resetTranscript("moved in the session tree: the model sees the branch below");
				this.showHistory();
				this.contextUsed = restoredContextSize(this.session.store.pathToLeaf());
				break;
			default:
				this.app.requestRender();
				return;
		}
		this.refreshStatus();
	}

	private showQueued(): void {
		const queued = this.app.transcript.queued;
		if (queued.length === 0) {
			this.app.widgetsAbove.remove("weft:queued");
		} else {
			const lines = queued.map(
				(q) =>
					`${this.app.styler.fg("muted", q.delivery === "steer" ? "↳ steer" : "↳ follow-up")} ${this.app.styler.fg("dim", oneLine(q.text))}`,
			);
			this.app.widgetsAbove.set({ id: "weft:queued", owner: BUILTIN_OWNER, content: lines, priority: -100 });
		}
		this.app.requestRender();
	}

	private startSpinner(): void {
		if (this.spinner) return;
		this.workingSince = this.app.clock.now();
		const tick = () => {
			this.spinnerFrame++;
			this.refreshStatus();
			this.spinner = this.app.clock.setTimer(tick, this.spinnerInterval());
		};
		this.spinner = this.app.clock.setTimer(tick, this.spinnerInterval());
	}

	private spinnerInterval(): number {
		return this.compacting ? DEFAULT_WORKING_INTERVAL_MS : this.app.working.intervalMs;
	}

	private stopSpinner(): void {
		this.spinner?.();
		this.spinner = undefined;
	}
}

function oneLine(text: string): string {
	return text.replace(/\s+/g, " ").trim();
}

/**
 * What the next request will hold, as the provider last counted it: that
 * request's input plus the answer it produced (the answer is sent back).
 */
function contextSize(usage: Usage): number {
	const input = usage.input + usage.cacheRead + usage.cacheWrite;
	return input > 0 ? input + usage.output : 0;
}

/**
 * The context of a restored conversation: from the last assistant message
 * that has usage. An answer interrupted before the provider counted it has
 * none; it must not reset the meter to 0.
 */
export function lastContextSize(messages: readonly Message[]): number {
	for (let i = messages.length - 1; i >= 0; i--) {
		const m = messages[i];
		if (m.role !== "assistant") continue;
		const size = contextSize(m.usage);
		if (size > 0) return size;
	}
	return 0;
}

/**
 * The context of a restored branch: the last counted answer's size, less what
 * each compaction after it removed (what the meter shows when one happens
 * live), so a session resumed after a compaction does not show the size it
 * had before.
 */
export function restoredContextSize(path: readonly SessionEntry[]): number {
	let size = 0;
	for (const entry of path) {
		if (entry.type === "message") {
			const { message } = entry as MessageEntry;
			const counted = message.role === "assistant" ? contextSize(message.usage) : 0;
			if (counted > 0) size = counted;
		} else if (entry.type === "compaction" && size > 0) {
			const { tokensBefore, tokensAfter } = entry as CompactionEntry;
			size = Math.max(tokensAfter, size - (tokensBefore - tokensAfter));
		}
	}
	return size;
}

function hasPrice(model: ModelInfo): boolean {
	const { input, output, cacheRead, cacheWrite } = model.cost;
	return input > 0 || output > 0 || cacheRead > 0 || cacheWrite > 0;
}

/** The line a resumed transcript shows where the conversation was compacted or a branch was summarised. */
export function historyNotice(item: Exclude<BranchHistoryItem, { kind: "messages" }>): {
	level: "info";
	text: string;
} {
	if (item.kind === "compaction") {
		const { tokensBefore, tokensAfter, reason } = item.entry;
		return {
			level: "info",
			text: `Compacted here: ${formatCount(tokensBefore)} → ${formatCount(tokensAfter)} tokens (${reason}); the model sees a summary of the earlier part`,
		};
	}
	return { level: "info", text: "The branch left here was summarised for the model" };
}
