/** The `find` tool: files matching a glob, skipping .git, node_modules and anything .gitignore'd. */
import { stat } from "node:fs/promises";
import { isAbsolute, join } from "node:path";
import { errorMessage } from "../../base/error-message.js";
import type { ToolBackend, ToolContext, ToolDefinition, ToolResult } from "../../kernel/tool.js";
import { displayPath, errorCode, resolveToolPath } from "./paths.js";

const DEFAULT_LIMIT = 1000;

interface FindArgs {
	pattern: string;
	path?: string;
	limit?: number;
}

export interface FindDetails {
	/** Files that matched, before the limit (through a tool backend, at most limit + 1). */
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
	const limit = args.limit ?? DEFAULT_LIMIT;
	const pattern = args.pattern.includes("/") ? args.pattern : `**/${args.pattern}`;
	const found = ctx.backend?.glob
		? await globThroughBackend(ctx.backend.glob, pattern, root, shownRoot, limit, ctx.signal)
		: await globHere(pattern, root, shownRoot, ctx.signal);
	const paths = found.map((path) => displayPath(path, ctx.cwd)).sort();

	const details: FindDetails = { total: paths.length, truncated: paths.length > limit };
	if (paths.length === 0) {
		const where = shownRoot === "." ? "the working directory" : shownRoot;
		return { content: `No files match ${args.pattern} in ${where}.`, details };
	}
	const shown = paths.slice(0, limit);
	if (details.truncated) {
		// A backend is asked for one match past the limit only: how many more there are is not known.
		const count = ctx.backend?.glob ? `the first ${limit}` : `${limit} of ${paths.length}`;
		shown.push(`\n[showing ${count} files; narrow the pattern or path, or raise limit]`);
	}
	return { content: shown.join("\n"), details };
}

/** Absolute paths under `root` matching `pattern`, without what .gitignore files leave out. */
async function globHere(
	pattern: string,
	root: string,
	shownRoot: string,
	signal: AbortSignal,
): Promise<string[]> {
	await requireDirectory(root, shownRoot);
	// Globbing and .gitignore parsing are loaded on first use: most runs never call find.
	const [{ glob }, { ALWAYS_SKIPPED, loadGitignores }] = await Promise.all([
		import("tinyglobby"),
		import("./gitignore.js"),
	]);
	const [found, gitignore] = await Promise.all([
		glob(pattern, { cwd: root, dot: true, onlyFiles: true, ignore: ALWAYS_SKIPPED, signal }),
		loadGitignores(root, signal),
	]);
	return found.map((relativePath) => join(root, relativePath)).filter((path) => !gitignore.ignores(path));
}

/**
 * A tool backend's matches (ToolContext.backend), as absolute paths. It is
 * asked for one more than the limit, so the result can say it was cut; .git
 * and node_modules are passed as `ignore`, .gitignore files are its business.
 */
async function globThroughBackend(
	glob: NonNullable<ToolBackend["glob"]>,
	pattern: string,
	root: string,
	shownRoot: string,
	limit: number,
	signal: AbortSignal,
): Promise<string[]> {
	try {
		const found = await glob(pattern, root, {
			ignore: ["**/.git/**", "**/node_modules/**"],
			limit: limit + 1,
			signal,
		});
		return found.map((path) => (isAbsolute(path) ? path : join(root, path)));
	} catch (error) {
		if (errorCode(error) === "ENOENT") throw new Error(`Directory not found: ${shownRoot}.`);
		throw new Error(`Could not search ${shownRoot} through the tool backend: ${errorMessage(error)}`);
	}
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
