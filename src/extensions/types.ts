/**
 * The extension API: what an extension's default export receives. Names
 * follow what users of other agents expect (`on`, `registerTool`,
 * `registerCommand`, …). Everything registered here is tagged with the
 * extension's name, so unloading removes exactly what it added.
 */
import type { Static, TObject } from "typebox";
import type { AgentLoop } from "../agent/agent-loop.js";
import type { SessionEvent } from "../agent/session-events.js";
import type { ProviderConfig } from "../ai/types.js";
import type { ActivityListener, ActivityType } from "../kernel/activity.js";
import type { CommandOrigin } from "../kernel/command.js";
import type { BusEvent, HandlerReturn } from "../kernel/event-bus.js";
import type { AgentEndReason, EventName } from "../kernel/events.js";
import type { KeymapTarget } from "../kernel/keymap.js";
import type { ToolResultContent, Usage, UserContent } from "../kernel/messages.js";
import type { ModelInfo, Provider } from "../kernel/provider.js";
import type { ProviderLogin } from "../kernel/provider-login.js";
import type { MessageRenderer, ToolRenderer } from "../kernel/renderer.js";
import type { TimerHandle } from "../kernel/timers.js";
import type { ToolResult } from "../kernel/tool.js";
import type { UIPort } from "../kernel/ui-port.js";
import type { Channel } from "./channel.js";

export type { Channel, ChannelContext, HostSessionOptions, SessionPool } from "./channel.js";

/** Handed to every handler, tool and command of an extension. */
export interface ExtensionContext {
	cwd: string;
	sessionId: string | undefined;
	model: ModelInfo | undefined;
	/** "print", "json", "interactive", "rpc", "sdk", "test", or "list" (`weft ext list`: loaded, never given a session). */
	mode: string;
	/** Aborts when the current run is aborted (undefined when idle). */
	signal: AbortSignal | undefined;
	/** Aborts the current run. */
	abort(): void;
	isIdle(): boolean;
	ui: UIPort;
	hasUI: boolean;
}

export interface ToolExecutionContext extends ExtensionContext {
	toolCallId: string;
	signal: AbortSignal;
	/**
	 * Streams partial output (a string is one text block); `details` is
	 * structured progress for renderers and RPC clients
	 * (`tool_execution_update`), not sent to the model.
	 */
	onUpdate(partial: string | ToolResultContent[], details?: unknown): void;
	/**
	 * Runs a sub-agent for this tool call: a child session with a fresh
	 * conversation kept in memory only, on the same kernel and extensions.
	 * Its tool calls pass through `tool_call` with source "subagent"; it is
	 * aborted with this call's signal; its activity is published with
	 * `agentId` = this call's id and `parentAgentId` "main". Resolves when
	 * its run ends (never rejects for the run's own errors: see `reason`).
	 */
	runSubagent(options: SubagentOptions): Promise<SubagentResult>;
}

export interface SubagentOptions {
	/** The child's first (and only) prompt. */
	prompt: string;
	/** The child's whole system prompt (default: the session's). */
	systemPrompt?: string;
	/**
	 * The only tools the child is offered, by name (default: every registered
	 * tool). Never the tool whose call runs it, so sub-agents do not nest.
	 * Names no tool is registered under are left out (`unknownTools`).
	 */
	tools?: readonly string[];
	/** `provider/model` or a model id one registered provider offers (default: the session's model). */
	model?: string;
	/** Every event of the child's session, as a session subscriber gets them (for progress). */
	onEvent?: (event: SessionEvent) => void;
}

export interface SubagentResult {
	/** The child's final answer. */
	response: string;
	reason: AgentEndReason;
	error?: string;
	/** What the child's requests used; return it as the tool result's `usage` to add it to the session's total. */
	usage: Usage;
	/** Names in `tools` that no tool is registered under: left out, the child ran without them. */
	unknownTools?: string[];
}

/**
 * What a tool's `execute` receives: the static type of a TypeBox schema, or
 * an unknown-valued record for a plain JSON Schema (weft validates either
 * before `execute` runs).
 */
export type ToolArgs<P> = P extends TObject ? Static<P> : Record<string, unknown>;

export interface ExtensionTool<P extends object = object> {
	name: string;
	label?: string;
	description: string;
	/** A TypeBox `Type.Object(…)` (which types `execute`'s arguments) or a JSON Schema object. */
	parameters: P;
	/**
	 * Calls of this tool next to each other in one answer run at the same
	 * time, not one after another (results still join the conversation in
	 * the model's order); bound the work yourself if it is heavy.
	 */
	concurrent?: boolean;
	/** A string is shorthand for one text block. */
	execute(args: ToolArgs<P>, ctx: ToolExecutionContext): ToolResult | string | Promise<ToolResult | string>;
}

export interface ExtensionCommand {
	description: string;
	argumentHint?: string;
	/** The file the command comes from, when not the extension's own module (a template or skill file it reads). */
	origin?: CommandOrigin;
	handler(args: string, ctx: ExtensionContext): void | Promise<void>;
}

export interface ExtensionShortcut {
	description?: string;
	handler(ctx: ExtensionContext): void | Promise<void>;
}

export interface ExtensionKeymap {
	key: string;
	target?: KeymapTarget;
	priority?: number;
	description?: string;
	/** Return false to pass the key on to the next binding. */
	handler(ctx: ExtensionContext): boolean | undefined | void | Promise<void>;
}

export interface FlagSpec {
	description: string;
	type: "boolean" | "string";
	default?: boolean | string;
}

/**
 * A provider in the settings shape, or a custom stream function; either may
 * bring its own `oauth` login, which `/login <provider>` runs (a custom
 * stream then finds the login's key in `request.apiKey`).
 */
