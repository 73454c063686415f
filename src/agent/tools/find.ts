/** The `find` tool: files matching a glob, skipping .git, node_modules and anything .gitignore'd. */
import { stat } from "node:fs/promises";
import { join } from "node:path";
import type { ToolContext, ToolDefinition, ToolResult } from "../../kernel/tool.js";
import { displayPath, errorCode, resolveToolPath } from "./paths.js";

const DEFAULT_LIMIT = 1000;

interface FindArgs {
	pattern: string;
	path?: string;
	limit?: number;
}

export interface FindDetails {
	/** Files that matched, before the limit. */
	total: number;
	truncated: boolean;
}

export function createFindTool(): ToolDefinition {
	return {
		name: "find",
		label: "Find",
		description:
			"Find files by glob pattern, e.g. '**/*.ts' or 'src/**/test_*.py'. A pattern without '/' matches file names " +
			"at any depth ('*.md'). Hidden files are included; .gitignore'd files, .git and node_modules are skipped. " +
			`Returns sorted paths, at most limit (default ${DEFAULT_LIMIT}).`,
		parameters: {
			type: "object",
			properties: {
				pattern: { type: "string", description: "Glob pattern, relative to path." },
				path: { type: "string", description: "Directory to search. Default: the working directory." },
				limit: {
					type: "integer",
					minimum: 1,
					description: `Maximum paths to return (default ${DEFAULT_LIMIT}).`,
				},
			},
			required: ["pattern"],
			additionalProperties: false,
		},
		execute: (args, ctx) => findTool(args as unknown as FindArgs, ctx),
	};
}

async function findTool(args: FindArgs, ctx: ToolContext): Promise<ToolResult> {
	const root = resolveToolPath(args.path ?? ".", ctx.cwd);
	const shownRoot = displayPath(root, ctx.cwd);
	await requireDirectory(root, shownRoot);
	const limit = args.limit ?? DEFAULT_LIMIT;
	const pattern = args.pattern.includes("/") ? args.pattern : `**/${args.pattern}`;

	// Globbing and .gitignore parsing are loaded on first use: most runs never call find.
	const [{ glob }, { ALWAYS_SKIPPED, loadGitignores }] = await Promise.all([
		import("tinyglobby"),
		import("./gitignore.js"),
	]);
	const [found, gitignore] = await Promise.all([
		glob(pattern, { cwd: root, dot: true, onlyFiles: true, ignore: ALWAYS_SKIPPED, signal: ctx.signal }),
		loadGitignores(root, ctx.signal),
	]);
	const paths = found
		.map((relativePath) => join(root, relativePath))
		.filter((path) => !gitignore.ignores(path))
		.map((path) => displayPath(path, ctx.cwd))
		.sort();

	const details: FindDetails = { total: paths.length, truncated: paths.length > limit };
	if (paths.length === 0) {
		const where = shownRoot === "." ? "the working directory" : shownRoot;
		return { content: `No files match ${args.pattern} in ${where}.`, details };
	}
	const shown = paths.slice(0, limit);
	if (details.truncated) {
		shown.push(`\n[showing ${limit} of ${paths.length} files; narrow the pattern or path, or raise limit]`);
	}
	return { content: shown.join("\n"), details };
}

async function requireDirectory(path: string, shown: string): Promise<void> {
	try {
		if (!(await stat(path)).isDirectory())
			throw new Error(`${shown} is a file, not a directory; give a directory.`);
	} catch (error) {
		if (errorCode(error) === "ENOENT") throw new Error(`Directory not found: ${shown}.`);
		throw error;
	}
}
