/**
 * Emits catalog events through the kernel bus and republishes each one, with
 * its outcome, to the session's subscribers (modes, the SDK). Large payloads
 * are projected to a summary so a JSON event stream stays proportional to
 * what happened, not to the conversation size.
 */
import type { Dispatch, EventBus } from "../kernel/event-bus.js";
import type { EventName, EventPayload, ObserveEventName } from "../kernel/events.js";
import type { CatalogEvent, ProjectedPayloads, SessionEvent, SessionListener } from "./session-events.js";

const projections: { [K in keyof ProjectedPayloads]: (payload: EventPayload<K>) => ProjectedPayloads[K] } = {
	context: (p) => ({
		step: p.step,
		messageCount: p.messages.length,
		tools: p.tools.map((t) => t.name),
		systemPromptLength: p.systemPrompt.length,
	}),
	before_provider_request: (p) => ({
		provider: p.provider,
		model: p.model,
	}),
	agent_end: (p) => ({
		reason: p.reason,
		response: p.response,
		error: p.error,
		messageCount: p.messages.length,
	}),
	session_before_compact: ({ messages, ...rest }) => ({ ...rest, messageCount: messages.length }),
	session_before_tree: ({ messages, ...rest }) => ({ ...rest, messageCount: messages.length }),
	before_agent_start: (p) => ({
		prompt: p.prompt,
		injected: p.injected.length,
		systemPromptLength: p.systemPrompt.length,
	}),
};

export class EventRelay {
	private readonly listeners = new Set<SessionListener>();

	constructor(private readonly bus: EventBus) {}

	subscribe(listener: SessionListener): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	/** Chain and gate events: awaited, folded; subscribers see the final payload and any terminal result. */
	async emit<K extends EventName>(name: K, payload: EventPayload<K>): Promise<Dispatch<K>> {
		const dispatch = this.bus.hasHandlers(name)
			? await this.bus.emit(name, payload)
			: { payload, stopped: false, consumed: false };
		if (this.listeners.size > 0) {
			const event = this.project(name, dispatch.payload);
			this.publish(
				dispatch.terminal
					? ({
							...event,
							outcome: dispatch.terminal,
							outcomeOwner: dispatch.terminalOwner,
						} as CatalogEvent<K>)
					: event,
			);
		}
		return dispatch;
	}

	/** Observe events: handlers are not awaited. */
	notify<K extends ObserveEventName>(name: K, payload: EventPayload<K>): void {
		if (this.bus.hasHandlers(name)) this.bus.notify(name, payload);
		if (this.listeners.size > 0) this.publish(this.project(name, payload));
	}

	/** Publishes to subscribers only: the session's own events (retries, the queue) and session_shutdown. */
	publish(event: SessionEvent): void {
		for (const listener of this.listeners) {
			try {
				listener(event);
			} catch (error) {
				process.emitWarning(`a session subscriber failed on "${event.type}": ${(error as Error).message}`);
			}
		}
	}

	/** The event as streamed. The casts bridge what TypeScript cannot correlate: `name` picks both the projection and the payload type. */
	private project<K extends EventName>(name: K, payload: EventPayload<K>): CatalogEvent<K> {
		const projection = (projections as Partial<Record<EventName, (payload: EventPayload<K>) => object>>)[
			name
		];
		return { type: name, ...(projection ? projection(payload) : payload) } as CatalogEvent<K>;
	}
}
