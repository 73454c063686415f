/**
 * A loopback mock LLM server speaking the real wire formats (OpenAI chat
 * completions and Responses, Anthropic messages, Google Generative AI) and
 * following a scripted conversation. Start it, point a provider's baseUrl at
 * `baseUrlFor(api)`, and assert on `requests`:
 *
 *   const llm = await startMockLlm({ script: [{ text: "hello" }, { toolCalls: [{ name: "read", args: { path: "a" } }] }] });
 *   // settings.providers.mock = { api: "anthropic-messages", baseUrl: llm.baseUrlFor("anthropic-messages"), apiKey: "test" }
 *   await llm.close();
 */
export { type CollectedStream, collectStream } from "./collect.js";
export type { RecordedRequest, ScriptEntry, ScriptedToolCall, ScriptedTurn } from "./script.js";
export { type MockLlm, type MockLlmOptions, startMockLlm } from "./server.js";
