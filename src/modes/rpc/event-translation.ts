/**
 * weft's session events → the RPC protocol's events, in one place. Most map
 * one to one; some need memory of the run, kept here: pi streams an answer as
 * content blocks that start, grow and end (weft streams deltas of the
 * partial message), a turn's end carries its tool results, `agent_end` the
 * run's messages, `queue_update` the whole queue, and a retry announces its
 * end. weft's events with no counterpart (extension gates, session_save…)
 * are not sent; `--mode json` streams them all.
 */
import type { SessionEvent, SessionEventOf } from "../../agent/session-events.js";
import type { AssistantMessage, Message } from "../../kernel/messages.js";
import type {
	RpcAssistantMessage,
	RpcAssistantMessageEvent,
	RpcEvent,
	RpcToolCall,
	RpcToolResultMessage,
} from "./protocol.js";
import { rpcAssistantMessage, rpcContent, rpcMessage, rpcToolResult } from "./rpc-messages.js";

type BlockKind = "text" | "thinking" | "toolcall";

export interface TranslationSource {
	/** The session's conversation now (agent_end's messages and turn_end's tool results come from it). */
	messages(): readonly Message[];
	/** The wire format of the session's model: pi's messages name it, weft's do not. */
	api(): string;
}

export class RpcEventTranslator {
	private runStart = 0;
	/** How much of the conversation has been announced with message_start / message_end (or streamed). */
	private announcedUpTo = 0;
	private open: { kind: BlockKind; index: number } | undefined;
	/** Tool-call blocks of the streaming answer already announced with toolcall_start. */
	private readonly announced = new Set<number>();
	/** …and those already ended with toolcall_end. */
	private readonly ended = new Set<number>();
	/**
	 * The block index of each tool call streaming its arguments, by call id: a
	 * call's block joins the answer only when its arguments are complete, and
	 * several calls may stream before any does (OpenAI's parallel calls).
	 */
	private readonly callIndex = new Map<string, number>();
	/** Tool calls that got tool_execution_start in this run. */
	private readonly executed = new Set<string>();
	private readonly toolArgs = new Map<string, Record<string, unknown>>();
	private readonly steering: string[] = [];
	private readonly followUp: string[] = [];
	private retryAttempt: number | undefined;

	constructor(private readonly source: TranslationSource) {}

	/** Queued messages (steering and follow-ups) the loop has not taken yet. */
	get pending(): number {
		return this.steering.length + this.followUp.length;
	}

	/** A retry was announced and its request has not ended yet. */
	get retrying(): boolean {
		return this.retryAttempt !== undefined;
	}

	translate(event: SessionEvent): RpcEvent[] {
		switch (event.type) {
			case "agent_start":
				this.runStart = this.inputStart();
				this.announcedUpTo = this.runStart;
				return [{ type: "agent_start" }];
			case "agent_end": {
				const api = this.source.api();
				const messages = this.source.messages().slice(this.runStart);
				this.toolArgs.clear();
				const announced = this.announce();
				this.executed.clear();
				return [...announced, { type: "agent_end", messages: messages.map((m) => rpcMessage(m, api)) }];
			}
			case "turn_start":
				// The run's prompt (first turn) or steering delivered since the last turn.
				return [{ type: "turn_start" }, ...this.announce()];
			case "turn_end":
				return [
					...this.announce(),
					{ type: "turn_end", message: this.rpc(event.message), toolResults: this.resultsOf(event.message) },
				];
			case "message_start":
				this.open = undefined;
				this.announced.clear();
				this.ended.clear();
				this.callIndex.clear();
				return [{ type: "message_start", message: this.rpc(event.message) }];
			case "message_update":
				return this.update(event);
			case "message_end":
				return this.end(event.message);
			case "tool_execution_start":
				this.toolArgs.set(event.id, event.args);
				this.executed.add(event.id);
				return [
					{ type: "tool_execution_start", toolCallId: event.id, toolName: event.name, args: event.args },
				];
			case "tool_execution_update":
				return [
					{
						type: "tool_execution_update",
						toolCallId: event.id,
						toolName: event.name,
						args: this.toolArgs.get(event.id) ?? {},
						partialResult: { content: rpcContent(event.partial), details: event.details ?? null },
					},
				];
			case "tool_execution_end":
				this.toolArgs.delete(event.id);
				return [
					{
						type: "tool_execution_end",
						toolCallId: event.id,
						toolName: event.name,
						result: { content: rpcContent(event.content), details: event.details ?? null },
						isError: event.isError,
					},
				];
			case "queued":
				(event.delivery === "steer" ? this.steering : this.followUp).push(event.text);
				return [this.queueUpdate()];
			case "delivered":
				for (const text of event.texts)
					remove(event.delivery === "steer" ? this.steering : this.followUp, text);
				return [this.queueUpdate()];
			case "unqueued":
				for (const { delivery, text } of event.messages)
					remove(delivery === "steer" ? this.steering : this.followUp, text);
				return [this.queueUpdate()];
			case "compaction_start":
				return [{ type: "compaction_start", reason: event.reason }];
			case "compaction_end":
				// The conversation was rebuilt: what it holds now was announced before, or is the summary.
				this.announcedUpTo = this.source.messages().length;
				return [compactionEnd(event)];
			case "retry":
				this.retryAttempt = event.attempt;
				return [
					{
						type: "auto_retry_start",
						attempt: event.attempt,
						maxAttempts: event.maxRetries ?? event.attempt,
						delayMs: event.delayMs,
						errorMessage: event.error,
					},
				];
			default:
				return [];
		}
	}

