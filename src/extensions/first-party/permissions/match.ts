/**
 * Whether a rule matches a tool call. A call is cut into the things rules
 * judge (its subjects): each command of a shell line, each path it touches
 * (as written and, when it exists, with symlinks resolved), a URL's host.
 * A deny or ask rule matches when it matches any subject; an allow rule
 * must cover every subject, so `Bash(npm test:*)` does not let
 * `npm test && rm -rf ~` through, nor `Read(./docs/**)` a symlink out of
 * docs/.
 */
import { realpathSync } from "node:fs";
import { homedir } from "node:os";
import { isAbsolute, relative, sep } from "node:path";
import ignore, { type Ignore } from "ignore";
import { resolveToolPath } from "../../../agent/tools/paths.js";
import type { Rule } from "./rules.js";

export interface ToolCall {
	name: string;
	args: Record<string, unknown>;
}

type Subjects =
	| { type: "none" }
	/** `opaque`: the line runs commands of its own making (`$(…)`, backticks), which no command rule can vouch for. */
	| { type: "commands"; commands: string[]; opaque: boolean }
	| { type: "paths"; paths: string[] }
	| { type: "hosts"; hosts: string[] };

/** Whether the rule names this tool at all. */
export function namesTool(rule: Rule, name: string): boolean {
	if (rule.specifier.type === "prefix") return name.startsWith(rule.specifier.prefix);
	const lower = name.toLowerCase();
	return rule.tools.some((tool) => tool.toLowerCase() === lower);
}

/** For deny and ask rules: does the rule catch any part of the call? */
export function matchesAny(rule: Rule, call: ToolCall, cwd: string): boolean {
	if (!namesTool(rule, call.name)) return false;
	const test = subjectTest(rule, cwd);
	if (!test) return true;
	const subjects = subjectsOf(call, cwd);
	const items = itemsOf(subjects);
	if (subjects.type === "commands") {
		const line = String(call.args.command ?? "");
		// The whole line too, so a deny written with an operator in it still bites; and what
		// `$(…)` or backticks would run, so a denied command cannot hide inside one.
		items.push(line);
		if (subjects.opaque) items.push(...splitCommands(line.replace(/\$\(|[<>]\(|[`()]/g, ";")).commands);
	}
	return items.some(test);
}

/** For allow rules: is every part of the call covered by one of `rules`? */
export function allCovered(rules: readonly Rule[], call: ToolCall, cwd: string): boolean {
	const named = rules.filter((rule) => namesTool(rule, call.name));
	if (named.length === 0) return false;
	if (named.some((rule) => subjectTest(rule, cwd) === undefined)) return true;
	const subjects = subjectsOf(call, cwd);
	if (subjects.type === "none") return false;
	if (subjects.type === "commands" && subjects.opaque) return false;
	const tests = named.map((rule) => subjectTest(rule, cwd)).filter((t) => t !== undefined);
	const items = itemsOf(subjects);
	return items.length > 0 && items.every((item) => tests.some((test) => test(item)));
}

function itemsOf(subjects: Subjects): string[] {
	if (subjects.type === "commands") return [...subjects.commands];
	if (subjects.type === "paths") return [...subjects.paths];
	if (subjects.type === "hosts") return [...subjects.hosts];
	return [];
}

/** What the call is about, by the argument weft's tools use for it. */
function subjectsOf(call: ToolCall, cwd: string): Subjects {
	const { command, path, url } = call.args;
	if (typeof command === "string") return { type: "commands", ...splitCommands(command) };
	if (typeof url === "string") {
		try {
			return { type: "hosts", hosts: [new URL(url).hostname.toLowerCase()] };
		} catch {
			return { type: "none" };
		}
	}
	if (typeof path === "string" || path === undefined) {
		const absolute = resolveToolPath(typeof path === "string" && path !== "" ? path : ".", cwd);
		const real = realpathOrUndefined(absolute);
		return { type: "paths", paths: real && real !== absolute ? [absolute, real] : [absolute] };
	}
	return { type: "none" };
}

/** A test of one subject, or undefined when the rule has no specifier (it matches the whole tool). */
function subjectTest(rule: Rule, cwd: string): ((subject: string) => boolean) | undefined {
	const spec = rule.specifier;
	if (spec.type === "any" || spec.type === "prefix") return undefined;
	if (spec.type === "command") return (command) => spec.pattern.test(command.trim());
	if (spec.type === "domain") return (host) => host === spec.domain || host.endsWith(`.${spec.domain}`);
	const base = spec.base === "project" ? cwd : spec.base === "home" ? homedir() : "/";
	const matcher = compiled(spec.glob);
	return (path) => {
		const rel = relative(base, path);
		if (rel === "") return spec.glob === "/**";
		if (rel === ".." || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return false;
		return matcher.ignores(sep === "/" ? rel : rel.split(sep).join("/"));
	};
}

const matchers = new Map<string, Ignore>();
function compiled(glob: string): Ignore {
	let matcher = matchers.get(glob);
	if (!matcher) {
		matcher = ignore().add(glob);
		matchers.set(glob, matcher);
	}
	return matcher;
}

function realpathOrUndefined(path: string): string | undefined {
	try {
		return realpathSync(path);
	} catch {
		return undefined;
	}
}

/**
 * The commands of a shell line: cut at `;`, `&`, `|`, `&&`, `||` and line
 * ends outside quotes. Good enough to judge prefixes, not a shell parser,
 * so anything that makes commands at run time is reported as opaque.
 */
export function splitCommands(line: string): { commands: string[]; opaque: boolean } {
	const commands: string[] = [];
	let current = "";
	let quote: "'" | '"' | undefined;
	let opaque = false;
	for (let i = 0; i < line.length; i++) {
		const c = line[i] as string;
		if (quote) {
			if (c === quote) quote = undefined;
			else if (quote === '"' && (c === "`" || (c === "$" && line[i + 1] === "("))) opaque = true;
			else if (quote === '"' && c === "\\") {
				current += c + (line[i + 1] ?? "");
				i++;
				continue;
			}
			current += c;
			continue;
		}
		if (c === "'" || c === '"') quote = c;
		else if (c === "\\") {
			current += c + (line[i + 1] ?? "");
			i++;
			continue;
		} else if (
			c === "`" ||
			(c === "$" && line[i + 1] === "(") ||
			((c === "<" || c === ">") && line[i + 1] === "(")
		) {
			opaque = true;
		} else if (c === "&" && (line[i - 1] === ">" || line[i + 1] === ">")) {
			// A redirection (`2>&1`, `&>file`), not a command separator.
		} else if (c === ";" || c === "&" || c === "|" || c === "\n") {
			if (current.trim() !== "") commands.push(current.trim());
			current = "";
			continue;
		}
		current += c;
	}
	if (current.trim() !== "") commands.push(current.trim());
	return { commands, opaque: opaque || quote !== undefined };
}
