/** The SDK entry: what embedders and extension authors import from "weft". */

export { Type } from "typebox";
export type { AgentLoop, LoopContext, LoopResult } from "./agent/agent-loop.js";
export { stockAgentLoop } from "./agent/agent-loop.js";
export {
	ConfigError,
	type CreatedSession,
	type CreateSessionOptions,
	createAgentSession,
} from "./agent/create-session.js";
export { AgentSession, type PromptOptions, type PromptResult, type SessionOptions } from "./agent/session.js";
export type {
	CatalogEvent,
	DeliveredEvent,
	QueuedEvent,
	RetryEvent,
	SessionEvent,
	SessionEventOf,
	SessionListener,
} from "./agent/session-events.js";
export { SessionStore } from "./agent/session-store.js";
export { builtinTools } from "./agent/tools/index.js";
export { createApiProvider } from "./ai/adapters/index.js";
export { BUILTIN_PROVIDERS, buildModelTable } from "./ai/catalog.js";
export { computeCost, costOf } from "./ai/cost.js";
export { loadSettings, type Settings, SettingsError } from "./ai/settings.js";
export { ExtensionHost, type ExtensionHostOptions } from "./extensions/host.js";
export { NonInteractiveUI } from "./extensions/non-interactive-ui.js";
export { installProcessGuard, type ProcessGuardOptions } from "./extensions/process-guard.js";
export { defineExtension } from "./extensions/runtime-exports.js";
export * from "./extensions/subprocess/sdk.js";
export type * from "./extensions/types.js";
export * from "./kernel/index.js";
export {
	type ChannelInfo,
	createWeft,
	type Weft,
	type WeftExtension,
	type WeftOptions,
} from "./modes/sdk/create-weft.js";
