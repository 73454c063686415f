/**
 * Turns the session's event stream into transcript blocks: the user's
 * prompt, streamed thinking and answers, tool calls with their live output
 * and final results, and notices for failures. It only writes the
 * `transcript` buffer; how blocks look is block-view's business.
 */
import type {
	DeliveredEvent,
	QueuedEvent,
	SessionEvent,
	SessionEventOf,
} from "../../../agent/session-events.js";
import type { AssistantMessage, Message } from "../../../kernel/messages.js";
import type { ContentBuffer } from "../../primitives/buffer.js";
import type {
	AssistantBlockData,
	ToolBlockData,
	ToolStatus,
	TranscriptBlockData,
	TranscriptBlockKind,
} from "./blocks.js";
import { blocksFromHistory, resultStatus } from "./history-blocks.js";

/** A message typed while the agent worked, waiting for the loop to take it (the session's `queued` event). */
export type QueuedMessage = Omit<QueuedEvent, "type">;

type Streamed = "assistant" | "thinking";

export class TranscriptController {
	private counter = 0;
	/** idle → starting (the prompt is shown, the loop not yet running) → running → idle at agent_end. */
	private run: "idle" | "starting" | "running" = "idle";
	/** Blocks that may still change. */
	private readonly open = new Set<string>();
	/** Text submitted while a run was in progress: queued next, or starting its own run if that one ended. */
	private readonly undecided: string[] = [];
	private readonly waiting: QueuedMessage[] = [];
	/** The block receiving the current message's deltas. */
	private streaming: { id: string; kind: Streamed } | undefined;
	private sawDelta = false;
	/** The current message's answer blocks, until assistant_message settles what they show. */
	private answer: string[] = [];
	private readonly toolBlocks = new Map<string, string>();
	private turnTools: string[] = [];

	constructor(
		private readonly buffer: ContentBuffer,
		/** Milliseconds on the UI's clock, stamped on tools as they start (their elapsed time is drawn from it). */
		private readonly now: () => number = () => performance.now(),
	) {
		// A cleared transcript (a new session) starts afresh: nothing queued, streaming or open carries over.
		buffer.onChange((change) => {
			if (change.type === "blocks" && change.action === "clear") this.forget();
		});
	}

	/** True while a run is in progress or any block may still change. */
	get busy(): boolean {
		return this.run !== "idle" || this.open.size > 0;
	}

	/** Messages queued while the agent works, in order, not yet taken by the loop. */
	get queued(): readonly QueuedMessage[] {
		return this.waiting;
	}

	/** Appends a finished block (notices, print blocks); returns its id. */
	add<K extends TranscriptBlockKind>(kind: K, data: TranscriptBlockData[K]): string {
		return this.append(kind, data, true);
	}

	/** Shows a resumed session's conversation, every block finished. */
	loadHistory(messages: readonly Message[]): void {
		for (const spec of blocksFromHistory(messages)) this.append(spec.kind, spec.data, true);
	}

	/** What each event does to the transcript; events not listed change nothing. */
	handle(event: SessionEvent): void {
		switch (event.type) {
			case "input":
				this.onInput(event);
				break;
			case "queued":
				this.onQueued(event);
				break;
			case "delivered":
				this.onDelivered(event);
				break;
			case "unqueued":
				// Taken back by the user: no longer waiting, and never shown as sent.
				for (const m of event.messages) {
					const index = this.waiting.findIndex((w) => w.delivery === m.delivery && w.text === m.text);
					if (index >= 0) this.waiting.splice(index, 1);
				}
				break;
			case "agent_start":
				this.onAgentStart();
				break;
			case "message_start":
				this.streaming = undefined;
				this.sawDelta = false;
				this.answer = [];
				break;
			case "message_update":
				this.onDelta(event);
				break;
			case "message_end":
				this.onMessageEnd(event.message);
				break;
			case "turn_result":
				this.onTurnResult(event);
				break;
			case "assistant_message":
				this.onAssistantMessage(event);
				break;
			case "tool_call":
				this.onToolCall(event);
				break;
			case "tool_execution_start":
				this.tool(event.id, event.name, { args: event.args, status: "running", startedAt: this.now() });
				break;
			case "tool_execution_update":
				this.tool(event.id, event.name, { partial: event.partial, status: "running" });
				break;
			case "tool_result":
				this.onToolResult(event);
				break;
			case "turn_end":
				this.onTurnEnd();
				break;
			case "agent_end":
				this.onAgentEnd(event);
				break;
		}
	}

	// The user's messages

