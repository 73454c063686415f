/**
 * The terminal UI as a channel: registered as "terminal" (weft's own) and
 * started with the host's sessions like RPC, ACP or an extension's channel.
 * It shows one session at a time — the first, then whatever /new, /resume
 * and /fork switch to — and opens and closes each through the pool, so
 * `session_start`, `session_shutdown`, the activity bus and which session
 * extension code serves are the same as in every other channel. Sessions
 * other channels create run in the same pool beside it, unseen here.
 */
import type { AgentSession } from "../../agent/session.js";
import { NoProviderError } from "../../ai/model-resolution.js";
import type { Channel, ChannelContext, HostSessionOptions } from "../../extensions/channel.js";
import type { ChatApp } from "../../tui/app/chat-app.js";
import { SessionView } from "./session-view.js";

export const TERMINAL_CHANNEL_ID = "terminal";

/** Why the terminal shows another session: the transcript says so above it. */
export type SessionSwitch = "new" | "resume" | "fork";

const SWITCH_NOTES: Record<SessionSwitch, string> = {
	new: "new session: the model sees nothing above",
	fork: "forked session: a new file; the model sees what follows",
	resume: "resumed session",
};

export interface TerminalChannelOptions {
	chat: ChatApp;
	/** How the first session opens (model, --continue, --session, --fork…), from the command line. */
	first: HostSessionOptions;
	/** No provider is configured: show the first-run setup instead of a session. */
	setup(): void;
	/** Ends the interactive mode (the channel was stopped). */
	exit(): void;
}

export class TerminalChannel implements Channel {
	readonly id = TERMINAL_CHANNEL_ID;
	readonly description = "the terminal UI: one conversation at a time in this process's terminal";
	private ctx: ChannelContext | undefined;
	private shown: AgentSession | undefined;
	private view: SessionView | undefined;

	constructor(private readonly options: TerminalChannelOptions) {}

	/** The session the terminal shows and talks to; undefined before the first opens (first-run setup). */
	get session(): AgentSession | undefined {
		return this.shown;
	}

	async start(ctx: ChannelContext): Promise<void> {
		this.ctx = ctx;
		try {
			await this.open();
		} catch (error) {
			// No provider on a first run: a setup view and /login instead of an exit.
			if (!(error instanceof NoProviderError)) throw error;
			this.options.setup();
		}
	}

	/**
	 * Opens a session through the pool and shows it: the first one (`choice`:
	 * the provider and model a first-run /login saved a key for), or the one
	 * a switch leads to (`how`), after the shown one was closed.
	 */
	async open(
		how?: { kind: SessionSwitch; session: HostSessionOptions["session"] },
		choice?: { provider: string; model: string },
	): Promise<AgentSession> {
		const { chat, first } = this.options;
		return this.pool().create({
			...first,
			...choice,
			...(how ? { session: how.session } : {}),
			mode: "interactive",
			// Shown before session_start, so the view sees anything its handlers start.
			beforeStart: (session) => {
				this.view?.dispose();
				if (how) chat.resetTranscript(SWITCH_NOTES[how.kind]);
				this.shown = session;
				this.view = new SessionView(chat, session);
				this.view.showHistory();
			},
		});
	}

	/** Whether another channel holds the session of this file open (the pool opens a file once). */
	openElsewhere(file: string): boolean {
		return this.pool()
			.list()
			.some((session) => session !== this.shown && session.store.file === file);
	}

	/** Closes the shown session (`session_shutdown` with `reason`) before another is opened or weft exits. */
	async closeShown(reason: string): Promise<void> {
		const shown = this.shown;
		if (shown) await this.pool().close(shown.id, reason);
	}

	async stop(): Promise<void> {
		this.view?.dispose();
		this.view = undefined;
		await this.closeShown("exit");
		this.ctx = undefined;
		this.options.exit();
	}

	private pool(): ChannelContext["sessions"] {
		if (!this.ctx)
			throw new Error("the terminal channel is not started; start it through the host's channels");
		return this.ctx.sessions;
	}
}
