/**
 * What a channel is started with: the host's sessions to create and drive,
 * the kernel, the activity bus, and a way to report failures. The kernel's
 * `ChannelDefinition` leaves the context open because sessions live above
 * it; extensions (`weft.registerChannel`), the SDK (`createWeft`) and the
 * RPC and ACP modes all use this one.
 */
import type { CreateSessionOptions } from "../agent/create-session.js";
import type { AgentSession } from "../agent/session.js";
import type { ActivityBus } from "../kernel/activity.js";
import type { ChannelDefinition } from "../kernel/channel.js";
import type { Kernel } from "../kernel/kernel.js";

/**
 * How one session of a host starts: which model, which saved session to
 * open, what prompt. Folder, home, settings, trust, the kernel and the
 * built-in tools registered in it are the host's.
 */
export type HostSessionOptions = Omit<
	CreateSessionOptions,
	"cwd" | "home" | "env" | "kernel" | "settings" | "projectTrusted" | "tools" | "spillFiles"
> & {
	/**
	 * Called with the new session before extensions hear of it
	 * (`session_start`): a channel that shows the session subscribes here, so
	 * it misses nothing a `session_start` handler starts.
	 */
	beforeStart?(session: AgentSession): void;
};

/** Several sessions in one process, sharing the host's kernel and extensions. */
export interface SessionPool {
	/** Starts a session (a new one unless `session` says which to open) and announces it to extensions. */
	create(options?: HostSessionOptions): Promise<AgentSession>;
	get(id: string): AgentSession | undefined;
	/** Open sessions, oldest first. */
	list(): AgentSession[];
	/**
	 * Aborts the session's run, tells extensions it ends (`session_shutdown`
	 * with `reason`, default "close") and forgets it; false when not open.
	 */
	close(id: string, reason?: string): Promise<boolean>;
}

export interface ChannelContext {
	readonly cwd: string;
	readonly sessions: SessionPool;
	readonly kernel: Kernel;
	readonly activity: ActivityBus;
	/** Aborted when the channel is stopped: pass it to what the channel awaits. */
	readonly signal: AbortSignal;
	/**
	 * A failure the channel could not answer to its client (a request that
	 * threw, a socket error): charged to the channel's owner and shown like an
	 * extension's failure, without stopping the channel.
	 */
	reportError(error: unknown, where?: string): void;
}

/** A channel as extensions and embedders register it: `{ id, description?, start(ctx), stop() }`. */
export type Channel = ChannelDefinition<ChannelContext>;
