/**
 * Test utilities for weft and for extension authors: the extension test
 * harness, the mock LLM server and the scripted provider.
 */
export * from "./harness.js";
export type { BlockedCall, RewrittenCall, ToolCallRecord } from "./harness-record.js";
export type { Answer, DialogKind, DialogRecord, DialogRequest, UIScript } from "./harness-ui.js";
export { ScriptedUI } from "./harness-ui.js";
export * from "./mock-llm/index.js";
export * from "./scripted-provider.js";
