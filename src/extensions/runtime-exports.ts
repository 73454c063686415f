/**
 * The values an extension gets from `import … from "weft"`: the kernel's
 * exports (BUILTIN_OWNER, ProviderError, textOf, …), the stock agent loop,
 * TypeBox's `Type` (so a tool schema needs no copy of TypeBox) and
 * `defineExtension`. The loader publishes this object on a global that
 * `runtime/weft.cjs` re-exports, and aliases "weft" to that file, so every
 * extension shares the running weft's classes instead of loading its own.
 */
import { Type } from "typebox";
import { stockAgentLoop } from "../agent/agent-loop.js";
import * as kernel from "../kernel/index.js";
import type { ExtensionFactory } from "./types.js";

/** Identity helper that gives an extension's factory its parameter type in plain JavaScript editors. */
export function defineExtension(factory: ExtensionFactory): ExtensionFactory {
	return factory;
}

export const RUNTIME_KEY = Symbol.for("weft.runtime");

export const runtimeExports = Object.freeze({ ...kernel, Type, stockAgentLoop, defineExtension });

/** Publishes the runtime object for `runtime/weft.cjs`. */
export function installRuntime(): void {
	(globalThis as Record<symbol, unknown>)[RUNTIME_KEY] = runtimeExports;
}
