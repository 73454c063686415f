import { describe, expect, it } from "vitest";
import { parseRule, type Rule } from "./rules.js";

function rule(text: string): Rule {
	const parsed = parseRule(text, "allow", "user");
	if ("problem" in parsed) throw new Error(`${text}: ${parsed.problem}`);
	return parsed;
}

describe("parseRule", () => {
	it.each([
		["Bash", ["bash"], "any"],
		["bash", ["bash"], "any"],
		["Bash(npm test:*)", ["bash"], "command"],
		["Read", ["read", "grep", "find", "ls"], "any"],
		["read(./src/**)", ["read", "grep", "find", "ls"], "path"],
		["Edit", ["edit", "write"], "any"],
		["Write(./out.txt)", ["write"], "path"],
		["Glob", ["find"], "any"],
		["LS(~/notes/**)", ["ls"], "path"],
		["WebFetch(domain:example.com)", ["webfetch"], "domain"],
		["mcp__github__create_issue", ["mcp__github__create_issue"], "any"],
		["mcp__github", [], "prefix"],
		["mcp__github__*", [], "prefix"],
		["deploy_preview", ["deploy_preview"], "any"],
	])("%s covers %j with a %s specifier", (text, tools, type) => {
		const parsed = rule(text);
		expect(parsed.tools).toEqual(tools);
		expect(parsed.specifier.type).toBe(type);
		expect(parsed.text).toBe(text);
	});

	it.each([
		["./secrets/**", "project", "/secrets/**"],
		["secrets/**", "project", "secrets/**"],
		["*.env", "project", "*.env"],
		[".", "project", "/**"],
		["~/.ssh/**", "home", "/.ssh/**"],
		["/etc/**", "root", "/etc/**"],
		["//etc/hosts", "root", "/etc/hosts"],
	])("Read(%s) is the glob %s %s", (path, base, glob) => {
		expect(rule(`Read(${path})`).specifier).toEqual({ type: "path", base, glob });
	});

	it.each([
		["npm test:*", ["npm test", "npm test -- --watch", "npm  test"], ["npm testing", "npm tes", "pnpm test"]],
		["git status", ["git status", " git status "], ["git status -s", "git statuses"]],
		["git log *", ["git log --oneline", "git log x y"], ["git log", "git show"]],
		["ls", ["ls"], ["ls -la"]],
	])("Bash(%s) matches its commands", (spec, yes, no) => {
		const parsed = rule(`Bash(${spec})`);
		if (parsed.specifier.type !== "command") throw new Error("not a command rule");
		const { pattern } = parsed.specifier;
		for (const command of yes) expect(pattern.test(command.trim().replace(/\s+/g, " ")), command).toBe(true);
		for (const command of no) expect(pattern.test(command.trim()), command).toBe(false);
	});

	it.each([
		["Bash(", "is not a rule"],
		["Bash()", "has empty parentheses"],
		["Read(../up/**)", "climbs out of the project"],
		["WebFetch(example.com)", 'needs "domain:<host>"'],
		["mcp__github__x(y)", "takes no specifier"],
		["deploy(prod)", "only Bash, Read, Edit, Write and WebFetch take one"],
		["", "is not a rule"],
		["1tool", "is not a rule"],
	])("%s is refused: %s", (text, problem) => {
		const parsed = parseRule(text, "deny", "project");
		expect("problem" in parsed && parsed.problem).toContain(problem);
	});
});
