/** Test utilities for weft and for extension authors: the mock LLM server and the scripted provider. */
export * from "./mock-llm/index.js";
export * from "./scripted-provider.js";
