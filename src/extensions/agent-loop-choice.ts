/**
 * Which extension's agent loop a bound session runs: the latest extension
 * in load order that asked for one. When that extension goes, the session
 * gets the stock loop back; a loop the session refuses is that extension's
 * failure, and the stock loop runs.
 */
import type { AgentSession } from "../agent/session.js";
import type { ExtensionState } from "./extension-state.js";

export class AgentLoopChoice {
	/** The extension whose loop the session runs now, if any. */
	private owner: string | undefined;

	constructor(private readonly failure: (owner: string, where: string, error: unknown) => void) {}

	/** At bind: the loop of the latest of `states` (in load order) that asked for one. */
	apply(session: AgentSession | undefined, states: readonly ExtensionState[]): void {
		const state = states.filter((s) => s.loop).at(-1);
		if (session && state) this.set(session, state);
	}

	set(session: AgentSession, state: ExtensionState): void {
		try {
			session.setAgentLoop(state.loop);
			this.owner = state.name;
		} catch (error) {
			session.setAgentLoop(undefined);
			this.owner = undefined;
			this.failure(state.name, "setAgentLoop", error);
		}
	}

	/** An extension is going: if the session runs its loop, the stock loop runs from now on. */
	release(name: string, session: AgentSession | undefined): void {
		if (this.owner !== name) return;
		this.owner = undefined;
		session?.setAgentLoop(undefined);
	}
}
