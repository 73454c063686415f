/**
 * Agent definitions: markdown files in the agent folders (`folders.ts`),
 * in Claude Code's sub-agent format — frontmatter `name`, `description`,
 * optional `tools` (a comma list or a YAML list) and `model` (`inherit` or
 * a model), the body being the agent's system prompt. Claude Code's tool
 * names (`Read`, `Glob`, …) are read as weft's. A problem in a file is a
 * `file:line:` line and the file is left out, never dropped silently.
 *
 * Trust: agent files are text and load in any folder, and `tools` can only
 * narrow what a sub-agent is offered; but in a folder that is not trusted a
 * project agent's `model` is held back (it runs on the session's model),
 * so a project cannot send work to a model or provider of its choosing.
 */
import { basename, join } from "node:path";
import { displayPath } from "../../../base/paths.js";
import { firstOfEachName, lineOfKey, listFolder, readReported, textField } from "../markdown-files.js";
import type { Places } from "../places.js";
import { agentFolders } from "./folders.js";

export interface AgentDefinition {
	name: string;
	description: string;
	/** The tools it may use (weft's names); undefined: every tool a sub-agent is offered. */
	tools?: string[];
	/** The model to run on; undefined: the session's (`inherit`). */
	model?: string;
	systemPrompt: string;
	file: string;
	scope: "project" | "user";
}

export interface AgentScan {
	agents: AgentDefinition[];
	/** One line each: `file:line: what is wrong`, a name clash, or what an untrusted folder held back. */
	problems: string[];
}

const AGENT_NAME = /^[a-z0-9][a-z0-9_-]*$/;
/** Claude Code's tool names that are not simply weft's in lower case. */
const CLAUDE_TOOLS: Record<string, string> = { glob: "find", multiedit: "edit" };
/** Claude Code's model aliases: its own models, which no weft provider is known to name this way. */
const CLAUDE_MODELS = new Set(["sonnet", "opus", "haiku"]);

export function discoverAgents(places: Places & { projectTrusted: boolean }): AgentScan {
	const problems: string[] = [];
	const found: AgentDefinition[] = [];
	for (const { dir, scope } of agentFolders(places)) {
		for (const entry of listFolder(dir, problems)) {
			if (entry.startsWith(".") || !entry.endsWith(".md")) continue;
			const agent = readAgent(join(dir, entry), scope, places.projectTrusted, problems);
			if (agent) found.push(agent);
		}
	}
	return { agents: firstOfEachName(found, "agent", problems), problems };
}

function readAgent(
	file: string,
	scope: AgentDefinition["scope"],
	projectTrusted: boolean,
	problems: string[],
): AgentDefinition | undefined {
	const read = readReported(file, problems, "an agent");
	if (!read) return undefined;
	const where = (key: string) => `${displayPath(file)}:${lineOfKey(read.text, key)}`;
	const name = read.data.name === undefined ? basename(file, ".md") : textField(read.data.name);
	if (name === undefined || !AGENT_NAME.test(name)) {
		problems.push(
			`${where("name")}: invalid agent name ${JSON.stringify(read.data.name)}; use lower-case letters, digits and hyphens (e.g. code-reviewer)`,
		);
		return undefined;
	}
	const description = typeof read.data.description === "string" ? read.data.description.trim() : "";
	if (description === "") {
		problems.push(
			`${where("description")}: "description" is required: say what the agent is for and when to use it`,
		);
		return undefined;
	}
	const systemPrompt = read.body.trim();
	if (systemPrompt === "") {
		problems.push(
			`${displayPath(file)}: no system prompt: write the agent's instructions after the frontmatter`,
		);
		return undefined;
	}
	const tools = toolList(read.data.tools);
	if (tools === null) {
		problems.push(
			`${where("tools")}: "tools" must be a comma-separated list of tool names (e.g. read, grep)`,
		);
		return undefined;
	}
	let model = textField(read.data.model);
	if (model === "inherit") model = undefined;
	if (model !== undefined && CLAUDE_MODELS.has(model)) {
		problems.push(
			`${where("model")}: "${model}" is a Claude Code alias; the agent runs on the session's model (name a model as provider/model to choose one)`,
		);
		model = undefined;
	}
	if (model !== undefined && scope === "project" && !projectTrusted) {
		problems.push(
			`${where("model")}: model "${model}" held back: this folder is not trusted (run "weft trust"); the agent runs on the session's model`,
		);
		model = undefined;
	}
	return { name, description, tools, model, systemPrompt, file, scope };
}

/** The `tools` field as weft's tool names; undefined when absent, null when it is not a list of names. */
function toolList(value: unknown): string[] | undefined | null {
	if (value === undefined) return undefined;
	const items = typeof value === "string" ? value.split(",") : Array.isArray(value) ? value : null;
	if (!items || items.some((item) => typeof item !== "string")) return null;
	const names = (items as string[]).map((item) => item.trim()).filter((item) => item !== "");
	return [...new Set(names.map((n) => CLAUDE_TOOLS[n.toLowerCase()] ?? n.toLowerCase()))];
}
