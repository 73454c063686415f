/**
 * What an AgentSession is built from and what its calls take: the options a
 * mode (or the embeddable host) passes to the constructor, what a
 * sub-agent's child session changes, and a prompt's options and result.
 * session.ts re-exports them.
 */
import type { CompactionSettings } from "../ai/settings.js";
import type { InputSource } from "../kernel/events.js";
import type { Kernel } from "../kernel/kernel.js";
import type { ImageContent } from "../kernel/messages.js";
import type { ModelInfo, ThinkingLevel } from "../kernel/provider.js";
import type { LoopResult } from "./agent-loop.js";
import type { CheckpointTimer } from "./answer-checkpoints.js";
import type { DeliveryModes } from "./message-queue.js";
import type { SessionContext, SessionStore } from "./session-store.js";
import type { SpillFiles } from "./tools/spill-files.js";

export interface SessionOptions {
	kernel: Kernel;
	cwd: string;
	store: SessionStore;
	model: ModelInfo;
	/** Mode name for extension context ("print", "json", "interactive", "rpc", "sdk"). */
	mode: string;
	thinking?: ThinkingLevel;
	/** Builds the system prompt for the tools currently registered. */
	systemPrompt: (tools: Array<{ name: string; description: string }>) => string;
	retry?: { maxRetries?: number; baseDelayMs?: number };
	idleTimeoutMs?: number;
	/** The store's conversation, when the caller already rebuilt it (saves walking the tree twice). */
	restored?: SessionContext;
	/** Why this session object exists: a fresh session, one loaded from a file, or a fork of another. */
	startReason?: "new" | "resume" | "continue" | "fork";
	/** How often a streaming answer is checkpointed to the file (default every 250 ms), and the timer (tests). */
	checkpoints?: { intervalMs?: number; timer?: CheckpointTimer };
	/** The spill files this session's bash tool writes; deleted at shutdown. */
	spillFiles?: SpillFiles;
	/** Automatic compaction and how much a compaction keeps (settings `compaction`). */
	compaction?: CompactionSettings;
	/** How queued steering and follow-ups are delivered (settings `steeringMode`, `followUpMode`; read live). */
	delivery?: DeliveryModes;
	/**
	 * Wraps each run (its input handlers, the loop, its tools) so it runs in
	 * an async context of the caller's: the SDK's pool marks which session
	 * extension handlers serve when several sessions share one kernel.
	 */
	runScope?: <T>(run: () => T) => T;
	/**
	 * Set for a sub-agent's session (`spawnChild`): its model's tool calls
	 * carry source "subagent", it offers only the tools named in `tools`
	 * (all when absent), and it is never announced (no session_start or
	 * startup: extensions go on serving the parent's session).
	 */
	subagent?: { tools?: ReadonlySet<string> };
}

/** What a sub-agent's session changes from its parent's (`AgentSession.spawnChild`). */
export interface ChildSessionOptions {
	/** The whole system prompt (default: the parent's). */
	systemPrompt?: string;
	/** The only tools offered, by name (default: all registered). */
	tools?: readonly string[];
	/** Default: the parent's current model. */
	model?: ModelInfo;
}

export interface PromptOptions {
	images?: ImageContent[];
	source?: InputSource;
}

export interface PromptResult extends LoopResult {
	/** True when an `input` handler handled the text and no model call was made. */
	handled?: boolean;
}
