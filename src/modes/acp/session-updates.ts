/**
 * weft's session events as ACP `session/update`s, for one session: text and
 * thinking deltas become message and thought chunks; a tool call is
 * announced once (`tool_call`, pending) — by whichever comes first: the
 * permission path, its `tool_call` gate, its start, or its result — and then
 * updated (`tool_call_update`: running, streamed output, completed or
 * failed). Each model step reports the context used (`usage_update`), and
 * naming the session its title. Also what a finished prompt's stop reason
 * is.
 */
import type { SessionUpdate, StopReason, ToolCallContent } from "@agentclientprotocol/sdk";
import type { PromptResult } from "../../agent/session.js";
import type { SessionEvent } from "../../agent/session-events.js";
import type { StopReason as TurnStopReason } from "../../kernel/messages.js";
import { announceToolCall, finishedContent, resultContent } from "./tool-calls.js";

interface KnownCall {
	name: string;
	/** What the call was announced with (an edit's diffs, bash's command), kept beside streamed output. */
	content: ToolCallContent[];
}

export class UpdateTranslator {
	private readonly calls = new Map<string, KnownCall>();
	private lastTurn: TurnStopReason | undefined;

	private readonly previousText: (path: string) => string | undefined;
	private readonly window: (() => { size: number; cost: number }) | undefined;

	constructor(
		private readonly cwd: string,
		options: {
			/** A file's text before a write replaces it, for the diff; undefined when unknown or new. */
			previousText?: (path: string) => string | undefined;
			/** The model's context window and the session's cost so far, for usage updates. */
			window?: () => { size: number; cost: number };
		} = {},
	) {
		this.previousText = options.previousText ?? (() => undefined);
		this.window = options.window;
	}

	/** The `tool_call` for a call not announced yet; nothing for one already announced. */
	announce(id: string, name: string, args: Record<string, unknown>): SessionUpdate[] {
		if (this.calls.has(id)) return [];
		const previous =
			name === "write" && typeof args.path === "string" ? this.previousText(args.path) : undefined;
		const call = announceToolCall(id, name, args, this.cwd, previous);
		this.calls.set(id, { name, content: call.content ?? [] });
		return [{ sessionUpdate: "tool_call", ...call }];
	}

	translate(event: SessionEvent): SessionUpdate[] {
		switch (event.type) {
			case "message_update": {
				const { type, text } = event.delta;
				if (!text || type === "toolcall") return [];
				const sessionUpdate = type === "thinking" ? "agent_thought_chunk" : "agent_message_chunk";
				return [{ sessionUpdate, content: { type: "text", text } }];
			}
			case "tool_call":
				return this.announce(event.id, event.name, event.args);
			case "tool_execution_start":
				return [
					...this.announce(event.id, event.name, event.args),
					{ sessionUpdate: "tool_call_update", toolCallId: event.id, status: "in_progress" },
				];
			case "tool_execution_update": {
				const known = this.calls.get(event.id);
				return [
					{
						sessionUpdate: "tool_call_update",
						toolCallId: event.id,
						status: "in_progress",
						content: [...(known?.content ?? []), ...resultContent(event.partial)],
					},
				];
			}
			case "tool_result": {
				const announced = this.announce(event.id, event.name, event.args);
				const known = this.calls.get(event.id);
				this.calls.delete(event.id);
				return [
					...announced,
					{
						sessionUpdate: "tool_call_update",
						toolCallId: event.id,
						status: event.isError ? "failed" : "completed",
						content: finishedContent(event.name, known?.content ?? [], event.content, event.isError),
						rawOutput: { content: event.content, isError: event.isError, details: event.details },
					},
				];
			}
			case "turn_end": {
				this.lastTurn = event.stopReason;
				const window = this.window?.();
				if (!window || window.size <= 0) return [];
				// What the model saw and wrote in this step is what the context holds now.
				const { input, cacheRead, cacheWrite, output } = event.usage;
				return [
					{
						sessionUpdate: "usage_update",
						used: input + cacheRead + cacheWrite + output,
						size: window.size,
						cost: { amount: window.cost, currency: "USD" },
					},
				];
			}
			case "session_save": {
				const entry = event.entry as { type?: string; name?: unknown };
				if (entry.type !== "session_info" || typeof entry.name !== "string") return [];
				return [{ sessionUpdate: "session_info_update", title: entry.name }];
			}
			default:
				return [];
		}
	}

	/**
	 * Why a prompt ended, in ACP's terms: aborted is `cancelled`, an extension
	 * blocking the turn is `refusal`, an answer cut at the output limit is
	 * `max_tokens`. A run that failed is not a stop reason: the caller answers
	 * the request with the error.
	 */
	stopReason(result: PromptResult): StopReason {
		if (result.reason === "aborted") return "cancelled";
		if (result.reason === "blocked") return "refusal";
		return this.lastTurn === "length" ? "max_tokens" : "end_turn";
	}
}
