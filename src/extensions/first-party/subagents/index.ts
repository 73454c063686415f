/**
 * The sub-agents extension (first-party): the `task` tool, and the agents
 * defined in `.weft/agents/`, `.claude/agents/`, `~/.weft/agents/` and
 * `~/.claude/agents/` (Claude Code's format). Built on the public API
 * (`ctx.runSubagent`); `disabledExtensions: ["subagents"]` turns it off.
 * Agent files are read when it loads (`/reload` reads them again).
 */
import type { Settings } from "../../../ai/settings.js";
import { displayPath } from "../../../base/paths.js";
import { isTrusted } from "../../trust.js";
import type { ExtensionAPI } from "../../types.js";

import { placesOf, warn } from "../loading.js";
import { discoverAgents } from "./agents.js";
import { taskRenderer } from "./task-renderer.js";
import { taskTool } from "./task-tool.js";

/** How many sub-agents run at once unless settings `subagents.maxConcurrent` says; further `task` calls wait. */
export const MAX_CONCURRENT = 4;

export interface SubagentsOptions {
	home: string;
	/** The settings in effect: `subagents.maxConcurrent`. */
	settings?: Settings;
	/** Where `~/.claude/agents` is looked for (default `os.homedir()`). */
	userHome?: string;
}

export function subagentsExtension(options: SubagentsOptions) {
	return (weft: ExtensionAPI): void => {
		const { agents, problems } = discoverAgents({
			...placesOf(weft.cwd, options),
			projectTrusted: isTrusted(options.home, weft.cwd),
		});
		const limit = maxConcurrent(options.settings);
		if (limit.problem) problems.push(limit.problem);
		for (const problem of problems) warn(weft, problem);
		weft.registerTool(
			taskTool({
				agents,
				maxConcurrent: limit.value,
				cwd: weft.cwd,
				onUnknownTools: (agent, names) =>
					warn(
						weft,
						`${displayPath(agent.file)}: no tool named ${names.join(", ")}; the agent runs without ${names.length === 1 ? "it" : "them"}`,
					),
			}),
		);
		weft.registerToolRenderer("task", taskRenderer);
	};
}

/** `subagents.maxConcurrent`: a whole number from 1; anything else is reported and the default used. */
function maxConcurrent(settings: Settings | undefined): { value: number; problem?: string } {
	const section = settings?.subagents;
	const value =
		section && typeof section === "object" ? (section as Record<string, unknown>).maxConcurrent : section;
	if (value === undefined) return { value: MAX_CONCURRENT };
	if (typeof value === "number" && Number.isInteger(value) && value >= 1) return { value };
	return {
		value: MAX_CONCURRENT,
		problem: `settings subagents.maxConcurrent: ${JSON.stringify(value)} is not a whole number from 1; ${MAX_CONCURRENT} sub-agents run at once`,
	};
}
