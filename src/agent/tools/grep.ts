/** The `grep` tool: ripgrep over files, respecting .gitignore, as `path:line: text` lines. */
import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import type { ToolContext, ToolDefinition, ToolResult } from "../../kernel/tool.js";
import { displayPath, errorCode, resolveToolPath } from "./paths.js";
import { findRipgrep, type RipgrepHit, searchWithRipgrep } from "./ripgrep.js";
import { cutLine } from "./truncate.js";

const DEFAULT_LIMIT = 100;
const MAX_LINE_CHARS = 500;
const MAX_OUTPUT_BYTES = 50 * 1024;

interface GrepArgs {
	pattern: string;
	path?: string;
	glob?: string;
	ignoreCase?: boolean;
	literal?: boolean;
	context?: number;
	limit?: number;
}

export interface GrepDetails {
	matches: number;
	/** Stopped at the match limit or the output size cap. */
	truncated: boolean;
}

export function createGrepTool(): ToolDefinition {
	return {
		name: "grep",
		label: "Grep",
		description:
			"Search file contents with a regular expression (ripgrep syntax). Respects .gitignore; includes hidden files. " +
			"Prints matches as path:line: text (context lines as path-line- text). Returns at most limit matches " +
			`(default ${DEFAULT_LIMIT}) and 50 KB; lines over ${MAX_LINE_CHARS} chars are cut.`,
		parameters: {
			type: "object",
			properties: {
				pattern: { type: "string", description: "Regular expression (or plain text with literal: true)." },
				path: { type: "string", description: "File or directory to search. Default: the working directory." },
				glob: {
					type: "string",
					description: "Only search files matching this glob, e.g. '*.ts' or 'src/**/*.md'.",
				},
				ignoreCase: { type: "boolean", description: "Case-insensitive search." },
				literal: { type: "boolean", description: "Treat pattern as plain text, not a regex." },
				context: {
					type: "integer",
					minimum: 0,
					description: "Lines of context before and after each match.",
				},
				limit: {
					type: "integer",
					minimum: 1,
					description: `Maximum matches to return (default ${DEFAULT_LIMIT}).`,
				},
			},
			required: ["pattern"],
			additionalProperties: false,
		},
		execute: (args, ctx) => grepTool(args as unknown as GrepArgs, ctx),
	};
}

async function grepTool(args: GrepArgs, ctx: ToolContext): Promise<ToolResult> {
	const target = resolveToolPath(args.path ?? ".", ctx.cwd);
	const shownTarget = displayPath(target, ctx.cwd);
	await requireExisting(target, shownTarget);
	const rg = await findRipgrep();
	const limit = args.limit ?? DEFAULT_LIMIT;
	const search = searchWithRipgrep(rg, ripgrepFlags(args, shownTarget), ctx.cwd, ctx.signal);

	const lines: string[] = [];
	let bytes = 0;
	let matches = 0;
	let stoppedBy: "limit" | "bytes" | undefined;
	let previous: { file: string; line: number } | undefined;
	for await (const hit of search.hits) {
		if (hit.match && matches === limit) {
			stoppedBy = "limit";
			break;
		}
		const file = displayPath(resolve(ctx.cwd, hit.file), ctx.cwd);
		const gap = previous !== undefined && (previous.file !== file || previous.line + 1 !== hit.line);
		const text = (gap && args.context ? "--\n" : "") + formatHit(file, hit);
		if (bytes + Buffer.byteLength(text) + 1 > MAX_OUTPUT_BYTES) {
			stoppedBy = "bytes";
			break;
		}
		lines.push(text);
		bytes += Buffer.byteLength(text) + 1;
		if (hit.match) matches++;
		previous = { file, line: hit.line };
	}
	const { code, stderr } = await search.exit;

	const details: GrepDetails = { matches, truncated: stoppedBy !== undefined };
	if (ctx.signal.aborted) return { content: [...lines, "[aborted]"].join("\n"), isError: true, details };
	if (code === 2 && matches === 0) throw new Error(`ripgrep failed: ${stderr.trim() || "unknown error"}`);
	if (matches === 0) {
		const where = shownTarget === "." ? "the working directory" : shownTarget;
		return { content: `No matches for ${JSON.stringify(args.pattern)} in ${where}.`, details };
	}
	if (stoppedBy === "limit") {
		lines.push(`\n[showing the first ${limit} matches; narrow the pattern, path or glob, or raise limit]`);
	} else if (stoppedBy === "bytes") {
		lines.push(`\n[output cut at 50 KB after ${matches} matches; narrow the pattern, path or glob]`);
	} else if (code === 2) {
		lines.push(`\n[some files could not be searched: ${stderr.trim().split("\n")[0]}]`);
	}
	return { content: lines.join("\n"), details };
}

function ripgrepFlags(args: GrepArgs, target: string): string[] {
	const flags = ["--hidden", "--no-require-git"];
	if (args.ignoreCase) flags.push("--ignore-case");
	if (args.literal) flags.push("--fixed-strings");
	if (args.context) flags.push("--context", String(args.context));
	if (args.glob) flags.push("--glob", args.glob);
	// The last matching glob wins in ripgrep, so .git stays excluded whatever the model's glob says.
	flags.push("--glob", "!.git", "--regexp", args.pattern, "--", target);
	return flags;
}

/** `path:line: text` for a match, `path-line- text` for a context line (grep's convention). */
function formatHit(file: string, hit: RipgrepHit): string {
	const mark = hit.match ? ":" : "-";
	return `${file}${mark}${hit.line}${mark} ${cutLine(hit.text, MAX_LINE_CHARS)}`;
}

async function requireExisting(target: string, shown: string): Promise<void> {
	try {
		await stat(target);
	} catch (error) {
		if (errorCode(error) === "ENOENT") throw new Error(`Path not found: ${shown}. Check it with ls or find.`);
		throw error;
	}
}
