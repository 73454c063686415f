/**
 * One decision: may this tool call run, must the user be asked, or is it
 * refused? Deny rules win over ask rules, ask over allow; a call no rule
 * matches is left to the mode. The reason is what the model reads when a
 * call is refused, so it says what to do differently.
 */
import { allCovered, matchesAny, type ToolCall } from "./match.js";
import type { PermissionMode } from "./policy.js";
import { FILE_EDIT_TOOLS, parseRule, READ_ONLY_TOOLS, type Rule } from "./rules.js";

export type Verdict = "allow" | "ask" | "deny";

export interface Decision {
	verdict: Verdict;
	/** Why, in words the model and the user can act on. */
	reason: string;
	/** The rule that decided, when one did. */
	rule?: Rule;
}

/** `acceptEdits` lets edits run inside the project; one outside it is still asked about. */
const EDITS_IN_PROJECT = parseRule("Edit(./**)", "allow", "user") as Rule;

export function decide(call: ToolCall, rules: readonly Rule[], mode: PermissionMode, cwd: string): Decision {
	const of = (kind: Rule["kind"]) => rules.filter((rule) => rule.kind === kind);
	const denied = of("deny").find((rule) => matchesAny(rule, call, cwd));
	if (denied) {
		return {
			verdict: "deny",
			rule: denied,
			reason: `denied by the permission rule "${denied.text}" (${where(denied)})`,
		};
	}
	const editing = FILE_EDIT_TOOLS.includes(call.name);
	if (mode === "plan" && editing) {
		return {
			verdict: "deny",
			reason:
				"weft is in plan mode: files are not changed. Present the plan instead; the user leaves plan mode with /permissions",
		};
	}
	if (mode !== "bypassPermissions") {
		const asked = of("ask").find((rule) => matchesAny(rule, call, cwd));
		if (asked)
			return { verdict: "ask", rule: asked, reason: `the permission rule "${asked.text}" asks first` };
	}
	const allowRules = of("allow");
	if (allCovered(allowRules, call, cwd)) {
		const rule = allowRules.find((r) => allCovered([r], call, cwd));
		return {
			verdict: "allow",
			rule,
			reason: rule ? `allowed by "${rule.text}"` : "allowed by the allow rules",
		};
	}
	return byMode(call, mode, editing, cwd);
}

function byMode(call: ToolCall, mode: PermissionMode, editing: boolean, cwd: string): Decision {
	if (mode === "bypassPermissions") return { verdict: "allow", reason: "bypassPermissions mode" };
	if (READ_ONLY_TOOLS.includes(call.name))
		return { verdict: "allow", reason: `reads are allowed in ${mode} mode` };
	// A sub-agent's own tool calls are judged one by one (source "subagent"), as Claude Code runs Task unasked.
	if (call.name === "task")
		return { verdict: "allow", reason: "a task's own tool calls are judged as they come" };
	if (mode === "acceptEdits" && editing && allCovered([EDITS_IN_PROJECT], call, cwd)) {
		return { verdict: "allow", reason: "acceptEdits mode allows edits in the project" };
	}
	if (mode === "plan") {
		return {
			verdict: "deny",
			reason: `weft is in plan mode: only read-only tools (${READ_ONLY_TOOLS.join(", ")}) run. Present the plan instead; the user leaves plan mode with /permissions`,
		};
	}
	return { verdict: "ask", reason: `${mode} mode asks before ${call.name}` };
}

function where(rule: Rule): string {
	return rule.scope === "user" ? "your settings" : "the project's settings";
}
