/**
 * Several sessions in one process: each a full AgentSession built the way
 * the CLI builds one (settings, model resolution, built-in tools), all on
 * the host's one kernel, so every extension sees every session's events.
 * Each session's runs, start and shutdown run in its async context
 * (`current()`): the extension host asks it which session a handler serves
 * (`currentSession`), so an extension's `ctx.sessionId`, `abort()` and
 * `sendMessage` address that session. Code outside any run (a timer, a
 * command an embedder calls) gets the newest open session, the bound one,
 * unless the host's `currentSession` says otherwise (the terminal answers
 * its own session). Only the extension host asks which session code serves,
 * so without one no run enters the async context (entering it makes Node
 * track every promise's context from then on).
 */
import { AsyncLocalStorage } from "node:async_hooks";

import { feedActivity } from "../../agent/activity-feed.js";
import { createAgentSession } from "../../agent/create-session.js";
import type { AgentSession } from "../../agent/session.js";
import { SpillFiles } from "../../agent/tools/spill-files.js";
import type { Settings } from "../../ai/settings.js";
import type { HostSessionOptions, SessionPool } from "../../extensions/channel.js";
import type { ExtensionHost } from "../../extensions/host.js";
import type { Kernel } from "../../kernel/kernel.js";

export interface SessionPoolOptions {
	cwd: string;
	home: string;
	env: NodeJS.ProcessEnv;
	kernel: Kernel;
	/** A function where they change while the host runs (the terminal's trust prompt, /trust, /reload). */
	settings: Settings | (() => Settings);
	projectTrusted: boolean | (() => boolean);
	/** Built-in tools to enable in the host's kernel (default: all). */
	tools?: string[];
	/** The extension host, once loaded (absent: no extension source). */
	host: () => ExtensionHost | undefined;
	/** Start-up warnings of a session (torn session line, auto-detected model…). */
	warn: (message: string) => void;
}

interface OpenSession {
	session: AgentSession;
	stopFeed: () => void;
}

export class HostSessions implements SessionPool {
	private readonly open = new Map<string, OpenSession>();
	/** The built-in tools are the kernel's, shared by every session: so are their spill files. */
	private readonly spillFiles = new SpillFiles();
	private readonly scope = new AsyncLocalStorage<AgentSession>();
	private closed = false;

	constructor(private readonly options: SessionPoolOptions) {}

	async create({ beforeStart, ...sessionOptions }: HostSessionOptions = {}): Promise<AgentSession> {
		if (this.closed) throw new Error("this weft host was shut down; create a new one with createWeft()");
		const { cwd, home, env, kernel, settings, projectTrusted, tools } = this.options;
		let created: AgentSession | undefined;
		const { session, warnings } = await createAgentSession({
			mode: "sdk",
			...sessionOptions,
			cwd,
			home,
			env,
			kernel,
			settings: typeof settings === "function" ? settings() : settings,
			projectTrusted: typeof projectTrusted === "function" ? projectTrusted() : projectTrusted,
			tools,
			spillFiles: this.spillFiles,
			runScope: (run) => (created ? this.within(created, run) : run()),
		});
		created = session;
		for (const warning of warnings) this.options.warn(warning);
		if (this.open.has(session.id)) {
			throw new Error(
				`session ${session.id} is already open in this host; use sessions.get("${session.id}") to drive it`,
			);
		}
		this.open.set(session.id, { session, stopFeed: feedActivity(session, kernel.activity) });
		this.options.host()?.bind(session);
		beforeStart?.(session);
		this.within(session, () => session.start());
		return session;
	}

	/** Runs `fn` as code serving `session`, where someone (the extension host) may ask. */
	private within<T>(session: AgentSession, fn: () => T): T {
		return this.options.host() ? this.scope.run(session, fn) : fn();
	}

	/** The session whose run, start or shutdown the calling code belongs to. */
	current(): AgentSession | undefined {
		return this.scope.getStore();
	}

	get(id: string): AgentSession | undefined {
		return this.open.get(id)?.session;
	}

	list(): AgentSession[] {
		return [...this.open.values()].map((o) => o.session);
	}

	async close(id: string, reason = "close"): Promise<boolean> {
		const open = this.open.get(id);
		if (!open) return false;
		this.open.delete(id);
		await this.within(open.session, () => open.session.shutdown(reason));
		open.stopFeed();
		this.rebind();
		return true;
	}

	/** Closes every session (at shutdown); no session can be created afterwards. */
	async closeAll(reason: string): Promise<void> {
		this.closed = true;
		await Promise.all([...this.open.keys()].map((id) => this.close(id, reason)));
		await this.spillFiles.removeAll();
	}

	/**
	 * Binds the host to every open session, oldest first, so each gets the
	 * loop an extension asked for and the newest ends up bound (after a
	 * reload, or when the bound one closed).
	 */
	rebind(): void {
		const host = this.options.host();
		if (!host) return;
		for (const { session } of this.open.values()) host.bind(session);
	}
}
