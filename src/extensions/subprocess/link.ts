/**
 * What the frame handlers (registrations, tools, commands, subscriptions,
 * UI requests) need from the connection to one extension, and the limits
 * that bound every wait on a child.
 */
import type { AgentSession } from "../../agent/session.js";
import type { Kernel } from "../../kernel/kernel.js";
import type { ExtensionState } from "../extension-state.js";
import type { PanelManager } from "./panels.js";
import type { RequestKind } from "./pending.js";
import type { Frame, HostFrame, ProtocolVersion } from "./protocol.js";

export interface SubprocessLimits {
	/**
	 * Hello plus registration, per extension (all start in parallel, in the
	 * background); `extensionOptions.<name>.loadTimeoutMs` overrides it.
	 */
	startupMs: number;
	/**
	 * How long `loadAll` waits for subprocess extensions to be ready. Ones still
	 * starting then go on in the background, and a run's first model request
	 * waits for them (saying so), so their tools are offered.
	 */
	readyWaitMs: number;
	/** Silence after hello that counts as `ready`. */
	silenceMs: number;
	toolTimeoutMs: number;
	commandTimeoutMs: number;
	/**
	 * How long an unanswered intercept is remembered. The bus's deadline (5 s
	 * by default, `extensionOptions`) decides what a slow intercept means; this
	 * only bounds the bookkeeping.
	 */
	interceptForgetMs: number;
	shutdownGraceMs: number;
	termGraceMs: number;
}

export const DEFAULT_LIMITS: SubprocessLimits = {
	// Like the original protocol, which waits as long as it takes: `npx`, a version-manager shim
	// or a cold interpreter on a busy machine can take many seconds to say hello.
	startupMs: 30_000,
	readyWaitMs: 1_000,
	silenceMs: 250,
	toolTimeoutMs: 60_000,
	commandTimeoutMs: 60_000,
	interceptForgetMs: 60_000,
	shutdownGraceMs: 2_000,
	termGraceMs: 1_000,
};

export interface RequestOptions {
	/** When the request is given up: it fails with `timeoutMessage`. */
	timeoutMs: number;
	timeoutMessage: string;
	/**
	 * When its reply is due, if earlier than `timeoutMs` (an intercept: the
	 * bus's deadline). A reply after it counts as a missed deadline, once.
	 */
	deadlineMs?: number;
	/** Called when `deadlineMs` passes without a reply. */
	onLate?: () => void;
	onUpdate?: (frame: Frame) => void;
	signal?: AbortSignal;
}

export interface Link {
	readonly name: string;
	readonly protocol: ProtocolVersion;
	readonly kernel: Kernel;
	readonly state: ExtensionState;
	readonly limits: SubprocessLimits;
	/** The bus's deadline for this extension's intercepts: a reply after it is a missed deadline. */
	readonly interceptDeadlineMs: number;
	readonly panels: PanelManager;
	/** False once the child is gone or stopping: nothing new is sent to it. */
	readonly running: boolean;
	/** Why it is not running, to follow its name in an error ("is suspended for this session (…)"). */
	readonly unavailable: string;
	session(): AgentSession | undefined;
	/** Text the `insert` command action puts into the composer (the terminal UI provides it). */
	insert(text: string): void;
	send(frame: HostFrame): boolean;
	/** Sends a request built around a fresh id and waits for its response frame. */
	request(
		kind: RequestKind,
		label: string,
		build: (id: string) => HostFrame,
		options: RequestOptions,
	): Promise<Frame>;
	/** Protocol noise from the child (bad lines, unknown ids…): counted, and logged the first `logLimit` times (3) per kind. */
	problem(kind: string, message: string, logLimit?: number): void;
	/** A mistake the extension's author should see (a skipped tool, a failed command): shown once per `where`. */
	report(where: string, message: string): void;
	/** Accounts one intercept round trip. */
	interceptTime(event: string, ms: number, answered: boolean): void;
}
