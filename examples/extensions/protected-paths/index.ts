/**
 * protected-paths — keeps the agent's write and edit tools away from files
 * it should never change: `.env` files, `.git/`, `node_modules/`, and any
 * paths you name with `--protect`.
 *
 * Shows: a `tool_call` gate reading the call's arguments, a string flag
 * (`registerFlag` / `getFlag`), and a reason the model can act on.
 *
 * Try:  weft -e examples/extensions/protected-paths --protect "dist,secrets/" -p "put API_KEY=x in .env"
 */
import { isAbsolute, relative, resolve } from "node:path";
import type { ExtensionAPI } from "weft";

/**
 * A rule is a name (globs with `*` allowed) protecting every file or folder
 * of that name anywhere in the tree, or a path with a "/" inside protecting
 * that path from the project root (a trailing "/" is only for the reader).
 */
const ALWAYS = [".env", ".env.*", ".git/", "node_modules/"];

const WRITING_TOOLS = new Set(["write", "edit"]);

/** The rule that protects `path` (relative to the project, or absolute outside it), if any. */
export function protectingRule(path: string, rules: readonly string[]): string | undefined {
	const parts = segments(path);
	return rules.find((rule) => {
		const ruleParts = segments(rule);
		if (ruleParts.length === 1) return parts.some((part) => matches(part, ruleParts[0]));
		return ruleParts.every((part, i) => i < parts.length && matches(parts[i], part));
	});
}

function segments(path: string): string[] {
	return path.split(/[\\/]+/).filter((part) => part !== "" && part !== ".");
}

function matches(name: string, pattern: string): boolean {
	if (!pattern.includes("*")) return name === pattern;
	const regex = pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*");
	return new RegExp(`^${regex}$`).test(name);
}

export default function protectedPaths(weft: ExtensionAPI) {
	weft.registerFlag("protect", {
		description: 'More protected names or paths, comma-separated (e.g. "dist,config/prod.json")',
		type: "string",
		default: "",
	});

	weft.on("tool_call", (event, ctx) => {
		if (!WRITING_TOOLS.has(event.name) || typeof event.args.path !== "string") return;
		const extra = String(weft.getFlag("protect") ?? "")
			.split(",")
			.map((rule) => rule.trim())
			.filter(Boolean);
		const full = resolve(ctx.cwd, event.args.path);
		const inProject = relative(ctx.cwd, full);
		// "src/../.env" counts as ".env"; outside the project only name rules can match, on the absolute path.
		const path = inProject.startsWith("..") || isAbsolute(inProject) ? full : inProject;
		const rule = protectingRule(path, [...ALWAYS, ...extra]);
		if (!rule) return;
		return {
			block: true,
			reason: `${event.args.path} is protected (rule "${rule}"); do not change it — tell the user what to change instead`,
		};
	});
}