	private onInput(event: SessionEventOf<"input">): void {
		if (event.outcome?.action === "handled") return;
		// While a run is in progress this text is queued (or starts its own run); `queued`/`agent_start` tell which.
		if (this.run !== "idle") {
			this.undecided.push(event.text);
			return;
		}
		this.addUser(event.text, event.images?.length ?? 0);
		this.run = "starting";
	}

	private onQueued(event: QueuedEvent): void {
		const index = this.undecided.indexOf(event.text);
		if (index >= 0) this.undecided.splice(index, 1);
		this.waiting.push({ delivery: event.delivery, text: event.text });
	}

	private onAgentStart(): void {
		// Runs an extension triggers have no prompt of the user's to show.
		if (this.run === "idle" && this.undecided.length > 0) this.addUser(this.undecided.shift()!, 0);
		this.run = "running";
	}

	/** Queued messages joined the conversation: they show as the user's messages from here on. */
	private onDelivered(event: DeliveredEvent): void {
		for (const text of event.texts) {
			const index = this.waiting.findIndex((m) => m.delivery === event.delivery && m.text === text);
			if (index >= 0) this.waiting.splice(index, 1);
			this.addUser(text, 0);
		}
	}

	private addUser(text: string, images: number): void {
		this.append("user", images > 0 ? { text, images } : { text }, true);
	}

	// The assistant's message

	private onDelta(event: SessionEventOf<"message_update">): void {
		const { type, text } = event.delta;
		if (type === "toolcall") {
			this.stopStreaming();
			return;
		}
		this.sawDelta = true;
		const kind: Streamed = type === "thinking" ? "thinking" : "assistant";
		const current = this.streaming;
		if (current?.kind === kind) {
			const data = this.dataOf<"assistant" | "thinking">(current.id);
			if (data) {
				this.update(current.id, { ...data, text: data.text + text }, false);
				return;
			}
		}
		this.stopStreaming();
		const id = this.append(kind, { text, streaming: true }, false);
		this.streaming = { id, kind };
		if (kind === "assistant") this.answer.push(id);
	}

	/** The streaming block is complete; thinking is then final, an answer still awaits assistant_message. */
	private stopStreaming(): void {
		const current = this.streaming;
		this.streaming = undefined;
		if (!current) return;
		const data = this.dataOf<"assistant" | "thinking">(current.id);
		if (data) this.update(current.id, { ...data, streaming: false }, current.kind === "thinking");
	}

	private onMessageEnd(message: AssistantMessage): void {
		// A provider (or a replaced loop) that sent no deltas: show the message whole.
		if (!this.sawDelta) {
			for (const part of message.content) {
				if (part.type === "thinking" && part.thinking.trim() !== "") {
					this.append("thinking", { text: part.thinking, streaming: false }, true);
				} else if (part.type === "text" && part.text !== "") {
					this.answer.push(this.append("assistant", { text: part.text, streaming: false }, false));
				}
			}
		}
		this.stopStreaming();
		// No assistant_message follows a failed or aborted message: what streamed is what stays.
		if (message.stopReason === "error" || message.stopReason === "aborted") this.settleAnswer(undefined);
	}

	/** turn_result handlers may rewrite the text (before display rewrites) and the tool calls. */
	private onTurnResult(event: SessionEventOf<"turn_result">): void {
		if (event.content !== this.answerText()) this.answer = this.showAnswer(event.content);
		if (event.content === "") this.settleAnswer(undefined);
		for (const call of event.toolCalls) {
			const id = this.tool(call.id, call.name, { args: call.args, status: "pending" });
			this.turnTools.push(id);
		}
	}

	private onAssistantMessage(event: SessionEventOf<"assistant_message">): void {
		if (event.outcome?.hide) {
			for (const id of this.answer) this.remove(id);
			this.answer = [];
			return;
		}
		this.settleAnswer(event.outcome?.text ?? event.text);
	}

	/** Finishes the answer blocks, showing `text` when given. */
	private settleAnswer(text: string | undefined): void {
		const ids = text === undefined ? this.answer : this.showAnswer(text);
		for (const id of ids) {
			const data = this.dataOf<"assistant">(id);
			if (data) this.update(id, { ...data, streaming: false }, true);
		}
		this.answer = [];
	}

	private answerText(): string {
		return this.answer.map((id) => this.dataOf<"assistant">(id)?.text ?? "").join("");
	}

	/** Puts `text` in the first answer block and drops the rest; returns the blocks left. */
	private showAnswer(text: string): string[] {
		const [first, ...rest] = this.answer.filter((id) => this.buffer.block(id));
		for (const id of rest) this.remove(id);
		if (text === "") {
			if (first) this.remove(first);
			return [];
		}
		if (!first) return [this.append("assistant", { text, streaming: false }, false)];
		const data = this.dataOf<"assistant">(first)!;
		if (data.text !== text) this.update(first, { ...data, text } satisfies AssistantBlockData, false);
		return [first];
	}

