/**
 * The `edit` tool: exact-text replacements in one file, all or nothing.
 * Matching runs on LF text; the file keeps its own line endings and BOM.
 */
import { readFile, stat, writeFile } from "node:fs/promises";
import type { StructuredPatch } from "diff";
import type { ToolContext, ToolDefinition, ToolResult } from "../../kernel/tool.js";
import { readThroughBackend, writeThroughBackend } from "./backend-files.js";
import { applyEdits, planEdits, type TextEdit } from "./edit-plan.js";
import { SNIFF_BYTES, sniffFileKind } from "./file-kind.js";
import { displayPath, errorCode, resolveToolPath } from "./paths.js";
import type { FileToolOptions } from "./text-files.js";

interface EditArgs {
	path: string;
	edits?: TextEdit[];
	oldText?: string;
	newText?: string;
}

export interface EditDetails {
	/** Absolute path. */
	path: string;
	/** Unified diff of the change (LF line endings). */
	diff: string;
	/** 1-based line of the first changed line in the new file. */
	firstChangedLine: number;
}

const BOM = "\uFEFF";

export function createEditTool(options: FileToolOptions = {}): ToolDefinition {
	const editSchema = {
		type: "object",
		properties: {
			oldText: { type: "string", description: "Exact text to replace; must occur exactly once in the file." },
			newText: { type: "string", description: "Replacement text." },
		},
		required: ["oldText", "newText"],
		additionalProperties: false,
	};
	return {
		name: "edit",
		label: "Edit",
		description:
			"Replace exact text in a file. Each oldText must match the current file exactly once (whitespace included); " +
			"add surrounding lines to make it unique. Several non-overlapping edits to one file go in one call; " +
			"if any edit fails, nothing is written. Line endings and BOM are kept. Use write to create files.",
		parameters: {
			type: "object",
			properties: {
				path: { type: "string", description: "File path, relative to the working directory or absolute." },
				edits: { type: "array", items: editSchema, minItems: 1, description: "Replacements to make." },
				oldText: { type: "string", description: "Single-edit form: exact text to replace." },
				newText: { type: "string", description: "Single-edit form: replacement text." },
			},
			required: ["path"],
			additionalProperties: false,
		},
		execute: (args, ctx) => editTool(args as unknown as EditArgs, ctx, options),
	};
}

async function editTool(args: EditArgs, ctx: ToolContext, options: FileToolOptions): Promise<ToolResult> {
	const path = resolveToolPath(args.path, ctx.cwd);
	const shown = displayPath(path, ctx.cwd);
	const edits = collectEdits(args).map(
		(edit): TextEdit => ({ oldText: toLf(edit.oldText), newText: toLf(edit.newText) }),
	);
	const raw = await readTextFile(path, shown, ctx, options);

	const hasBom = raw.startsWith(BOM);
	const body = hasBom ? raw.slice(BOM.length) : raw;
	const crlf = usesCrlf(body);
	const before = crlf ? toLf(body) : body;
	const after = applyEdits(before, planEdits(before, edits, shown));
	if (after === before)
		throw new Error(`The edits leave ${shown} unchanged: each newText equals its oldText.`);

	const output = (hasBom ? BOM : "") + (crlf ? after.replace(/\n/g, "\r\n") : after);
	const toBackend = ctx.backend?.writeFile;
	if (toBackend) await writeThroughBackend(toBackend, path, output, ctx.signal, shown);
	else if (!(await options.files?.write(path, output, ctx)))
		await writeFile(path, output, { encoding: "utf8", signal: ctx.signal });

	// The diff library is loaded on first use to keep start-up lean.
	const { FILE_HEADERS_ONLY, formatPatch, structuredPatch } = await import("diff");
	const patch = structuredPatch(shown, shown, before, after, undefined, undefined, { context: 3 });
	const firstChangedLine = firstChangedLineOf(patch);
	const details: EditDetails = { path, diff: formatPatch(patch, FILE_HEADERS_ONLY), firstChangedLine };
	const count = edits.length === 1 ? "1 edit" : `${edits.length} edits`;
	return { content: `Edited ${shown} (${count}, first change at line ${firstChangedLine}).`, details };
}

function collectEdits(args: EditArgs): TextEdit[] {
	const edits = [...(args.edits ?? [])];
	if (args.oldText !== undefined || args.newText !== undefined) {
		if (args.oldText === undefined || args.newText === undefined) {
			throw new Error("The single-edit form needs both oldText and newText.");
		}
		edits.push({ oldText: args.oldText, newText: args.newText });
	}
	if (edits.length === 0) throw new Error("No edits given: pass edits: [{ oldText, newText }].");
	return edits;
}

async function readTextFile(
	path: string,
	shown: string,
	ctx: ToolContext,
	options: FileToolOptions,
): Promise<string> {
	const fromBackend = ctx.backend?.readFile;
	if (fromBackend) {
		const bytes = await readThroughBackend(fromBackend, path, ctx.signal, shown, notFoundMessage(shown));
		return textOf(bytes, shown);
	}
	let bytes: Buffer;
	try {
		if ((await stat(path)).isDirectory()) throw new Error(`${shown} is a directory; edit works on files.`);
		bytes = await readFile(path);
	} catch (error) {
		const code = errorCode(error);
		if (code === "ENOENT") throw new Error(notFoundMessage(shown));
		if (code === "EACCES") throw new Error(`Permission denied reading ${shown}.`);
		throw error;
	}
	textOf(bytes, shown);
	// The editor's buffer when it holds the file (unsaved changes included), else what the disk says.
	return (await options.files?.read(path, ctx)) ?? bytes.toString("utf8");
}

const notFoundMessage = (shown: string) => `File not found: ${shown}. Use write to create a new file.`;

/** The file's text; an image or binary file is refused. */
function textOf(bytes: Buffer, shown: string): string {
	if (sniffFileKind(bytes.subarray(0, SNIFF_BYTES)).kind !== "text") {
		throw new Error(`${shown} is not a UTF-8 text file; edit only changes text files.`);
	}
	return bytes.toString("utf8");
}

/** A file is treated as CRLF when its first line break is CRLF. */
function usesCrlf(text: string): boolean {
	const newline = text.indexOf("\n");
	return newline > 0 && text[newline - 1] === "\r";
}

function toLf(text: string): string {
	return text.replace(/\r\n/g, "\n");
}

function firstChangedLineOf(patch: StructuredPatch): number {
	const hunk = patch.hunks[0];
	if (!hunk) return 1;
	let line = hunk.newStart;
	for (const entry of hunk.lines) {
		if (entry.startsWith("+") || entry.startsWith("-")) return Math.max(line, 1);
		if (entry.startsWith(" ")) line++;
	}
	return Math.max(line, 1);
}
