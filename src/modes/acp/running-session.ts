/**
 * Which ACP session the code running now belongs to. Sessions share one
 * kernel (and its tools, bus and extensions), so a tool reading a file or an
 * extension asking for permission cannot tell from its arguments which
 * editor session to ask; each prompt runs inside its session's scope, and
 * Node carries the scope into everything the run awaits or schedules.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { AgentContext, SessionUpdate } from "@agentclientprotocol/sdk";

export interface RunningSession {
	/** The ACP session id (weft's session id). */
	readonly id: string;
	readonly client: AgentContext;
	/** Aborted when the running prompt is cancelled: a permission request still open is withdrawn. */
	readonly signal?: AbortSignal;
	/** The tool call whose `tool_call` gate is being decided, if any: a permission request names it. */
	gatingToolCall: string | undefined;
	/** Sends updates to the client in order. */
	send(updates: SessionUpdate[]): void;
}

const scope = new AsyncLocalStorage<RunningSession>();
const running = new Set<RunningSession>();

/** Runs a prompt of `session` in its scope, until the prompt settles. */
export async function runInSession<T>(session: RunningSession, fn: () => Promise<T>): Promise<T> {
	running.add(session);
	try {
		return await scope.run(session, fn);
	} finally {
		running.delete(session);
	}
}

/** The session whose prompt this code runs in (its async context); undefined outside every prompt. */
export function sessionInScope(): RunningSession | undefined {
	return scope.getStore();
}

/**
 * The session a dialog is for: the one whose prompt this code runs in, or,
 * for code outside any prompt's async context (a subprocess extension's
 * dialog arrives on its pipe), the one session with a prompt running when
 * there is exactly one; otherwise undefined (start-up, several prompts at
 * once). Tools and gates use sessionInScope: a guess must never route a
 * file or a tool call to another editor session.
 */
export function runningSession(): RunningSession | undefined {
	const here = scope.getStore();
	if (here) return here;
	if (running.size !== 1) return undefined;
	return running.values().next().value;
}
