/** The `ls` tool: one directory's entries, sorted, directories marked with a trailing slash. */
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { errorMessage } from "../../base/error-message.js";
import type { ToolBackend, ToolContext, ToolDefinition, ToolResult } from "../../kernel/tool.js";
import { displayPath, errorCode, resolveToolPath } from "./paths.js";

const DEFAULT_LIMIT = 500;

interface LsArgs {
	path?: string;
	limit?: number;
}

export interface LsDetails {
	/** Absolute path of the directory. */
	path: string;
	total: number;
	truncated: boolean;
}

export function createLsTool(): ToolDefinition {
	return {
		name: "ls",
		label: "List",
		description:
			"List a directory's entries (including dotfiles), sorted alphabetically; directories end with '/'. " +
			`Not recursive — use find for that. At most limit entries (default ${DEFAULT_LIMIT}).`,
		parameters: {
			type: "object",
			properties: {
				path: { type: "string", description: "Directory to list. Default: the working directory." },
				limit: {
					type: "integer",
					minimum: 1,
					description: `Maximum entries to return (default ${DEFAULT_LIMIT}).`,
				},
			},
			additionalProperties: false,
		},
		execute: (args, ctx) => lsTool(args as LsArgs, ctx),
	};
}

async function lsTool(args: LsArgs, ctx: ToolContext): Promise<ToolResult> {
	const path = resolveToolPath(args.path ?? ".", ctx.cwd);
	const shown = displayPath(path, ctx.cwd);
	const limit = args.limit ?? DEFAULT_LIMIT;
	const fromBackend = ctx.backend?.listDirectory;
	const names = fromBackend
		? (await listThroughBackend(fromBackend, path, shown, ctx.signal)).map((entry) =>
				entry.isDirectory ? `${entry.name}/` : entry.name,
			)
		: await listHere(path, shown);
	names.sort(alphabetical);

	const details: LsDetails = { path, total: names.length, truncated: names.length > limit };
	if (names.length === 0) return { content: `[${shown} is empty]`, details };
	const listed = names.slice(0, limit);
	if (details.truncated)
		listed.push(`\n[showing ${limit} of ${names.length} entries; raise limit or use find]`);
	return { content: listed.join("\n"), details };
}

async function listHere(path: string, shown: string): Promise<string[]> {
	const entries = await readDirectory(path, shown);
	return Promise.all(
		entries.map(async (entry) =>
			(await isDirectory(join(path, entry.name), entry)) ? `${entry.name}/` : entry.name,
		),
	);
}

/** A tool backend's listing (ToolContext.backend), with the same errors as this machine's. */
async function listThroughBackend(
	listDirectory: NonNullable<ToolBackend["listDirectory"]>,
	path: string,
	shown: string,
	signal: AbortSignal,
): Promise<Array<{ name: string; isDirectory: boolean }>> {
	try {
		return await listDirectory(path, signal);
	} catch (error) {
		throw (
			listingError(errorCode(error), shown) ??
			new Error(`Could not list ${shown} through the tool backend: ${errorMessage(error)}`)
		);
	}
}

interface Entry {
	name: string;
	isDirectory(): boolean;
	isSymbolicLink(): boolean;
}

async function readDirectory(path: string, shown: string): Promise<Entry[]> {
	try {
		return await readdir(path, { withFileTypes: true });
	} catch (error) {
		throw listingError(errorCode(error), shown) ?? error;
	}
}

function listingError(code: string | undefined, shown: string): Error | undefined {
	if (code === "ENOENT") return new Error(`Directory not found: ${shown}.`);
	if (code === "ENOTDIR") return new Error(`${shown} is a file, not a directory; use read to see it.`);
	if (code === "EACCES") return new Error(`Permission denied listing ${shown}.`);
	return undefined;
}

/** A symlink counts as a directory when it points at one. */
async function isDirectory(path: string, entry: Entry): Promise<boolean> {
	if (!entry.isSymbolicLink()) return entry.isDirectory();
	return (await stat(path).catch(() => undefined))?.isDirectory() ?? false;
}

/** Case-insensitive, ties broken by code point so the order is stable. */
function alphabetical(a: string, b: string): number {
	const [lowerA, lowerB] = [a.toLowerCase(), b.toLowerCase()];
	if (lowerA !== lowerB) return lowerA < lowerB ? -1 : 1;
	return a < b ? -1 : a > b ? 1 : 0;
}
