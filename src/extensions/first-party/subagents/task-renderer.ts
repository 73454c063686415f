/**
 * How a `task` call looks in the terminal: its title names the agent and
 * the description (not the whole prompt); while it runs, collapsed, the
 * sub-agent's current step (its latest line), then the first lines of its
 * answer; Ctrl+O shows every step or the whole answer.
 */
import type { ToolRenderer } from "../../../kernel/renderer.js";
import { GENERAL_PURPOSE } from "./task-tool.js";

const ANSWER_LINES = 3;

const cut = (line: string, width: number): string =>
	[...line].length <= width ? line : `${[...line].slice(0, Math.max(0, width - 1)).join("")}…`;

export const taskRenderer: ToolRenderer = {
	renderCall(args, { width }) {
		const agent = typeof args.agent === "string" && args.agent.trim() !== "" ? args.agent : GENERAL_PURPOSE;
		const description = typeof args.description === "string" ? args.description : "";
		return [cut(`Task ${agent}${description ? `: ${description}` : ""}`, width)];
	},
	renderResult(result, { width, expanded }) {
		const text = result.content.map((part) => (part.type === "text" ? part.text : "")).join("\n");
		const lines = text.split("\n").filter((line) => line.trim() !== "");
		if (expanded) return lines;
		if (result.partial) return lines.length === 0 ? [] : [cut(`… ${lines[lines.length - 1]}`, width)];
		const shown = lines.slice(0, ANSWER_LINES).map((line) => cut(line, width));
		const more = lines.length - shown.length;
		return more > 0 ? [...shown, `… ${more} more line${more === 1 ? "" : "s"} (ctrl+o to expand)`] : shown;
	},
};
