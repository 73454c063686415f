/** The `read` tool: a text file's lines (a window of them for big files), an image, or a note that the file is binary. */
import { createReadStream } from "node:fs";
import { open, readFile, stat } from "node:fs/promises";
import type { ToolResultContent } from "../../kernel/messages.js";
import type { ToolContext, ToolDefinition, ToolResult } from "../../kernel/tool.js";
import { readThroughBackend } from "./backend-files.js";
import { type FileKind, SNIFF_BYTES, sniffFileKind } from "./file-kind.js";
import { displayPath, errorCode, resolveToolPath } from "./paths.js";
import type { FileToolOptions } from "./text-files.js";
import { cutLine, formatSize } from "./truncate.js";

const MAX_LINES = 2000;
const MAX_BYTES = 50 * 1024;
const MAX_LINE_CHARS = 2000;
/** Larger images are refused by most providers. */
const MAX_IMAGE_BYTES = 5 * 1024 * 1024;

interface ReadArgs {
	path: string;
	offset?: number;
	limit?: number;
}

export interface ReadDetails {
	/** Absolute path. */
	path: string;
	kind: FileKind["kind"];
	bytes: number;
	/** Text only: first line shown (1-based) and the limit asked for. */
	offset?: number;
	limit?: number;
	totalLines?: number;
	/** Text only: output stopped at the line or byte cap before the requested range ended. */
	truncated: boolean;
	mimeType?: string;
}

export function createReadTool(options: FileToolOptions = {}): ToolDefinition {
	return {
		name: "read",
		label: "Read",
		description:
			"Read a file. Text files: returns the lines as-is (no line numbers); at most 2000 lines or 50 KB per call " +
			"and lines over 2000 chars are cut — use offset/limit to page through big files. " +
			"Images (png, jpg, gif, webp; up to 5 MB) are returned as images. Binary files are only described. " +
			"Use ls for directories.",
		parameters: {
			type: "object",
			properties: {
				path: { type: "string", description: "File path, relative to the working directory or absolute." },
				offset: { type: "integer", minimum: 1, description: "First line to return (1-based). Default 1." },
				limit: { type: "integer", minimum: 1, description: "Maximum number of lines to return." },
			},
			required: ["path"],
			additionalProperties: false,
		},
		execute: (args, ctx) => readTool(args as unknown as ReadArgs, ctx, options),
	};
}

async function readTool(args: ReadArgs, ctx: ToolContext, options: FileToolOptions): Promise<ToolResult> {
	const path = resolveToolPath(args.path, ctx.cwd);
	const shown = displayPath(path, ctx.cwd);
	const fromBackend = ctx.backend?.readFile;
	// Through a tool backend the whole file is fetched once; on this machine only its head is sniffed.
	const bytes = fromBackend
		? await readThroughBackend(fromBackend, path, ctx.signal, shown, notFoundMessage(shown))
		: undefined;
	const { size, kind } = bytes
		? { size: bytes.length, kind: sniffFileKind(bytes.subarray(0, SNIFF_BYTES)) }
		: await inspect(path, shown);

	if (kind.kind === "image") {
		const details: ReadDetails = {
			path,
			kind: "image",
			bytes: size,
			truncated: false,
			mimeType: kind.mimeType,
		};
		const note = `Image ${shown} (${kind.mimeType}, ${formatSize(size)})`;
		if (size > MAX_IMAGE_BYTES) {
			return { content: `${note} is larger than ${formatSize(MAX_IMAGE_BYTES)}; not attached.`, details };
		}
		const data = (bytes ?? (await readFile(path))).toString("base64");
		const content: ToolResultContent[] = [
			{ type: "text", text: note },
			{ type: "image", data, mimeType: kind.mimeType },
		];
		return { content, details };
	}
	if (kind.kind === "binary") {
		const details: ReadDetails = { path, kind: "binary", bytes: size, truncated: false };
		return { content: `${shown} is a binary file (${formatSize(size)}); its content is not shown.`, details };
	}
	const text = bytes ? bytes.toString("utf8") : await options.files?.read(path, ctx);
	const source =
		text === undefined
			? (createReadStream(path, { encoding: "utf8", signal: ctx.signal }) as AsyncIterable<string>)
			: [text];
	return readText(path, shown, text === undefined ? size : Buffer.byteLength(text), args, source);
}

