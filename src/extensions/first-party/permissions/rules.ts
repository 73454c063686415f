/**
 * Permission rules in the syntax Claude Code users already write in their
 * settings: `Tool` or `Tool(specifier)`. Tool names are read without regard
 * to case, so weft's own lower-case names work as well as Claude Code's:
 *
 * - `Bash(npm test:*)` — a command starting with `npm test` (a word prefix);
 *   `Bash(git status)` — exactly that command; `*` anywhere is a wildcard.
 * - `Read(path)` covers read, grep, find and ls; `Edit(path)` covers edit and
 *   write; `Write(path)`, `Grep`, `Glob`/`Find`, `LS` name one tool each.
 *   The path is a gitignore-style glob: `./x` or `x` relative to the project,
 *   `~/x` to the home directory, `/x` or `//x` absolute.
 * - `WebFetch(domain:example.com)` — a `webfetch` tool's `url` on that host
 *   or a subdomain (weft ships no web tool; the rule waits for one).
 * - `mcp__server__tool` — that MCP tool; `mcp__server` or `mcp__server__*` —
 *   every tool of that server.
 * - Any other name matches the tool of that name (an extension's tool), with
 *   no specifier.
 */

export type RuleKind = "allow" | "ask" | "deny";

export type Specifier =
	| { type: "any" }
	| { type: "command"; pattern: RegExp }
	| { type: "path"; glob: string; base: "project" | "home" | "root" }
	| { type: "domain"; domain: string }
	| { type: "prefix"; prefix: string };

export interface Rule {
	/** As written in settings, for messages. */
	text: string;
	kind: RuleKind;
	/** The tool names (weft's) the rule can match; a "prefix" specifier matches names instead. */
	tools: readonly string[];
	specifier: Specifier;
	/** Where it came from ("user" settings or the "project"'s). */
	scope: "user" | "project";
}

const READ_TOOLS = ["read", "grep", "find", "ls"];
const EDIT_TOOLS = ["edit", "write"];
const WEB_FETCH = ["webfetch"];

/** Names with a meaning of their own: which tools they cover, and which specifier they take. */
const FAMILIES: Record<string, { tools: readonly string[]; takes?: "command" | "path" | "domain" }> = {
	bash: { tools: ["bash"], takes: "command" },
	read: { tools: READ_TOOLS, takes: "path" },
	edit: { tools: EDIT_TOOLS, takes: "path" },
	write: { tools: ["write"], takes: "path" },
	multiedit: { tools: EDIT_TOOLS, takes: "path" },
	grep: { tools: ["grep"], takes: "path" },
	glob: { tools: ["find"], takes: "path" },
	find: { tools: ["find"], takes: "path" },
	ls: { tools: ["ls"], takes: "path" },
	webfetch: { tools: WEB_FETCH, takes: "domain" },
};

const RULE = /^([A-Za-z_][\w-]*(?:__\*)?)(?:\((.*)\))?$/s;

/** The rule, or why it is not one (said so that it can follow the rule in quotes). */
export function parseRule(text: string, kind: RuleKind, scope: Rule["scope"]): Rule | { problem: string } {
	const match = RULE.exec(text.trim());
	if (!match) {
		return {
			problem: 'is not a rule; write Tool or Tool(specifier), e.g. "Bash(npm test:*)" or "Read(./src/**)"',
		};
	}
	const name = match[1] as string;
	const spec = match[2];
	if (spec !== undefined && spec.trim() === "") {
		return { problem: `has empty parentheses; write "${name}" to match every ${name} call` };
	}
	const base = { text, kind, scope };
	if (name.startsWith("mcp__")) {
		if (spec !== undefined) return { problem: "names an MCP tool, which takes no specifier" };
		const parts = name.split("__");
		if (parts.length === 2 || (parts.length === 3 && parts[2] === "*")) {
			return { ...base, tools: [], specifier: { type: "prefix", prefix: `mcp__${parts[1]}__` } };
		}
		return { ...base, tools: [name], specifier: { type: "any" } };
	}
	const family = Object.hasOwn(FAMILIES, name.toLowerCase()) ? FAMILIES[name.toLowerCase()] : undefined;
	if (!family) {
		if (spec !== undefined) {
			return { problem: `gives "${name}" a specifier; only Bash, Read, Edit, Write and WebFetch take one` };
		}
		return { ...base, tools: [name], specifier: { type: "any" } };
	}
	if (spec === undefined) return { ...base, tools: family.tools, specifier: { type: "any" } };
	const specifier = parseSpecifier(family.takes, spec.trim());
	if ("problem" in specifier) return specifier;
	return { ...base, tools: family.tools, specifier };
}

function parseSpecifier(
	takes: "command" | "path" | "domain" | undefined,
	spec: string,
): Specifier | { problem: string } {
	if (takes === "command") return { type: "command", pattern: commandPattern(spec) };
	if (takes === "domain") {
		const domain = /^domain:([\w.-]+)$/.exec(spec)?.[1];
		if (!domain) return { problem: 'needs "domain:<host>", e.g. "WebFetch(domain:example.com)"' };
		return { type: "domain", domain: domain.toLowerCase() };
	}
	return pathSpecifier(spec);
}

/**
 * `prefix:*` matches the prefix alone or followed by a space and anything
 * (so `npm test:*` does not match `npm testing`); any other `*` matches any
 * run of characters; the rest is literal.
 */
function commandPattern(spec: string): RegExp {
	const prefix = spec.endsWith(":*") ? spec.slice(0, -2).trimEnd() : undefined;
	const literal = (s: string) => s.split("*").map(escapeRegExp).join(".*");
	if (prefix !== undefined) return new RegExp(`^${literal(prefix)}(?:\\s.*)?$`, "s");
	return new RegExp(`^${literal(spec)}$`, "s");
}

/**
 * Globs are stored in gitignore form relative to their base: `./x`, `~/x`
 * and `/x` are anchored there (a leading "/"); a bare `x` keeps gitignore's
 * meaning (without a slash inside, it matches at any depth in the project).
 */
function pathSpecifier(spec: string): Specifier | { problem: string } {
	if (spec.startsWith("~/")) return { type: "path", glob: anchored(spec.slice(2)), base: "home" };
	if (spec.startsWith("/")) return { type: "path", glob: anchored(spec.replace(/^\/+/, "")), base: "root" };
	if (spec === ".." || spec.startsWith("../")) {
		return { problem: 'climbs out of the project; write an absolute path ("/…") or one from home ("~/…")' };
	}
	if (spec === "." || spec === "./") return { type: "path", glob: "/**", base: "project" };
	const glob = spec.startsWith("./") ? anchored(spec.slice(2)) : spec;
	return { type: "path", glob, base: "project" };
}

function anchored(glob: string): string {
	return glob === "" ? "/**" : `/${glob}`;
}

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The tools only looked at, never changed: the ones `default` and `plan` modes let run. */
export const READ_ONLY_TOOLS: readonly string[] = READ_TOOLS;
/** The tools that change files: the ones `acceptEdits` lets run and `plan` never does. */
export const FILE_EDIT_TOOLS: readonly string[] = EDIT_TOOLS;
