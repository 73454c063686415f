/**
 * Feeds the kernel's activity bus from one session's events: each agent run
 * is a task (started, then completed or failed) with the agent and its tools
 * inside it, all stamped with the session id and timed. It subscribes to the
 * session only while the bus has listeners, because a session with any
 * subscriber projects and publishes every event (event-relay.ts); with
 * nobody listening the feed costs nothing.
 */
import type { ActivityBus, ActivityEvent } from "../kernel/activity.js";
import type { AgentSession } from "./session.js";
import type { SessionEvent } from "./session-events.js";

export interface ActivityFeedOptions {
	/** The clock for `at` and durations (default `Date.now`). */
	now?: () => number;
	/**
	 * For a sub-agent's session: its events are the parent session's
	 * (`sessionId`), told apart by `agentId` and `parentAgentId`.
	 */
	subagent?: { sessionId: string; agentId: string; parentAgentId: string };
}

/** Starts feeding; the returned function stops it. */
export function feedActivity(
	session: AgentSession,
	activity: ActivityBus,
	options: ActivityFeedOptions = {},
): () => void {
	const now = options.now ?? Date.now;
	const sessionId = options.subagent?.sessionId ?? session.id;
	const taskPrefix = options.subagent?.agentId ?? sessionId;
	const agent = options.subagent
		? { agentId: options.subagent.agentId, parentAgentId: options.subagent.parentAgentId }
		: {};
	let tasks = 0;
	let task: { id: string; startedAt: number } | undefined;
	const tools = new Map<string, number>();
	let unsubscribe: (() => void) | undefined;

	const publish = (event: ActivityEvent) => activity.publish({ ...event, ...agent });

	const onEvent = (event: SessionEvent) => {
		switch (event.type) {
			case "agent_start": {
				const at = now();
				task = { id: `${taskPrefix}#${++tasks}`, startedAt: at };
				publish({ type: "task_started", sessionId, at, taskId: task.id, prompt: event.prompt });
				publish({ type: "agent_start", sessionId, at, taskId: task.id });
				return;
			}
			case "tool_execution_start": {
				if (!task) return;
				const at = now();
				tools.set(event.id, at);
				publish({
					type: "tool_start",
					sessionId,
					at,
					taskId: task.id,
					toolCallId: event.id,
					toolName: event.name,
				});
				return;
			}
			case "tool_execution_end": {
				if (!task) return;
				const at = now();
				const startedAt = tools.get(event.id) ?? at;
				tools.delete(event.id);
				publish({
					type: "tool_end",
					sessionId,
					at,
					taskId: task.id,
					toolCallId: event.id,
					toolName: event.name,
					durationMs: at - startedAt,
					isError: event.isError,
				});
				return;
			}
			case "agent_end": {
				if (!task) return;
				const at = now();
				const durationMs = at - task.startedAt;
				const taskId = task.id;
				task = undefined;
				tools.clear();
				publish({ type: "agent_end", sessionId, at, taskId, durationMs });
				if (event.reason === "error")
					publish({
						type: "task_error",
						sessionId,
						at,
						taskId,
						durationMs,
						error: event.error ?? "the agent stopped with an error",
					});
				else publish({ type: "task_completed", sessionId, at, taskId, durationMs, reason: event.reason });
				return;
			}
		}
	};

	const attach = (listening: boolean) => {
		if (listening && !unsubscribe) unsubscribe = session.subscribe(onEvent);
		else if (!listening && unsubscribe) {
			unsubscribe();
			unsubscribe = undefined;
			// A run seen only in part would report wrong durations; the next one starts clean.
			task = undefined;
			tools.clear();
		}
	};
	attach(activity.listening);
	const stopWatching = activity.onListening(attach);
	return () => {
		stopWatching();
		attach(false);
	};
}
