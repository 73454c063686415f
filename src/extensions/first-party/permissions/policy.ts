/**
 * The permission policy: `permissions` from the global settings file and
 * the project's, checked and merged. Rules of both files add up; the
 * project's `defaultMode` replaces the user's. In a folder that is not
 * trusted the project may only tighten: its `deny` and `ask` rules count,
 * its `allow` rules and a looser `defaultMode` are held back and named in
 * one warning. Mistakes are reported as `file:line:col: key: what`, and the
 * rule is left out (it matches nothing) rather than stopping weft.
 */
import { resolve } from "node:path";
import {
	formatJsonPath,
	type JsoncDocument,
	type JsonPath,
	parseJsoncDocument,
	SettingsError,
} from "../../../base/jsonc.js";
import { globalSettingsPath, projectSettingsPath } from "../../../base/paths.js";
import { readTextIfExists } from "../../../base/read-text.js";
import { parseRule, type Rule, type RuleKind } from "./rules.js";

export type PermissionMode = "default" | "acceptEdits" | "plan" | "bypassPermissions";

/** Loosest first: an untrusted project may move the mode only to the right. */
export const MODES: readonly PermissionMode[] = ["bypassPermissions", "acceptEdits", "default", "plan"];

export interface Policy {
	rules: Rule[];
	mode: PermissionMode;
	/** Whether any settings file has a `permissions` key (without one the extension stays out of the way). */
	configured: boolean;
	/** Mistakes in the settings, one line each. */
	problems: string[];
	/** What an untrusted project asked for and did not get, one line (or none). */
	heldBack: string[];
}

const KINDS: readonly RuleKind[] = ["allow", "ask", "deny"];
const KEYS = [...KINDS, "defaultMode"];

export function loadPolicy(options: { cwd: string; home: string; projectTrusted: boolean }): Policy {
	const policy: Policy = { rules: [], mode: "default", configured: false, problems: [], heldBack: [] };
	const userFile = resolve(globalSettingsPath(options.home));
	const projectFile = resolve(projectSettingsPath(options.cwd));
	for (const file of [...new Set([userFile, projectFile])]) {
		const scope = file === userFile ? "user" : "project";
		readFile(file, scope, scope === "project" && !options.projectTrusted, policy);
	}
	return policy;
}

function readFile(file: string, scope: Rule["scope"], untrusted: boolean, policy: Policy): void {
	let doc: JsoncDocument;
	try {
		const text = readTextIfExists(file);
		if (text === undefined || text.trim() === "") return;
		doc = parseJsoncDocument(text, file);
	} catch (error) {
		// The settings loader has already stopped weft over an unreadable file; this is only a fallback.
		policy.problems.push((error as Error).message);
		return;
	}
	const root = doc.value as Record<string, unknown> | null;
	if (!root || typeof root !== "object" || !Object.hasOwn(root, "permissions")) return;
	policy.configured = true;
	const problem = (path: JsonPath, detail: string, at: "key" | "value" = "value") => {
		const position = at === "key" ? doc.keyPositionOf(path) : doc.positionOf(path);
		policy.problems.push(new SettingsError(file, detail, position, formatJsonPath(path)).message);
	};
	const permissions = root.permissions;
	if (!permissions || typeof permissions !== "object" || Array.isArray(permissions)) {
		problem(
			["permissions"],
			'must be an object like { "allow": [], "ask": [], "deny": [], "defaultMode": "default" }',
		);
		return;
	}
	const section = permissions as Record<string, unknown>;
	const held: string[] = [];
	for (const key of Object.keys(section)) {
		if (!KEYS.includes(key))
			problem(["permissions", key], `is not used by weft; known keys: ${KEYS.join(", ")}`, "key");
	}
	for (const kind of KINDS) {
		const list = section[kind];
		if (list === undefined) continue;
		if (!Array.isArray(list)) {
			problem(["permissions", kind], 'must be a list of rules, e.g. ["Bash(npm test:*)", "Read(./src/**)"]');
			continue;
		}
		if (untrusted && kind === "allow") {
			if (list.length > 0)
				held.push(`permissions.allow (${list.length} rule${list.length === 1 ? "" : "s"})`);
			continue;
		}
		for (const [index, text] of list.entries()) {
			const path = ["permissions", kind, index];
			if (typeof text !== "string") {
				problem(path, `must be a rule in a string, not ${JSON.stringify(text)}`);
				continue;
			}
			const rule = parseRule(text, kind, scope);
			if ("problem" in rule) problem(path, `"${text}" ${rule.problem}`);
			else policy.rules.push(rule);
		}
	}
	const mode = section.defaultMode;
	if (mode !== undefined) {
		if (typeof mode !== "string" || !MODES.includes(mode as PermissionMode)) {
			problem(["permissions", "defaultMode"], `must be one of ${MODES.map((m) => `"${m}"`).join(", ")}`);
		} else if (untrusted && MODES.indexOf(mode as PermissionMode) < MODES.indexOf(policy.mode)) {
			held.push(`permissions.defaultMode "${mode}"`);
		} else {
			policy.mode = mode as PermissionMode;
		}
	}
	if (held.length > 0) {
		const them = held.length === 1 ? "it" : "them";
		policy.heldBack.push(
			`.weft/settings.json: ignored ${held.join(" and ")} (this folder is not trusted, and a project may only tighten your permissions; run "weft trust" to allow ${them})`,
		);
	}
}
