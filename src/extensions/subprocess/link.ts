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
	/** Hello plus registration, per extension (all start in parallel). */
	startupMs: number;
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
	startupMs: 3_000,
	silenceMs: 250,
	toolTimeoutMs: 60_000,
	commandTimeoutMs: 60_000,
	interceptForgetMs: 60_000,
	shutdownGraceMs: 2_000,
	termGraceMs: 1_000,
};

export interface Link {
	readonly name: string;
	readonly protocol: ProtocolVersion;
	readonly kernel: Kernel;
	readonly state: ExtensionState;
	readonly limits: SubprocessLimits;
	readonly panels: PanelManager;
	/** False once the child is gone or stopping: nothing new is sent to it. */
	readonly running: boolean;
	session(): AgentSession | undefined;
	/** Text the `insert` command action puts into the composer (the terminal UI provides it). */
	insert(text: string): void;
	send(frame: HostFrame): boolean;
	/** Sends a request built around a fresh id and waits for its response frame. */
	request(
		kind: RequestKind,
		label: string,
		build: (id: string) => HostFrame,
		options: {
			timeoutMs: number;
			timeoutMessage: string;
			onUpdate?: (frame: Frame) => void;
			signal?: AbortSignal;
		},
	): Promise<Frame>;
	/** Protocol noise from the child (bad lines, unknown ids…): counted, and logged the first `logLimit` times (3) per kind. */
	problem(kind: string, message: string, logLimit?: number): void;
	/** A mistake the extension's author should see (a skipped tool, a failed command): shown once per `where`. */
	report(where: string, message: string): void;
	/** Accounts one intercept round trip. */
	interceptTime(event: string, ms: number, answered: boolean): void;
}
