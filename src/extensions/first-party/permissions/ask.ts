/**
 * The question put to the user when a call needs asking: yes once; yes for
 * the rest of this session (an allow rule kept in memory, shown by
 * `/permissions`); yes always (that rule also saved to the user's settings
 * file); or no. ACP editors answer through their own permission prompt
 * (allow or reject), so there it is a confirm; everywhere else a select,
 * which the terminal UI draws and RPC forwards to its client.
 */
import { isAbsolute, relative, sep } from "node:path";
import { resolveToolPath } from "../../../agent/tools/paths.js";
import { displayPath } from "../../../base/paths.js";
import type { ExtensionContext } from "../../types.js";
import type { Decision } from "./decide.js";
import { splitCommands, type ToolCall } from "./match.js";
import { parseRule, type Rule } from "./rules.js";

export interface Answer {
	verdict: "allow" | "deny";
	/** With "yes, this session" or "yes, always": the allow rule to add. */
	always?: Rule;
	/** "Yes, always": save `always` to the user's settings file too. */
	remember?: boolean;
}

export async function askUser(
	ctx: ExtensionContext,
	call: ToolCall & { source: string },
	decision: Decision,
	places: { cwd: string; settingsFile: string },
): Promise<Answer> {
	const who = call.source === "subagent" ? " (from a sub-agent)" : "";
	const title = `Allow ${call.name}${who}: ${describe(call)}?`;
	if (ctx.mode === "acp") {
		return { verdict: (await ctx.ui.confirm(title, decision.reason)) ? "allow" : "deny" };
	}
	// An ask rule asks every time, so "always" is offered only when the mode asked.
	const always = decision.rule ? undefined : alwaysRule(call, places.cwd);
	const items = [{ value: "once", label: "Yes" }];
	if (always) {
		items.push({ value: "session", label: `Yes, and allow ${always.text} for this session` });
		if (savable(always)) {
			const where = displayPath(places.settingsFile);
			items.push({ value: "remember", label: `Yes, and always allow ${always.text} (saved in ${where})` });
		}
	}
	items.push({ value: "deny", label: "No (the model is told you declined)" });
	const choice = await ctx.ui.select(title, items);
	if (choice === "once") return { verdict: "allow" };
	if (choice === "session" && always) return { verdict: "allow", always };
	if (choice === "remember" && always) return { verdict: "allow", always, remember: true };
	return { verdict: "deny" };
}

/** Whether the rule's text, read back from settings, means exactly this rule (no glob characters in a name). */
function savable(rule: Rule): boolean {
	if (/[*?[\]\\!#]/.test(rule.text.replace(/:\*\)$/, ")"))) return false;
	return !("problem" in parseRule(rule.text, "allow", "user"));
}

function describe(call: ToolCall): string {
	const { command, path } = call.args;
	if (typeof command === "string") return command;
	if (typeof path === "string") return path;
	const text = JSON.stringify(call.args);
	return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}

/**
 * The allow rule "always" adds, narrow enough to mean what the user saw:
 * a single command's first word or two as a prefix (`npm test:*`), the one
 * file edited, or the whole tool for anything else. A line of several
 * commands, or one that builds commands at run time, gets no "always".
 */
export function alwaysRule(call: ToolCall, cwd: string): Rule | undefined {
	const base = { kind: "allow" as const, scope: "user" as const };
	const { command, path } = call.args;
	if (call.name === "bash") {
		if (typeof command !== "string") return undefined;
		const { commands, opaque } = splitCommands(command);
		if (opaque || commands.length !== 1) return undefined;
		const words = (commands[0] as string).split(/\s+/);
		const prefix =
			words[1] && /^[\w.:/@-]+$/.test(words[1]) && !words[1].startsWith("-")
				? `${words[0]} ${words[1]}`
				: words[0];
		const pattern = new RegExp(`^${escapeRegExp(prefix as string)}(?:\\s.*)?$`, "s");
		return { ...base, text: `Bash(${prefix}:*)`, tools: ["bash"], specifier: { type: "command", pattern } };
	}
	if ((call.name === "edit" || call.name === "write") && typeof path === "string") {
		const absolute = resolveToolPath(path, cwd);
		const rel = relative(cwd, absolute);
		const inside = rel !== "" && rel !== ".." && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
		const shown = inside ? `./${rel.split(sep).join("/")}` : absolute;
		const glob = `/${escapeGlob(inside ? rel.split(sep).join("/") : absolute.replace(/^\/+/, ""))}`;
		const specifier = {
			type: "path" as const,
			glob,
			base: inside ? ("project" as const) : ("root" as const),
		};
		return { ...base, text: `Edit(${shown})`, tools: ["edit", "write"], specifier };
	}
	return { ...base, text: call.name, tools: [call.name], specifier: { type: "any" } };
}

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Glob characters in a real file name, made literal for the gitignore matcher. */
function escapeGlob(text: string): string {
	return text.replace(/[*?[\]\\!#]/g, "\\$&");
}
