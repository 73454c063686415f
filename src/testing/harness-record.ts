/**
 * What the test harness records of a run, read from the session's event
 * stream: each tool call with the arguments it was asked with and ran with,
 * who blocked or answered it, what the tool produced and what the model was
 * given; and the text the user would see after display rewrites.
 *
 * The arguments a call was asked with are taken by a tool_call handler that
 * runs before every other (the event stream only carries the final payload).
 */
import { isDeepStrictEqual } from "node:util";
import type { SessionEvent, SessionEventOf } from "../agent/session-events.js";
import type { EventBus } from "../kernel/event-bus.js";
import type { ToolCallSource } from "../kernel/events.js";
import { type ToolResultContent, textOf } from "../kernel/messages.js";

/** Owner of the harness's own handler on the bus. */
export const HARNESS_OWNER = "weft-testing";

export interface ToolCallRecord {
	id: string;
	name: string;
	source: ToolCallSource;
	/** The arguments as requested (by the model, the user, an extension). */
	originalArgs: Record<string, unknown>;
	/** The arguments the tool ran with, after tool_call handlers rewrote them. */
	args: Record<string, unknown>;
	/** Set when a tool_call handler blocked the call. */
	blocked?: { reason: string; by: string };
	/** Set when a tool_call handler answered for the tool (it did not run). */
	substituted?: { by: string };
	/** What the tool itself returned, when it ran. */
	output?: { content: ToolResultContent[]; isError: boolean; text: string };
	/** What the model was given, after tool_result handlers. */
	result: { content: ToolResultContent[]; isError: boolean; details?: unknown; text: string };
}

export interface BlockedCall {
	id: string;
	name: string;
	args: Record<string, unknown>;
	reason: string;
	/** The extension that blocked it. */
	by: string;
}

export interface RewrittenCall {
	id: string;
	name: string;
	originalArgs: Record<string, unknown>;
	args: Record<string, unknown>;
}

type ToolCallOutcome = NonNullable<SessionEventOf<"tool_call">["outcome"]>;

export class RunRecorder {
	readonly events: SessionEvent[] = [];
	readonly toolCalls: ToolCallRecord[] = [];
	/** The displayed text of each prompt's final answer (empty when hidden or when there was none). */
	readonly outputs: string[] = [];
	private readonly requested = new Map<string, Record<string, unknown>>();
	private readonly gates = new Map<string, { outcome?: ToolCallOutcome; owner?: string }>();
	private readonly produced = new Map<string, { content: ToolResultContent[]; isError: boolean }>();
	private display = "";

	/** Watches tool_call ahead of every extension to keep each call's arguments as asked. */
	observe(bus: EventBus): () => void {
		return bus.on(
			"tool_call",
			(event) => {
				this.requested.set(event.id, copy(event.args));
			},
			{ owner: HARNESS_OWNER, priority: Number.MAX_SAFE_INTEGER },
		);
	}

	readonly listen = (event: SessionEvent): void => {
		this.events.push(event);
		switch (event.type) {
			case "assistant_message":
				this.display = event.outcome?.hide ? "" : event.text;
				break;
			case "tool_call":
				this.gates.set(event.id, { outcome: event.outcome, owner: event.outcomeOwner });
				break;
			case "tool_execution_end":
				this.produced.set(event.id, { content: event.content, isError: event.isError });
				break;
			case "tool_result":
				this.toolCalls.push(this.toolCall(event));
				break;
		}
	};

	/** Starts collecting the displayed answer of a new prompt. */
	beginPrompt(): void {
		this.display = "";
	}

	endPrompt(): void {
		this.outputs.push(this.display);
	}

	blockedCalls(): BlockedCall[] {
		return this.toolCalls.flatMap(({ id, name, args, blocked }) =>
			blocked ? [{ id, name, args, ...blocked }] : [],
		);
	}

	rewrittenArgs(): RewrittenCall[] {
		return this.toolCalls
			.filter((call) => !isDeepStrictEqual(call.originalArgs, call.args))
			.map(({ id, name, originalArgs, args }) => ({ id, name, originalArgs, args }));
	}

	private toolCall(event: SessionEventOf<"tool_result">): ToolCallRecord {
		const { id, name, source, args, content, isError, details } = event;
		const { outcome, owner = "" } = this.gates.get(id) ?? {};
		const output = this.produced.get(id);
		const record: ToolCallRecord = {
			id,
			name,
			source,
			originalArgs: this.requested.get(id) ?? copy(args),
			args: copy(args),
			result: { content, isError, details, text: textOf(content) },
		};
		if (outcome?.block) record.blocked = { reason: outcome.reason ?? "", by: owner };
		else if (outcome?.result) record.substituted = { by: owner };
		if (output) record.output = { ...output, text: textOf(output.content) };
		this.requested.delete(id);
		this.gates.delete(id);
		this.produced.delete(id);
		return record;
	}
}

/** A snapshot, so a handler editing the arguments in place later does not change what was recorded. */
function copy(args: Record<string, unknown>): Record<string, unknown> {
	try {
		return structuredClone(args);
	} catch {
		return { ...args };
	}
}
