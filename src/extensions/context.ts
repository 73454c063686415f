/**
 * The context every handler, tool and command of an extension receives.
 * Session-dependent fields are getters, so a context handed out before the
 * session exists (or kept by the extension) always reads the current state.
 */
import type { AgentSession } from "../agent/session.js";
import type { ToolResultContent } from "../kernel/messages.js";
import type { ToolContext } from "../kernel/tool.js";
import type { UIPort } from "../kernel/ui-port.js";
import { runSubagentFor } from "./subagent-run.js";
import type { ExtensionContext, SubagentOptions, ToolExecutionContext } from "./types.js";
import { endingWithTheRun } from "./ui-scope.js";

export interface ContextSource {
	readonly cwd: string;
	readonly mode: string;
	session(): AgentSession | undefined;
}

export function createContext(source: ContextSource, ui: UIPort): ExtensionContext {
	return {
		cwd: source.cwd,
		mode: source.mode,
		ui: endingWithTheRun(ui, () => source.session()?.signal),
		hasUI: ui.interactive,
		get sessionId() {
			return source.session()?.id;
		},
		get model() {
			return source.session()?.model;
		},
		get signal() {
			return source.session()?.signal;
		},
		abort() {
			void source.session()?.abort();
		},
		isIdle() {
			return source.session()?.isIdle ?? true;
		},
	};
}

/** The context of one tool call: the extension context plus the call's id, signal, progress callback and sub-agents. */
export function createToolContext(
	source: ContextSource,
	ui: UIPort,
	call: ToolContext,
	/** The tool being called: a sub-agent it runs is never offered it. */
	toolName?: string,
): ToolExecutionContext {
	const ctx = createContext(source, ui);
	const onUpdate = (partial: string | ToolResultContent[], details?: unknown) =>
		call.onUpdate(typeof partial === "string" ? [{ type: "text", text: partial }] : partial, details);
	const runSubagent = (options: SubagentOptions) => runSubagentFor(source.session(), call, options, toolName);
	return Object.defineProperties(ctx, {
		signal: { value: call.signal, enumerable: true },
		toolCallId: { value: call.toolCallId, enumerable: true },
		onUpdate: { value: onUpdate, enumerable: true },
		runSubagent: { value: runSubagent, enumerable: true },
	}) as ToolExecutionContext;
}