	/** Where this run's input starts: the user and extension messages just appended before the answer. */
	private inputStart(): number {
		const messages = this.source.messages();
		let start = messages.length;
		while (start > 0 && (messages[start - 1].role === "user" || messages[start - 1].role === "custom"))
			start--;
		return start;
	}

	/**
	 * message_start and message_end for the messages that joined the
	 * conversation since the last look, as pi sends them for every message:
	 * the user's and extensions' messages and tool results. Answers are
	 * skipped; their own events were streamed.
	 */
	private announce(): RpcEvent[] {
		const messages = this.source.messages();
		const api = this.source.api();
		const events: RpcEvent[] = [];
		for (let i = this.announcedUpTo; i < messages.length; i++) {
			const source = messages[i];
			if (source.role === "assistant") continue;
			const message = rpcMessage(source, api);
			// A call that never ran (skipped for steering, refused before it started) still
			// starts and ends, as every call of a pi run does, so clients can close it.
			if (
				source.role === "toolResult" &&
				message.role === "toolResult" &&
				!this.executed.has(source.toolCallId)
			) {
				this.executed.add(source.toolCallId);
				const { toolCallId, toolName } = source;
				events.push(
					{ type: "tool_execution_start", toolCallId, toolName, args: argsOf(messages, i, toolCallId) },
					{
						type: "tool_execution_end",
						toolCallId,
						toolName,
						result: { content: message.content, details: message.details ?? null },
						isError: source.isError,
					},
				);
			}
			events.push({ type: "message_start", message }, { type: "message_end", message });
		}
		this.announcedUpTo = Math.max(this.announcedUpTo, messages.length);
		return events;
	}

	private rpc(message: AssistantMessage): RpcAssistantMessage {
		return rpcAssistantMessage(message, this.source.api());
	}

	private update(event: SessionEventOf<"message_update">): RpcEvent[] {
		const { message, delta } = event;
		const partial = this.rpc(message);
		// A tool call's block is added when its arguments are complete; its deltas stream before that.
		const index =
			delta.type === "toolcall" ? this.toolCallIndex(message, delta.id) : message.content.length - 1;
		const events: RpcAssistantMessageEvent[] = [];
		if (this.open && (this.open.kind !== delta.type || this.open.index !== index))
			events.push(...this.close(message, partial));
		if (!this.open) {
			this.open = { kind: delta.type, index };
			if (delta.type === "toolcall") this.announced.add(index);
			events.push({ type: `${delta.type}_start`, contentIndex: index, partial });
		}
		events.push({ type: `${delta.type}_delta`, contentIndex: index, delta: delta.text, partial });
		return events.map((assistantMessageEvent) => ({
			type: "message_update",
			message: partial,
			assistantMessageEvent,
		}));
	}

