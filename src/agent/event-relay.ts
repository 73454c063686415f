/**
 * Emits catalog events through the kernel bus and republishes each one, with
 * its outcome, to the session's subscribers (modes, the SDK). Large payloads
 * are projected to a summary so a JSON event stream stays proportional to
 * what happened, not to the conversation size.
 */
import type { Dispatch, EventBus } from "../kernel/event-bus.js";
import type { EventName, EventPayload } from "../kernel/events.js";

export interface SessionEvent {
	type: string;
	[key: string]: unknown;
}

export type SessionListener = (event: SessionEvent) => void;

const projections: Partial<Record<EventName, (payload: any) => Record<string, unknown>>> = {
	context: (p: EventPayload<"context">) => ({
		step: p.step,
		messageCount: p.messages.length,
		tools: p.tools.map((t) => t.name),
		systemPromptLength: p.systemPrompt.length,
	}),
	before_provider_request: (p: EventPayload<"before_provider_request">) => ({
		provider: p.provider,
		model: p.model,
	}),
	agent_end: (p: EventPayload<"agent_end">) => ({
		reason: p.reason,
		response: p.response,
		error: p.error,
		messageCount: p.messages.length,
	}),
	before_agent_start: (p: EventPayload<"before_agent_start">) => ({
		prompt: p.prompt,
		injected: p.injected.length,
		systemPromptLength: p.systemPrompt.length,
	}),
};

export class EventRelay {
	private readonly listeners = new Set<SessionListener>();

	constructor(
		private readonly bus: EventBus,
		private readonly context: () => unknown,
	) {}

	subscribe(listener: SessionListener): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	/** Chain and gate events: awaited, folded; subscribers see the final payload and any terminal result. */
	async emit<K extends EventName>(name: K, payload: EventPayload<K>): Promise<Dispatch<K>> {
		const dispatch = this.bus.hasHandlers(name)
			? await this.bus.emit(name, payload, this.context())
			: { payload, stopped: false, consumed: false };
		if (this.listeners.size > 0) {
			const event = this.project(name, dispatch.payload);
			if (dispatch.terminal) {
				event.outcome = dispatch.terminal;
				event.outcomeOwner = dispatch.terminalOwner;
			}
			this.publish(event);
		}
		return dispatch;
	}

	/** Observe events: handlers are not awaited. */
	notify<K extends EventName>(name: K, payload: EventPayload<K>): void {
		if (this.bus.hasHandlers(name)) this.bus.notify(name, payload, this.context());
		if (this.listeners.size > 0) this.publish(this.project(name, payload));
	}

	/** Events that are not part of the catalog but that subscribers need (e.g. retries, warnings). */
	publish(event: SessionEvent): void {
		for (const listener of this.listeners) {
			try {
				listener(event);
			} catch (error) {
				process.emitWarning(`a session subscriber failed on "${event.type}": ${(error as Error).message}`);
			}
		}
	}

	private project(name: EventName, payload: unknown): SessionEvent {
		const projection = projections[name];
		return { type: name, ...(projection ? projection(payload) : (payload as object)) };
	}
}
