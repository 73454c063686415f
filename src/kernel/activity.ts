/**
 * The activity bus: a typed stream of what agents are doing, for dashboards
 * and fleets (the SDK handle and extensions subscribe). A *task* is one piece
 * of work asked of a session (a prompt, with the follow-ups it runs into); an
 * *agent* runs inside a task — the session's own loop, or a sub-agent
 * (the `task` tool), told apart by `agentId`. Publishers check `listening`
 * first, and a feeder subscribes to its session only while someone listens
 * (src/agent/activity-feed.ts), so the bus costs nothing when nobody does.
 */

/** Who the activity belongs to. */
export interface ActivitySource {
	sessionId: string;
	/** The agent inside the session: absent for the session's own loop; a sub-agent's is its `task` tool call's id. */
	agentId?: string;
	/** For a sub-agent, the agent that started it: `main` for the session's own loop. */
	parentAgentId?: string;
	/** When it happened (epoch ms, from the feeder's clock). */
	at: number;
}

export type ActivityEvent = ActivitySource &
	(
		| { type: "task_started"; taskId: string; prompt: string }
		| {
				type: "task_completed";
				taskId: string;
				durationMs: number;
				reason: "completed" | "aborted" | "blocked";
		  }
		| { type: "task_error"; taskId: string; durationMs: number; error: string }
		| { type: "agent_start"; taskId: string }
		| { type: "agent_end"; taskId: string; durationMs: number }
		| { type: "tool_start"; taskId: string; toolCallId: string; toolName: string }
		| {
				type: "tool_end";
				taskId: string;
				toolCallId: string;
				toolName: string;
				durationMs: number;
				isError: boolean;
		  }
	);

export type ActivityType = ActivityEvent["type"];
export type ActivityOf<T extends ActivityType> = Extract<ActivityEvent, { type: T }>;
export type ActivityListener = (event: ActivityEvent) => void;

export interface ActivitySubscribeOptions {
	/** Only these event types (default: all). */
	types?: readonly ActivityType[];
	/** Who subscribed: `removeOwner` drops its listeners (extensions are subscribed under their name). */
	owner?: string;
}

interface Subscription {
	listener: ActivityListener;
	types: ReadonlySet<ActivityType> | undefined;
	owner: string | undefined;
}

export class ActivityBus {
	private readonly subscriptions = new Set<Subscription>();
	private readonly listeningListeners = new Set<(listening: boolean) => void>();
	private readonly onListenerError: (error: unknown, owner: string | undefined) => void;

	/** `onListenerError`: a listener that throws is reported here and the others still run (default: a process warning). */
	constructor(onListenerError?: (error: unknown, owner: string | undefined) => void) {
		this.onListenerError =
			onListenerError ??
			((error) =>
				process.emitWarning(
					`an activity listener failed: ${error instanceof Error ? error.message : String(error)}`,
				));
	}

	/** Whether anyone listens; a publisher skips building events when not. */
	get listening(): boolean {
		return this.subscriptions.size > 0;
	}

	subscribe(listener: ActivityListener, options: ActivitySubscribeOptions = {}): () => void {
		if (typeof listener !== "function") throw new Error("activity.subscribe needs a listener function");
		const subscription: Subscription = {
			listener,
			types: options.types ? new Set(options.types) : undefined,
			owner: options.owner,
		};
		this.subscriptions.add(subscription);
		if (this.subscriptions.size === 1) this.listeningChanged(true);
		return () => this.remove(subscription);
	}

	publish(event: ActivityEvent): void {
		for (const subscription of this.subscriptions) {
			if (subscription.types && !subscription.types.has(event.type)) continue;
			try {
				subscription.listener(event);
			} catch (error) {
				this.onListenerError(error, subscription.owner);
			}
		}
	}

	/** Called with true when the first listener subscribes and false when the last one leaves. */
	onListening(listener: (listening: boolean) => void): () => void {
		this.listeningListeners.add(listener);
		return () => this.listeningListeners.delete(listener);
	}

	removeOwner(owner: string): void {
		for (const subscription of this.subscriptions)
			if (subscription.owner === owner) this.remove(subscription);
	}

	private remove(subscription: Subscription): void {
		if (!this.subscriptions.delete(subscription)) return;
		if (this.subscriptions.size === 0) this.listeningChanged(false);
	}

	private listeningChanged(listening: boolean): void {
		for (const listener of this.listeningListeners) listener(listening);
	}
}