async function readText(
	path: string,
	shown: string,
	size: number,
	args: ReadArgs,
	source: AsyncIterable<string> | Iterable<string>,
): Promise<ToolResult> {
	const offset = args.offset ?? 1;
	const window = await scanLines(source, offset, args.limit ?? Number.POSITIVE_INFINITY);
	const details: ReadDetails = {
		path,
		kind: "text",
		bytes: size,
		offset,
		limit: args.limit,
		totalLines: window.totalLines,
		truncated: window.cappedBy !== undefined,
	};
	if (window.totalLines === 0) return { content: `[${shown} is empty]`, details };
	if (offset > window.totalLines) {
		throw new Error(`offset ${offset} is past the end of ${shown}, which has ${window.totalLines} lines.`);
	}
	const last = offset + window.lines.length - 1;
	let text = window.lines.join("\n");
	if (last < window.totalLines) {
		const cap = window.cappedBy === "bytes" ? ", 50 KB limit" : "";
		text += `\n\n[showing lines ${offset}-${last} of ${window.totalLines}${cap}; use offset=${last + 1} to continue]`;
	}
	return { content: text, details };
}

interface LineWindow {
	lines: string[];
	totalLines: number;
	cappedBy?: "lines" | "bytes";
}

/** Streams the text, keeping the requested lines within the caps and counting the rest; memory stays bounded even for one huge line. */
async function scanLines(
	source: AsyncIterable<string> | Iterable<string>,
	first: number,
	limit: number,
): Promise<LineWindow> {
	const result: LineWindow = { lines: [], totalLines: 0 };
	let bytes = 0;
	let partial = "";
	let partialLength = 0;

	const endLine = (): void => {
		result.totalLines++;
		const lineNumber = result.totalLines;
		if (partial.endsWith("\r") && partialLength === partial.length) {
			partial = partial.slice(0, -1);
			partialLength--;
		}
		const wanted = lineNumber >= first && lineNumber < first + limit && result.cappedBy === undefined;
		if (wanted) {
			const line = cutLine(partial, MAX_LINE_CHARS, partialLength);
			const lineBytes = Buffer.byteLength(line) + 1;
			if (result.lines.length >= MAX_LINES) result.cappedBy = "lines";
			else if (bytes + lineBytes > MAX_BYTES) result.cappedBy = "bytes";
			else {
				result.lines.push(line);
				bytes += lineBytes;
			}
		}
		partial = "";
		partialLength = 0;
	};
	const appendToLine = (piece: string): void => {
		if (partial.length <= MAX_LINE_CHARS) partial += piece.slice(0, MAX_LINE_CHARS + 1 - partial.length);
		partialLength += piece.length;
	};

	for await (const chunk of source) {
		let start = 0;
		for (let newline = chunk.indexOf("\n"); newline !== -1; newline = chunk.indexOf("\n", start)) {
			appendToLine(chunk.slice(start, newline));
			endLine();
			start = newline + 1;
		}
		appendToLine(chunk.slice(start));
	}
	if (partialLength > 0) endLine();
	return result;
}

/** Size and kind of the file, with errors the model can act on. */
async function inspect(path: string, shown: string): Promise<{ size: number; kind: FileKind }> {
	try {
		const info = await stat(path);
		if (info.isDirectory()) throw new Error(`${shown} is a directory; use ls to list its entries.`);
		return { size: info.size, kind: sniffFileKind(await readHead(path)) };
	} catch (error) {
		const code = errorCode(error);
		if (code === "ENOENT") throw new Error(notFoundMessage(shown));
		if (code === "EACCES") throw new Error(`Permission denied reading ${shown}.`);
		throw error;
	}
}

const notFoundMessage = (shown: string) =>
	`File not found: ${shown}. Check the path, or use find to locate it.`;

async function readHead(path: string): Promise<Uint8Array> {
	const handle = await open(path, "r");
	try {
		const buffer = Buffer.alloc(SNIFF_BYTES);
		const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
		return buffer.subarray(0, bytesRead);
	} finally {
		await handle.close();
	}
}
