/**
 * What session subscribers receive (the JSON stream, the terminal UI, SDK
 * users; RPC mode will serialise exactly these): every catalog event as
 * `{ type, ...payload }` after dispatch, derived from the kernel's
 * `EventTable`, and the events the session publishes besides the catalog's.
 * A discriminated union on `type`: `switch (event.type)` narrows, and a
 * payload field renamed in the table breaks every consumer that reads it.
 */
import type { AgentEndReason, EventName, EventPayload, EventResult } from "../kernel/events.js";
import type { ProviderErrorKind } from "../kernel/provider.js";
import type { CompactionOutcome } from "./compaction/outcome.js";
import type { CompactionReason } from "./session-entries.js";

/**
 * Catalog events whose payload is summarised in the stream, so it stays
 * proportional to what happened, not to the conversation size.
 */
export interface ProjectedPayloads {
	context: { step: number; messageCount: number; tools: string[]; systemPromptLength: number };
	before_provider_request: { provider: string; model: string };
	before_agent_start: { prompt: string; injected: number; systemPromptLength: number };
	agent_end: { reason: AgentEndReason; response: string; error?: string; messageCount: number };
	session_before_tree: Omit<EventPayload<"session_before_tree">, "messages"> & { messageCount: number };
	session_before_compact: Omit<EventPayload<"session_before_compact">, "messages"> & { messageCount: number };
}

/** The payload as streamed: the projection where one applies, else the payload itself. */
export type StreamedPayload<K extends EventName> = K extends keyof ProjectedPayloads
	? ProjectedPayloads[K]
	: EventPayload<K>;

/** A gate that ended on a terminal result carries it and the owner whose handler returned it. */
type Outcome<K extends EventName> = [EventResult<K>] extends [void]
	? unknown
	: { outcome?: NonNullable<EventResult<K>>; outcomeOwner?: string };

/** Flattens an intersection so editors and errors show one object type. */
type Flat<T> = { [P in keyof T]: T[P] };

/** A catalog event as subscribers receive it. */
export type CatalogEvent<K extends EventName = EventName> = K extends EventName
	? Flat<{ type: K } & StreamedPayload<K> & Outcome<K>>
	: never;

/** A retry announced as it starts, before its wait (`attempt` is 1 for the first retry). */
export interface RetryEvent {
	type: "retry";
	attempt: number;
	/** Absent when a replaced agent loop does not say. */
	maxRetries?: number;
	delayMs: number;
	error: string;
	kind: ProviderErrorKind;
}

/** A message typed or sent while the agent works, waiting for the loop to take it. */
export interface QueuedEvent {
	type: "queued";
	delivery: "steer" | "follow_up";
	text: string;
}

/** Queued messages that just joined the conversation. */
export interface DeliveredEvent {
	type: "delivered";
	delivery: "steer" | "follow_up";
	texts: string[];
}

/** Queued messages the user took back (Esc, or editing the last one): they will not be sent. */
export interface UnqueuedEvent {
	type: "unqueued";
	messages: Array<{ delivery: "steer" | "follow_up"; text: string }>;
}

/** A compaction began (`/compact`, the window's threshold, or a provider's overflow error). */
export interface CompactionStartEvent {
	type: "compaction_start";
	reason: CompactionReason;
}

/** A compaction ended: compacted (with the entry and tokens before and after), cancelled, nothing to do, or failed. */
export interface CompactionEndEvent {
	type: "compaction_end";
	reason: CompactionReason;
	outcome: CompactionOutcome;
}

/** Everything a session subscriber can receive. */
export type SessionEvent =
	| CatalogEvent
	| RetryEvent
	| QueuedEvent
	| DeliveredEvent
	| UnqueuedEvent
	| CompactionStartEvent
	| CompactionEndEvent;

export type SessionEventType = SessionEvent["type"];

/** The event of one type, e.g. `SessionEventOf<"turn_end">`. */
export type SessionEventOf<T extends SessionEventType> = Extract<SessionEvent, { type: T }>;

export type SessionListener = (event: SessionEvent) => void;
