/**
 * Checkpoints of the answer that is streaming, so a kill or crash mid-answer
 * loses at most the last moments of it. The loop reports every delta
 * (`update`), which must stay nearly free: a provider may send thousands per
 * second. A delta only arms a timer when none is armed; the timer writes what
 * arrived meanwhile. So there is at most one write per interval, a stream
 * that stalls still gets its last text saved, and an answer that ends within
 * one interval costs no write at all. Each write carries only the text and
 * thinking added since the previous one, so the file grows with the answer,
 * not with the number of checkpoints times its length.
 */
import type { AssistantMessage } from "../kernel/messages.js";
import type { PartialContent } from "./session-entries.js";
import type { SessionStore } from "./session-store.js";

export const CHECKPOINT_INTERVAL_MS = 250;

/** Runs `run` after `ms`; returns a function that cancels it. Injected by tests. */
export type CheckpointTimer = (run: () => void, ms: number) => () => void;

const realTimer: CheckpointTimer = (run, ms) => {
	const timer = setTimeout(run, ms);
	// A pending checkpoint must never keep weft alive.
	timer.unref?.();
	return () => clearTimeout(timer);
};

interface OpenAnswer {
	message: AssistantMessage;
	/** The id the answer's message entry will take; its checkpoints name it. */
	id: string;
	parentId: string | null;
	/** Characters already written of each text or thinking block, by its index among those blocks. */
	written: number[];
	cancel?: () => void;
	/** A write failed (no space, no permission): no more attempts for this answer. */
	failed?: boolean;
}

export class AnswerCheckpoints {
	private answer: OpenAnswer | undefined;

	constructor(
		private readonly store: SessionStore,
		private readonly intervalMs = CHECKPOINT_INTERVAL_MS,
		private readonly timer: CheckpointTimer = realTimer,
	) {}

	/** Called on every delta of `message`; writes at most once per interval. */
	update(message: AssistantMessage): void {
		let answer = this.answer;
		if (answer?.message !== message) {
			if (!this.store.writesToFile) return;
			this.drop();
			answer = { message, id: this.store.reserveId(), parentId: this.store.leafId, written: [] };
			this.answer = answer;
		}
		if (answer.cancel || answer.failed) return;
		const open = answer;
		open.cancel = this.timer(() => {
			open.cancel = undefined;
			this.write(open);
		}, this.intervalMs);
	}

	/**
	 * The answer is final (any stop reason): no more checkpoints of it. Returns
	 * the id its message entry must take so the file shows the checkpoints are
	 * superseded; undefined when no answer was being checkpointed.
	 */
	finish(): string | undefined {
		const answer = this.answer;
		this.drop();
		return answer?.id;
	}

	/** Stops checkpointing without an answer to supersede them; on load they are restored as an interrupted answer. */
	drop(): void {
		this.answer?.cancel?.();
		this.answer = undefined;
	}

	private write(answer: OpenAnswer): void {
		if (this.answer !== answer) return;
		const content = newContent(answer);
		if (content.length === 0) return;
		try {
			this.store.checkpoint({
				answerId: answer.id,
				parentId: answer.parentId,
				provider: answer.message.provider,
				model: answer.message.model,
				content,
			});
		} catch {
			// Out of space or permissions: the answer's own append reports it; checkpoints of it just stop.
			answer.failed = true;
		}
	}
}

/** The text and thinking that arrived since the last write, and marks it written. */
function newContent(answer: OpenAnswer): PartialContent[] {
	const pieces: PartialContent[] = [];
	let index = 0;
	for (const block of answer.message.content) {
		if (block.type === "toolCall") continue;
		const text = block.type === "text" ? block.text : block.thinking;
		const done = answer.written[index] ?? 0;
		if (text.length > done) {
			const added = text.slice(done);
			pieces.push(
				block.type === "text" ? { type: "text", text: added } : { type: "thinking", thinking: added },
			);
			answer.written[index] = text.length;
		}
		index++;
	}
	return pieces;
}
