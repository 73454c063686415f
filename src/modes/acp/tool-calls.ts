/**
 * How a weft tool call looks to an ACP client: its kind (the icon), a title,
 * the files it touches (so the editor can follow along), and its content —
 * the diff of an edit or write, the command of bash, a result's text and
 * images. Pure functions of the call's name, arguments and result, so a live
 * call and one replayed by session/load look the same.
 */
import type {
	ContentBlock,
	ToolCall,
	ToolCallContent,
	ToolCallLocation,
	ToolKind,
} from "@agentclientprotocol/sdk";
import { resolveToolPath } from "../../agent/tools/paths.js";
import type { ToolResultContent } from "../../kernel/messages.js";

/** The built-in tools' kinds; any other tool (an extension's) is "other". */
const KINDS: Record<string, ToolKind> = {
	read: "read",
	write: "edit",
	edit: "edit",
	bash: "execute",
	grep: "search",
	find: "search",
	ls: "search",
};

export function toolKind(name: string): ToolKind {
	return KINDS[name] ?? "other";
}

function text(value: unknown): string | undefined {
	return typeof value === "string" ? value : undefined;
}

/** One line naming what the call does, e.g. `Edit src/a.ts` or the bash command itself. */
export function toolTitle(name: string, args: Record<string, unknown>): string {
	const path = text(args.path);
	switch (name) {
		case "read": {
			const offset = typeof args.offset === "number" ? ` (from line ${args.offset})` : "";
			return path ? `Read ${path}${offset}` : "Read";
		}
		case "write":
			return path ? `Write ${path}` : "Write";
		case "edit":
			return path ? `Edit ${path}` : "Edit";
		case "bash":
			return text(args.command) ?? "bash";
		case "grep":
			return `grep ${JSON.stringify(text(args.pattern) ?? "")}${path ? ` in ${path}` : ""}`;
		case "find":
			return `find ${text(args.pattern) ?? ""}${path ? ` in ${path}` : ""}`.trimEnd();
		case "ls":
			return `ls ${path ?? "."}`;
		default:
			return name;
	}
}

/** The file a read, write or edit touches, as an absolute path (ACP wants absolute paths). */
export function toolLocations(name: string, args: Record<string, unknown>, cwd: string): ToolCallLocation[] {
	const path = text(args.path);
	if (!path || !["read", "write", "edit"].includes(name)) return [];
	const location: ToolCallLocation = { path: resolveToolPath(path, cwd) };
	if (name === "read" && typeof args.offset === "number") location.line = args.offset;
	return [location];
}

/**
 * What the call will do, shown before it runs: an edit's replacements and a
 * write's new text as diffs (`previous`: the file's text before a write, when
 * known), bash's command.
 */
export function toolCallContent(
	name: string,
	args: Record<string, unknown>,
	cwd: string,
	previous?: string,
): ToolCallContent[] {
	const path = text(args.path);
	if (name === "edit" && path) {
		const absolute = resolveToolPath(path, cwd);
		const edits = Array.isArray(args.edits) ? (args.edits as Array<Record<string, unknown>>) : [];
		const all =
			args.oldText !== undefined ? [...edits, { oldText: args.oldText, newText: args.newText }] : edits;
		return all
			.filter((edit) => typeof edit.oldText === "string" && typeof edit.newText === "string")
			.map((edit) => ({
				type: "diff",
				path: absolute,
				oldText: edit.oldText as string,
				newText: edit.newText as string,
			}));
	}
	if (name === "write" && path && typeof args.content === "string")
		return [
			{ type: "diff", path: resolveToolPath(path, cwd), oldText: previous ?? null, newText: args.content },
		];
	if (name === "bash" && typeof args.command === "string")
		return [{ type: "content", content: { type: "text", text: `$ ${args.command}` } }];
	return [];
}

/** A tool's result blocks as ACP content. */
export function resultContent(content: readonly ToolResultContent[]): ToolCallContent[] {
	return content.map((block) => ({ type: "content", content: contentBlock(block) }));
}

function contentBlock(block: ToolResultContent): ContentBlock {
	return block.type === "text"
		? { type: "text", text: block.text }
		: { type: "image", data: block.data, mimeType: block.mimeType };
}

/**
 * The content a finished call shows: a successful edit or write keeps the
 * diffs it was announced with (its one-line result adds nothing to them);
 * anything else shows what the tool returned.
 */
export function finishedContent(
	name: string,
	announced: readonly ToolCallContent[],
	content: readonly ToolResultContent[],
	isError: boolean,
): ToolCallContent[] {
	if (!isError && (name === "edit" || name === "write") && announced.some((c) => c.type === "diff"))
		return [...announced];
	return resultContent(content);
}

/** The `tool_call` announcing a call (status pending until it runs). */
export function announceToolCall(
	id: string,
	name: string,
	args: Record<string, unknown>,
	cwd: string,
	previous?: string,
): ToolCall {
	return {
		toolCallId: id,
		title: toolTitle(name, args),
		kind: toolKind(name),
		status: "pending",
		content: toolCallContent(name, args, cwd, previous),
		locations: toolLocations(name, args, cwd),
		rawInput: args,
	};
}
