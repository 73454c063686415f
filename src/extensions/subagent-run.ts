/**
 * `ctx.runSubagent` of a tool call: a child session of the session the call
 * serves (AgentSession.spawnChild), run to its end with the call's signal,
 * fed to the activity bus under the parent's session id, with the child's
 * usage returned for the tool to report. The child's prompt goes through
 * the same `input` and `before_agent_start` handlers as any prompt.
 */
import { feedActivity } from "../agent/activity-feed.js";
import type { AgentSession } from "../agent/session.js";
import { emptyUsage } from "../kernel/messages.js";
import type { ModelInfo } from "../kernel/provider.js";
import type { ToolContext } from "../kernel/tool.js";
import type { SubagentOptions, SubagentResult } from "./types.js";

export async function runSubagentFor(
	parent: AgentSession | undefined,
	call: ToolContext,
	options: SubagentOptions,
	/** The tool whose call runs the sub-agent: never offered to it, so it cannot start sub-agents of its own. */
	callingTool?: string,
): Promise<SubagentResult> {
	if (!parent) throw new Error("runSubagent needs a session: call it from a tool while a session runs it");
	if (typeof options?.prompt !== "string" || options.prompt.trim() === "")
		throw new Error("runSubagent needs a non-empty prompt");
	const model = options.model === undefined ? undefined : findModel(parent, options.model);
	const unknownTools = (options.tools ?? []).filter((name) => !parent.kernel.tools.has(name));
	if (call.signal.aborted) return { response: "", reason: "aborted", usage: emptyUsage() };

	const tools = (options.tools ?? parent.kernel.tools.names()).filter((name) => name !== callingTool);
	const child = parent.spawnChild({ systemPrompt: options.systemPrompt, tools, model });
	const stopFeed = feedActivity(child, parent.kernel.activity, {
		subagent: { sessionId: parent.id, agentId: call.toolCallId, parentAgentId: "main" },
	});
	const abort = () => void child.abort();
	const stopEvents = child.subscribe((event) => {
		// An abort that came while the child's run was being set up finds it here, once it can be stopped.
		if (event.type === "agent_start" && call.signal.aborted) abort();
		options.onEvent?.(event);
	});
	call.signal.addEventListener("abort", abort, { once: true });
	try {
		const result = await child.prompt(options.prompt, { source: "extension" });
		return {
			response: result.response,
			reason: result.reason,
			error: result.error,
			usage: child.usage,
			...(unknownTools.length > 0 ? { unknownTools } : {}),
		};
	} finally {
		call.signal.removeEventListener("abort", abort);
		stopEvents();
		stopFeed();
	}
}

/** `provider/model`, or a model id: the session's provider first, then the first other provider offering it. */
function findModel(parent: AgentSession, name: string): ModelInfo {
	const providers = parent.kernel.providers.list().map((r) => r.value);
	const slash = name.indexOf("/");
	if (slash > 0) {
		const provider = providers.find((p) => p.name === name.slice(0, slash));
		const model = provider?.models.find((m) => m.id === name.slice(slash + 1));
		if (model) return model;
	} else {
		const current = providers.find((p) => p.name === parent.model.provider);
		const model = [current, ...providers].flatMap((p) => p?.models ?? []).find((m) => m.id === name);
		if (model) return model;
	}
	throw new Error(
		`runSubagent: no registered provider offers the model "${name}"; name it as provider/model, with a provider from settings or an extension`,
	);
}