	private end(message: AssistantMessage): RpcEvent[] {
		const partial = this.rpc(message);
		const blocks = this.open?.kind === "toolcall" ? [] : this.close(message, partial);
		this.open = undefined;
		// Every tool call ends here unless it ended already, in block order; one that
		// arrived whole, without argument deltas, starts too.
		partial.content.forEach((block, index) => {
			if (block.type !== "toolCall" || this.ended.has(index)) return;
			if (!this.announced.has(index)) blocks.push({ type: "toolcall_start", contentIndex: index, partial });
			blocks.push({ type: "toolcall_end", contentIndex: index, toolCall: block, partial });
		});
		const events: RpcEvent[] = blocks.map((assistantMessageEvent) => ({
			type: "message_update",
			message: partial,
			assistantMessageEvent,
		}));
		if (this.retryAttempt !== undefined) {
			const success = message.stopReason !== "error" && message.stopReason !== "aborted";
			events.push(
				success
					? { type: "auto_retry_end", success, attempt: this.retryAttempt }
					: {
							type: "auto_retry_end",
							success,
							attempt: this.retryAttempt,
							finalError: message.errorMessage ?? message.stopReason,
						},
			);
			this.retryAttempt = undefined;
		}
		events.push({ type: "message_end", message: partial });
		return events;
	}

	/** The end of the open block, if any. */
	private close(message: AssistantMessage, partial: RpcAssistantMessage): RpcAssistantMessageEvent[] {
		const open = this.open;
		this.open = undefined;
		if (!open) return [];
		const block = message.content[open.index];
		if (open.kind === "text" && block?.type === "text")
			return [{ type: "text_end", contentIndex: open.index, content: block.text, partial }];
		if (open.kind === "thinking" && block?.type === "thinking")
			return [{ type: "thinking_end", contentIndex: open.index, content: block.thinking, partial }];
		const call = partial.content[open.index];
		if (open.kind === "toolcall" && call?.type === "toolCall") {
			this.ended.add(open.index);
			return [{ type: "toolcall_end", contentIndex: open.index, toolCall: call as RpcToolCall, partial }];
		}
		return [];
	}

	/** The block a tool call's argument delta belongs to (its end comes at message_end if not before). */
	private toolCallIndex(message: AssistantMessage, id: string | undefined): number {
		if (id === undefined) return message.content.length;
		const known = this.callIndex.get(id);
		if (known !== undefined) return known;
		let index = message.content.length;
		for (const taken of this.callIndex.values()) index = Math.max(index, taken + 1);
		this.callIndex.set(id, index);
		return index;
	}

	/** The tool results that follow `message` in the conversation (the turn's). */
	private resultsOf(message: AssistantMessage): RpcToolResultMessage[] {
		const messages = this.source.messages();
		const results: RpcToolResultMessage[] = [];
		for (let i = messages.lastIndexOf(message) + 1; i > 0 && i < messages.length; i++) {
			const next = messages[i];
			if (next.role !== "toolResult") break;
			results.push(rpcToolResult(next));
		}
		return results;
	}

	private queueUpdate(): RpcEvent {
		return { type: "queue_update", steering: [...this.steering], followUp: [...this.followUp] };
	}
}

function remove(list: string[], text: string): void {
	const at = list.indexOf(text);
	if (at !== -1) list.splice(at, 1);
}

function compactionEnd({ reason, outcome }: SessionEventOf<"compaction_end">): RpcEvent {
	const base = { type: "compaction_end" as const, reason };
	switch (outcome.status) {
		case "compacted":
			return {
				...base,
				result: {
					summary: outcome.entry.summary,
					firstKeptEntryId: outcome.entry.firstKeptEntryId,
					tokensBefore: outcome.tokensBefore,
					tokensAfter: outcome.tokensAfter,
					details: {},
				},
				aborted: false,
				// An overflow compaction sends the refused request again.
				willRetry: reason === "overflow",
			};
		case "cancelled":
			return { ...base, result: null, aborted: true, willRetry: false, errorMessage: outcome.reason };
		case "nothing":
			return { ...base, result: null, aborted: false, willRetry: false, errorMessage: outcome.message };
		case "failed":
			return { ...base, result: null, aborted: false, willRetry: false, errorMessage: outcome.error };
	}
}

/** The arguments of tool call `id`, from the answer before the result at `resultIndex`. */
function argsOf(messages: readonly Message[], resultIndex: number, id: string): Record<string, unknown> {
	for (let i = resultIndex - 1; i >= 0; i--) {
		const message = messages[i];
		if (message.role !== "assistant") continue;
		for (const block of message.content) if (block.type === "toolCall" && block.id === id) return block.args;
		return {};
	}
	return {};
}