export type ExtensionProvider = (
	| (ProviderConfig & { models: NonNullable<ProviderConfig["models"]> })
	| (Omit<Provider, "name" | "models" | "login"> & {
			/** Only `id` is required; the rest defaults as for models in settings. */
			models: Array<Partial<ModelInfo> & { id: string }>;
	  })
) & { oauth?: ProviderLogin };

export type Delivery = "steer" | "follow_up" | "next_turn";

export interface CustomMessageInput {
	customType: string;
	content: string | UserContent[];
	/** Shown in the transcript (default true). */
	display?: boolean;
	details?: unknown;
}

export interface ExecResult {
	stdout: string;
	stderr: string;
	code: number | null;
	killed: boolean;
}

export interface ExecOptions {
	cwd?: string;
	timeoutMs?: number;
	signal?: AbortSignal;
	input?: string;
	env?: NodeJS.ProcessEnv;
}

export interface JobOptions {
	cwd?: string;
	env?: NodeJS.ProcessEnv;
	onLine?: (line: string, stream: "stdout" | "stderr") => void;
	onExit?: (code: number | null, signal: NodeJS.Signals | null) => void;
}

export interface JobHandle {
	readonly pid: number | undefined;
	/** Resolves with the exit code once the process has ended. */
	readonly done: Promise<number | null>;
	write(text: string): void;
	kill(signal?: NodeJS.Signals): void;
}

export type ExtensionHandler<K extends EventName> = (
	event: BusEvent<K>,
	ctx: ExtensionContext,
) => HandlerReturn<K> | Promise<HandlerReturn<K>>;

export interface ExtensionAPI {
	// Identity
	/** This extension's name (its file or folder name, or package name). */
	readonly name: string;
	readonly cwd: string;

	// Events
	on<K extends EventName>(
		event: K,
		handler: ExtensionHandler<K>,
		options?: { priority?: number },
	): () => void;
	/** Custom events between extensions (namespaced names like "my-ext:thing"). */
	events: {
		on(name: string, handler: (data: unknown) => void): () => void;
		emit(name: string, data?: unknown): void;
	};

	// Tools, commands and keys
	/** `execute`'s arguments are typed from a TypeBox schema; a plain JSON Schema gives an unknown-valued record. */
	registerTool<P extends object>(tool: ExtensionTool<P>): void;
	registerCommand(name: string, command: ExtensionCommand): void;
	/**
	 * Shorthand for `registerKeymap({ key, target: "global", priority: 100, description, handler })`
	 * whose handler always claims the key: the stock binding is then skipped.
	 */
	registerShortcut(key: string, shortcut: ExtensionShortcut): void;
	registerKeymap(keymap: ExtensionKeymap): void;
	registerFlag(name: string, spec: FlagSpec): void;
	getFlag(name: string): boolean | string | undefined;

	// Models and drawing
	registerProvider(name: string, provider: ExtensionProvider): void;
	/**
	 * Removes a provider this extension registered (at once, as pi's does); no
	 * effect when none has the name. Throws for one weft or another extension holds.
	 */
	unregisterProvider(name: string): void;
	registerMessageRenderer(customType: string, renderer: MessageRenderer): void;
	registerToolRenderer(toolName: string, renderer: ToolRenderer): void;

	// Channels and activity
	/**
	 * Adds an input surface that drives sessions (an HTTP endpoint, a chat
	 * bot): started beside the terminal, RPC or ACP by `weft --channel <id>`
	 * or the `channels` setting, or by the embeddable host
	 * (`weft.channels.start(id)`), with the host's sessions (the terminal's
	 * among them); stopped when this extension unloads.
	 */
	registerChannel(channel: Channel): void;
	/** What agents do in every session of this process (tasks, agent runs, tools); returns the unsubscribe. */
	onActivity(listener: ActivityListener, options?: { types?: readonly ActivityType[] }): () => void;

	// The session
	/** Adds a custom message; while the agent is busy it is queued per `deliver` (default follow_up). */
	sendMessage(message: CustomMessageInput, options?: { deliver?: Delivery; triggerTurn?: boolean }): void;
	/** Sends text as if the user typed it (source "extension"); queued while the agent is busy. */
	sendUserMessage(text: string, options?: { deliver?: Exclude<Delivery, "next_turn"> }): void;
	/** Stores extension state in the session file. */
	appendEntry(customType: string, data: unknown): void;
	/**
	 * Labels a session entry (a bookmark /tree shows), or with undefined
	 * clears its label; written to the session at once. Throws for an entry
	 * the session does not have. Before a session exists there is nothing to label.
	 */
	setLabel(entryId: string, label: string | undefined): void;
	/** The entry's label, if it has one. */
	getLabel(entryId: string): string | undefined;
	/** Replaces the agent loop; the factory receives the stock loop so it can wrap it. */
	setAgentLoop(factory: (stock: AgentLoop) => AgentLoop): void;

	// Processes and timers (stopped when the extension unloads)
	exec(command: string, args?: string[], options?: ExecOptions): Promise<ExecResult>;
	/** Spawns a process and streams its lines; killed when the extension unloads. */
	spawnJob(command: string, args?: string[], options?: JobOptions): JobHandle;
	defer(ms: number, fn: () => unknown): TimerHandle;
	interval(ms: number, fn: () => unknown): TimerHandle;

	// Other extensions
	/** Another extension's public object (see `expose`). */
	getExtension<T = unknown>(name: string): T | undefined;
	expose(api: unknown): void;

	// Output
	/** Writes to this extension's log (and stderr with --verbose). */
	log(message: string, level?: "debug" | "info" | "warn" | "error"): void;
	readonly ui: UIPort;
}

export type ExtensionFactory = (weft: ExtensionAPI) => void | Promise<void>;