	// Tool calls

	private onToolCall(event: SessionEventOf<"tool_call">): void {
		const blocked = event.outcome?.block === true;
		this.tool(event.id, event.name, { args: event.args, ...(blocked ? { status: "blocked" } : {}) });
	}

	private onToolResult(event: SessionEventOf<"tool_result">): void {
		const id = this.toolBlocks.get(event.id);
		const previous = id ? this.dataOf<"tool">(id)?.status : undefined;
		this.tool(
			event.id,
			event.name,
			{
				args: event.args,
				partial: undefined,
				result: { content: event.content, isError: event.isError, details: event.details },
				status: resultStatus(event.isError, event.details, previous),
			},
			true,
		);
	}

	/** Creates or updates the block of tool call `callId`; returns its block id. */
	private tool(callId: string, name: string, patch: Partial<ToolBlockData>, done = false): string {
		const existing = this.toolBlocks.get(callId);
		const data = existing && this.open.has(existing) ? this.dataOf<"tool">(existing) : undefined;
		if (existing && data) {
			// A refused call stays "blocked" through the events that follow it.
			const status: ToolStatus | undefined = data.status === "blocked" ? "blocked" : patch.status;
			this.update(existing, { ...data, ...patch, status: status ?? data.status }, done);
			return existing;
		}
		const created = this.append(
			"tool",
			{ id: callId, name, args: {}, status: "pending", ...patch } satisfies ToolBlockData,
			done,
		);
		this.toolBlocks.set(callId, created);
		return created;
	}

	// Ends of turns and runs

	private onTurnEnd(): void {
		this.stopStreaming();
		this.settleAnswer(undefined);
		// Calls skipped because the user steered or aborted get no events of their own.
		for (const id of this.turnTools) {
			const data = this.open.has(id) ? this.dataOf<"tool">(id) : undefined;
			if (data) {
				const skipped = { content: [{ type: "text" as const, text: "Skipped." }], isError: true };
				this.update(id, { ...data, status: "error", result: skipped }, true);
			}
		}
		this.turnTools = [];
	}

	private onAgentEnd(event: SessionEventOf<"agent_end">): void {
		this.onTurnEnd();
		for (const id of [...this.open]) this.finish(id);
		this.run = "idle";
		if (event.reason === "error") {
			this.add("notice", { level: "error", text: event.error || "The run failed." });
		} else if (event.reason === "aborted") {
			this.add("notice", { level: "warning", text: "Aborted." });
		} else if (event.reason === "blocked") {
			this.add("notice", { level: "warning", text: event.error || "The run was blocked." });
		}
	}

	/** Marks a block finished as it stands (a run ended under it). */
	private finish(id: string): void {
		const block = this.buffer.block(id);
		if (!block) {
			this.open.delete(id);
			return;
		}
		const data = block.data as Record<string, unknown>;
		if (block.kind === "tool" && !(data as unknown as ToolBlockData).result) {
			this.update(id, { ...data, status: "error" }, true);
		} else {
			this.update(id, "streaming" in data ? { ...data, streaming: false } : data, true);
		}
	}

	private forget(): void {
		this.run = "idle";
		this.open.clear();
		this.undecided.length = 0;
		this.waiting.length = 0;
		this.streaming = undefined;
		this.answer = [];
		this.toolBlocks.clear();
		this.turnTools = [];
	}

	// Buffer access

	private append<K extends TranscriptBlockKind>(
		kind: K,
		data: TranscriptBlockData[K],
		done: boolean,
	): string {
		const id = `${kind}-${++this.counter}`;
		this.buffer.appendBlock({ id, kind, data, meta: { done } });
		if (!done) this.open.add(id);
		return id;
	}

	private update(id: string, data: unknown, done: boolean): void {
		const block = this.buffer.block(id);
		if (!block) {
			// Someone else (an extension) removed it; nothing left to update.
			this.open.delete(id);
			return;
		}
		this.buffer.updateBlock(id, { data, meta: { ...block.meta, done } });
		if (done) this.open.delete(id);
	}

	private remove(id: string): void {
		this.buffer.removeBlock(id);
		this.open.delete(id);
	}

	private dataOf<K extends TranscriptBlockKind>(id: string): TranscriptBlockData[K] | undefined {
		return this.buffer.block(id)?.data as TranscriptBlockData[K] | undefined;
	}
}
