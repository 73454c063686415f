/** The `write` tool: creates or overwrites a whole file, making parent directories as needed. */
import { mkdir, stat, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { ToolContext, ToolDefinition, ToolResult } from "../../kernel/tool.js";
import { writeThroughBackend } from "./backend-files.js";
import { displayPath, errorCode, resolveToolPath } from "./paths.js";
import type { FileToolOptions } from "./text-files.js";

interface WriteArgs {
	path: string;
	content: string;
}

export interface WriteDetails {
	/** Absolute path. */
	path: string;
	/** True when the file did not exist before; absent through a tool backend, which is not asked. */
	created?: boolean;
	bytes: number;
}

export function createWriteTool(options: FileToolOptions = {}): ToolDefinition {
	return {
		name: "write",
		label: "Write",
		description:
			"Write a file, replacing its whole content (creates the file and any missing parent directories). " +
			"Prefer edit for changing part of an existing file.",
		parameters: {
			type: "object",
			properties: {
				path: { type: "string", description: "File path, relative to the working directory or absolute." },
				content: { type: "string", description: "The complete new content of the file." },
			},
			required: ["path", "content"],
			additionalProperties: false,
		},
		execute: (args, ctx) => writeTool(args as unknown as WriteArgs, ctx, options),
	};
}

async function writeTool(args: WriteArgs, ctx: ToolContext, options: FileToolOptions): Promise<ToolResult> {
	const path = resolveToolPath(args.path, ctx.cwd);
	const shown = displayPath(path, ctx.cwd);
	const toBackend = ctx.backend?.writeFile;
	if (toBackend) {
		await writeThroughBackend(toBackend, path, args.content, ctx.signal, shown);
		const bytes = Buffer.byteLength(args.content);
		// Whether it existed is not asked of the backend (one call, not two), so "created" is left out:
		// false would have the transcript say "overwritten" of a file the write just made.
		const details: WriteDetails = { path, bytes };
		return { content: `Wrote ${shown} (${bytes} bytes).`, details };
	}
	const created = !(await exists(path, shown));
	try {
		await mkdir(dirname(path), { recursive: true });
		if (!(await options.files?.write(path, args.content, ctx)))
			await writeFile(path, args.content, { encoding: "utf8", signal: ctx.signal });
	} catch (error) {
		const code = errorCode(error);
		if (code === "EACCES" || code === "EPERM") throw new Error(`Permission denied writing ${shown}.`);
		if (code === "ENOTDIR" || code === "EEXIST") {
			throw new Error(`Cannot write ${shown}: a parent of it is a file, not a directory.`);
		}
		throw error;
	}
	const bytes = Buffer.byteLength(args.content);
	const details: WriteDetails = { path, created, bytes };
	return { content: `${created ? "Created" : "Overwrote"} ${shown} (${bytes} bytes).`, details };
}

async function exists(path: string, shown: string): Promise<boolean> {
	try {
		const info = await stat(path);
		if (info.isDirectory()) throw new Error(`${shown} is a directory; give a file path.`);
		return true;
	} catch (error) {
		const code = errorCode(error);
		if (code === "ENOENT" || code === "ENOTDIR") return false;
		throw error;
	}
}
