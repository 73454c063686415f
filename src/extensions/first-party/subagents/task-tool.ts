/**
 * The `task` tool: runs a sub-agent (`ctx.runSubagent`) on a prompt, as
 * one of the agents defined in files or as the general-purpose agent (the
 * session's own system prompt and tools), and returns its final answer.
 * Calls in one answer run concurrently, at most `maxConcurrent` at once.
 */
import type { ExtensionTool, SubagentResult, ToolExecutionContext } from "../../types.js";
import type { AgentDefinition } from "./agents.js";
import { TaskProgress } from "./progress.js";
import { Slots } from "./slots.js";

export const GENERAL_PURPOSE = "general-purpose";

interface TaskArgs {
	description: string;
	prompt: string;
	agent?: string;
}

export function taskTool(options: {
	agents: readonly AgentDefinition[];
	maxConcurrent: number;
	cwd: string;
	now?: () => Date;
	/** Called once per agent whose `tools` name tools that are not registered. */
	onUnknownTools?: (agent: AgentDefinition, names: string[]) => void;
}): ExtensionTool {
	const { agents, cwd } = options;
	const now = options.now ?? (() => new Date());
	const slots = new Slots(options.maxConcurrent);
	const warned = new Set<string>();
	return {
		name: "task",
		label: "Task",
		description: toolDescription(agents),
		concurrent: true,
		parameters: {
			type: "object",
			properties: {
				description: { type: "string", description: "What the task is, in 3 to 5 words (shown to the user)" },
				prompt: {
					type: "string",
					description: "The whole task for the agent: it sees nothing of this conversation but this text",
				},
				agent: {
					type: "string",
					description: `Which agent runs it (default ${GENERAL_PURPOSE})`,
				},
			},
			required: ["description", "prompt"],
			additionalProperties: false,
		},
		async execute(raw, ctx: ToolExecutionContext) {
			const args = raw as unknown as TaskArgs;
			const name = args.agent?.trim() || GENERAL_PURPOSE;
			const agent = agents.find((a) => a.name === name);
			if (!agent && name !== GENERAL_PURPOSE) {
				const names = [GENERAL_PURPOSE, ...agents.map((a) => a.name)].join(", ");
				return { content: `No agent is named "${name}". Available agents: ${names}.`, isError: true };
			}
			if (!(await slots.acquire(ctx.signal)))
				return { content: "The task was aborted before it started.", isError: true };
			let result: SubagentResult;
			try {
				const progress = new TaskProgress((text) => ctx.onUpdate(text));
				result = await ctx.runSubagent({
					prompt: args.prompt,
					systemPrompt: agent ? agentSystemPrompt(agent, cwd, now()) : undefined,
					tools: agent?.tools,
					model: agent?.model,
					onEvent: progress.onEvent,
				});
			} finally {
				slots.release();
			}
			if (agent && result.unknownTools && !warned.has(agent.name)) {
				warned.add(agent.name);
				options.onUnknownTools?.(agent, result.unknownTools);
			}
			return {
				content: answerText(name, result),
				isError: result.reason !== "completed",
				usage: result.usage,
				details: { agent: name, description: args.description, reason: result.reason },
			};
		},
	};
}

function toolDescription(agents: readonly AgentDefinition[]): string {
	const list = [
		`- ${GENERAL_PURPOSE}: the default; works like you, with your instructions and tools`,
		...agents.map((a) => `- ${a.name}: ${a.description.replace(/\s+/g, " ")}`),
	];
	return [
		"Runs a sub-agent on a task of its own: it starts with a fresh conversation, works with its tools, and its final answer comes back as this tool's result (you see nothing else of its work).",
		"Use it for searches and self-contained work that would fill your context. Several task calls in one answer run in parallel.",
		"Write the prompt so it stands alone: the agent does not see this conversation. Say what it should return.",
		"",
		"Agents:",
		...list,
	].join("\n");
}

/** An agent's file body, then where and when it works: it has nothing else of the session's prompt. */
function agentSystemPrompt(agent: AgentDefinition, cwd: string, date: Date): string {
	return `${agent.systemPrompt}\n\nWorking directory: ${cwd}\nToday's date: ${date.toISOString().slice(0, 10)}`;
}

function answerText(name: string, result: SubagentResult): string {
	if (result.reason === "completed")
		return result.response.trim() === "" ? `(${name} gave no answer)` : result.response;
	const partial =
		result.response.trim() === "" ? "" : `\n\nWhat it said before stopping:\n${result.response}`;
	if (result.reason === "aborted") return `The ${name} agent was aborted.${partial}`;
	return `The ${name} agent stopped: ${result.error ?? result.reason}.${partial}`;
}
