/**
 * The helper functions of the `@mariozechner/pi-coding-agent` shim that
 * need nothing from a session: event narrowing, output truncation (pi's
 * limits: 50 KB and 2000 lines), the per-file mutation queue, frontmatter,
 * and pi's folders (so an extension finds the files a pi user already has).
 */
import { realpathSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";

export const VERSION = "0.73.1";
export const DEFAULT_MAX_BYTES = 50 * 1024;
export const DEFAULT_MAX_LINES = 2000;

type Named = { toolName?: string };

export const isToolCallEventType = (name: string, event: Named) => event.toolName === name;
export const isBashToolResult = (event: Named) => event.toolName === "bash";
export const isReadToolResult = (event: Named) => event.toolName === "read";
export const isEditToolResult = (event: Named) => event.toolName === "edit";
export const isWriteToolResult = (event: Named) => event.toolName === "write";
export const isGrepToolResult = (event: Named) => event.toolName === "grep";
export const isFindToolResult = (event: Named) => event.toolName === "find";
export const isLsToolResult = (event: Named) => event.toolName === "ls";

/** Identity helpers that type a definition in pi's editors. */
export const defineTool = <T>(tool: T): T => tool;

/** pi's agent folder: `PI_CODING_AGENT_DIR`, else ~/.pi/agent. */
export function getAgentDir(): string {
	return process.env.PI_CODING_AGENT_DIR ?? join(homedir(), ".pi", "agent");
}

export function formatSize(bytes: number): string {
	if (bytes < 1024) return `${bytes}B`;
	if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)}KB`;
	return `${(bytes / (1024 * 1024)).toFixed(1)}MB`;
}

export interface TruncationResult {
	content: string;
	truncated: boolean;
	truncatedBy: "lines" | "bytes" | null;
	totalLines: number;
	totalBytes: number;
	outputLines: number;
	outputBytes: number;
	lastLinePartial: boolean;
	firstLineExceedsLimit: boolean;
	maxLines: number;
	maxBytes: number;
}

type Limits = { maxLines?: number; maxBytes?: number };

/** The first lines of `text` within the limits, whole lines only. */
export function truncateHead(text: string, limits: Limits = {}): TruncationResult {
	return truncate(text, limits, "head");
}

/** The last lines of `text` within the limits, whole lines only. */
export function truncateTail(text: string, limits: Limits = {}): TruncationResult {
	return truncate(text, limits, "tail");
}

function truncate(text: string, limits: Limits, keep: "head" | "tail"): TruncationResult {
	const maxLines = limits.maxLines ?? DEFAULT_MAX_LINES;
	const maxBytes = limits.maxBytes ?? DEFAULT_MAX_BYTES;
	const lines = text.split("\n");
	const totalBytes = Buffer.byteLength(text);
	const ordered = keep === "head" ? lines : [...lines].reverse();
	const kept: string[] = [];
	let bytes = 0;
	let truncatedBy: TruncationResult["truncatedBy"] = null;
	for (const line of ordered) {
		if (kept.length >= maxLines) {
			truncatedBy = "lines";
			break;
		}
		const size = Buffer.byteLength(line) + (kept.length > 0 ? 1 : 0);
		if (bytes + size > maxBytes) {
			truncatedBy = "bytes";
			break;
		}
		kept.push(line);
		bytes += size;
	}
	const content = (keep === "head" ? kept : kept.reverse()).join("\n");
	return {
		content,
		truncated: truncatedBy !== null,
		truncatedBy,
		totalLines: lines.length,
		totalBytes,
		outputLines: kept.length,
		outputBytes: Buffer.byteLength(content),
		lastLinePartial: false,
		firstLineExceedsLimit: kept.length === 0 && lines.length > 0 && text.length > 0,
		maxLines,
		maxBytes,
	};
}

/** One line cut to `maxBytes` (default 500) with an ellipsis. */
export function truncateLine(line: string, maxBytes = 500): { text: string; wasTruncated: boolean } {
	if (Buffer.byteLength(line) <= maxBytes) return { text: line, wasTruncated: false };
	let out = line;
	while (Buffer.byteLength(out) > maxBytes - 3) out = out.slice(0, -1);
	return { text: `${out}...`, wasTruncated: true };
}

const queues = new Map<string, Promise<unknown>>();

/**
 * Runs `fn` after every earlier mutation queued for the same file (symlinks
 * resolved), so two tools never read-modify-write one file at once.
 */
export function withFileMutationQueue<T>(path: string, fn: () => Promise<T>): Promise<T> {
	let key = resolve(path);
	try {
		key = realpathSync(key);
	} catch {
		// A file that does not exist yet is queued under its absolute path.
	}
	const previous = queues.get(key) ?? Promise.resolve();
	const run = previous.then(fn, fn);
	const settled = run.then(
		() => undefined,
		() => undefined,
	);
	queues.set(key, settled);
	void settled.then(() => {
		if (queues.get(key) === settled) queues.delete(key);
	});
	return run;
}

/** YAML-ish frontmatter (`key: value` lines between `---`) and the body after it. */
export function parseFrontmatter<T extends Record<string, unknown> = Record<string, string>>(
	content: string,
): { frontmatter: T; body: string } {
	const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(content);
	if (!match) return { frontmatter: {} as T, body: content };
	const frontmatter: Record<string, unknown> = {};
	for (const line of match[1].split(/\r?\n/)) {
		const pair = /^([A-Za-z0-9_-]+):\s*(.*)$/.exec(line);
		if (pair) frontmatter[pair[1]] = pair[2].replace(/^(["'])(.*)\1$/, "$2");
	}
	return { frontmatter: frontmatter as T, body: content.slice(match[0].length) };
}

export function stripFrontmatter(content: string): string {
	return parseFrontmatter(content).body;
}

type ConversationMessage = { role: string; content?: unknown; toolName?: string; customType?: string };

/** Messages as the model sees them; weft's messages already have pi's shape. */
export const convertToLlm = <T>(messages: T[]): T[] => messages;

/** A conversation as plain text ("User: …", "Assistant: …"), for summaries and handoffs. */
export function serializeConversation(messages: ConversationMessage[]): string {
	return messages
		.map((m) => {
			const who =
				m.role === "user"
					? "User"
					: m.role === "assistant"
						? "Assistant"
						: m.role === "toolResult"
							? `Tool result (${m.toolName})`
							: `[${m.customType ?? m.role}]`;
			return `${who}: ${textOfContent(m.content)}`;
		})
		.join("\n\n");
}

function textOfContent(content: unknown): string {
	if (typeof content === "string") return content;
	if (!Array.isArray(content)) return "";
	return content
		.map((part: { type?: string; text?: string; thinking?: string; name?: string; arguments?: unknown }) => {
			if (part.type === "text") return part.text ?? "";
			if (part.type === "toolCall") return `[tool call ${part.name}(${JSON.stringify(part.arguments)})]`;
			return "";
		})
		.filter(Boolean)
		.join("\n");
}

export const keyText = (keybinding: string) => keybinding.replace(/^(app|tui)\./, "");
export const keyHint = (keybinding: string, description: string) => `${keyText(keybinding)} ${description}`;
export const rawKeyHint = (key: string, description: string) => `${key} ${description}`;
