/**
 * The session file format: JSON lines. Line 1 is the header; every later line
 * is an entry in a tree (each names its parent), so branching never rewrites
 * the file. Entry types this version does not know (written by a newer weft)
 * are kept verbatim and skipped when the conversation is rebuilt. `partial`
 * lines (checkpoints of an answer still streaming) are not part of the tree.
 */
import {
	type Message,
	normalizeUsage,
	type TextContent,
	type ThinkingContent,
	type Usage,
} from "../kernel/messages.js";
import type { ThinkingLevel } from "../kernel/provider.js";

export const SESSION_FORMAT_VERSION = 1;

export interface SessionHeader {
	type: "session";
	version: number;
	/** A UUID; also the part of the file name after the timestamp. */
	id: string;
	/** ISO 8601 creation time. */
	timestamp: string;
	/** Absolute working directory the session was started in. */
	cwd: string;
	/** Id of the session this one was forked from. */
	parentSession?: string;
}

/** Fields the store assigns on append. */
export interface EntryBase {
	/** Short hex id, unique within the file. */
	id: string;
	/** The previous entry on this branch; null for a root. */
	parentId: string | null;
	/** ISO 8601. */
	timestamp: string;
}

export interface MessageEntry extends EntryBase {
	type: "message";
	message: Message;
}

export interface ModelChangeEntry extends EntryBase {
	type: "model_change";
	provider: string;
	model: string;
}

export interface ThinkingLevelEntry extends EntryBase {
	type: "thinking_level";
	level: ThinkingLevel;
}

/** Extension state (`appendEntry`); never sent to the model. */
export interface CustomEntry extends EntryBase {
	type: "custom";
	customType: string;
	data: unknown;
}

/** Why a compaction ran: `/compact`, the next request would pass the window, or the provider said it did. */
export type CompactionReason = "manual" | "threshold" | "overflow";

/**
 * The conversation before `firstKeptEntryId` (on this branch) was replaced by
 * `summary` in what the model sees; the entries themselves stay in the file
 * and in the transcript. Appended at the leaf, after the kept entries, so the
 * context is: the summary, the kept entries up to this one, then what follows.
 * Field names follow pi's session format.
 */
export interface CompactionEntry extends EntryBase {
	type: "compaction";
	summary: string;
	/**
	 * The first entry of the branch kept verbatim: a turn boundary (a user
	 * message), or a model step (an assistant message after tool results) when
	 * the latest turn alone was over the budget.
	 */
	firstKeptEntryId: string;
	/** Estimated tokens of the context before and after. */
	tokensBefore: number;
	tokensAfter: number;
	reason: CompactionReason;
	/** True when an extension (session_before_compact) supplied the summary. */
	fromHook?: boolean;
	/** What the summary request spent (absent when an extension supplied it); counted in the session's totals. */
	usage?: Usage;
}

/**
 * A summary of the branch the user left (via /tree), hung where the new
 * branch starts; the model sees it as context. `fromId` is the leaf that was left.
 */
export interface BranchSummaryEntry extends EntryBase {
	type: "branch_summary";
	fromId: string;
	summary: string;
	fromHook?: boolean;
	/** What the summary request spent, as on a compaction entry. */
	usage?: Usage;
}

/** Session metadata set by the user (`/name`); the latest one on any branch wins. Never sent to the model. */
export interface SessionInfoEntry extends EntryBase {
	type: "session_info";
	name: string;
}

/**
 * A label on another entry (a bookmark shown in /tree; pi's LabelEntry): the
 * latest label entry naming `targetId`, on any branch, sets it; one without
 * `label` clears it. Never sent to the model.
 */
export interface LabelEntry extends EntryBase {
	type: "label";
	targetId: string;
	label?: string;
}

export type PartialContent = TextContent | ThinkingContent;

/**
 * A checkpoint of an answer while it streams: the text and thinking that
 * arrived since the previous checkpoint of the same answer (a piece of the same
 * type as the last one continues it). It hangs under the entry the answer
 * follows but is never the leaf and never in the tree; the answer's message
 * entry, whose id is `answerId`, supersedes it. An answer with checkpoints and
 * no message entry was cut off (kill, crash) and is restored on load.
 */
export interface PartialEntry extends EntryBase {
	type: "partial";
	answerId: string;
	provider: string;
	model: string;
	content: PartialContent[];
}

/** Every entry type this version understands. A new type is added here and in ENTRY_CHECKS. */
export type KnownEntry =
	| MessageEntry
	| ModelChangeEntry
	| ThinkingLevelEntry
	| CustomEntry
	| CompactionEntry
	| BranchSummaryEntry
	| SessionInfoEntry
	| LabelEntry
	| PartialEntry;
export type KnownEntryType = KnownEntry["type"];

/** An entry of a type this version does not know, kept exactly as read. */
export interface UnknownEntry extends EntryBase {
	type: string;
	[field: string]: unknown;
}

export type SessionEntry = KnownEntry | UnknownEntry;

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** What callers pass to `append`: an entry without the fields the store assigns (checkpoints have their own call). */
export type NewEntry = DistributiveOmit<Exclude<KnownEntry, PartialEntry>, keyof EntryBase>;

/** The stored entry type for a given new entry. */
export type EntryFor<E extends NewEntry> = Extract<Exclude<KnownEntry, PartialEntry>, { type: E["type"] }>;

/** A line that could not be used; the message names the file and line. */
export interface SessionWarning {
	line: number;
	message: string;
}

/** The file cannot be used as a session at all (unreadable, empty, no valid header). */
export class SessionFileError extends Error {
	constructor(
		readonly file: string,
		message: string,
		/** What is wrong, without the file name or advice (e.g. "the file is empty"). */
		readonly reason: string = message,
	) {
		super(message);
		this.name = "SessionFileError";
	}
}

type Fields = Record<string, unknown>;

const MESSAGE_ROLES = new Set(["user", "assistant", "toolResult", "custom"]);
const COMPACTION_REASONS = new Set<string>(["manual", "threshold", "overflow"] satisfies CompactionReason[]);
const THINKING_LEVELS = new Set<string>(["off", "low", "medium", "high"] satisfies ThinkingLevel[]);

const isString = (value: unknown): value is string => typeof value === "string";
const isObject = (value: unknown): value is Fields =>
	typeof value === "object" && value !== null && !Array.isArray(value);

/** Shape checks for known types; each returns what is wrong, or undefined. */
const ENTRY_CHECKS: { [K in KnownEntryType]: (raw: Fields) => string | undefined } = {
	message: (raw) => {
		const message = raw.message;
		if (!isObject(message) || !isString(message.role) || !MESSAGE_ROLES.has(message.role)) {
			return "`message` is not a message with a known role";
		}
		const content = message.content;
		return isString(content) || Array.isArray(content) ? undefined : "`message.content` is missing";
	},
	model_change: (raw) =>
		isString(raw.provider) && isString(raw.model) ? undefined : "`provider` and `model` must be strings",
	thinking_level: (raw) =>
		isString(raw.level) && THINKING_LEVELS.has(raw.level)
			? undefined
			: `\`level\` must be one of ${[...THINKING_LEVELS].join(", ")}`,
	custom: (raw) => (isString(raw.customType) ? undefined : "`customType` must be a string"),
	compaction: (raw) =>
		isString(raw.summary) &&
		isString(raw.firstKeptEntryId) &&
		typeof raw.tokensBefore === "number" &&
		typeof raw.tokensAfter === "number" &&
		isString(raw.reason) &&
		COMPACTION_REASONS.has(raw.reason)
			? undefined
			: "`summary` and `firstKeptEntryId` must be strings, `tokensBefore` and `tokensAfter` numbers, `reason` one of manual, threshold, overflow",
	branch_summary: (raw) =>
		isString(raw.fromId) && isString(raw.summary) ? undefined : "`fromId` and `summary` must be strings",
	session_info: (raw) => (isString(raw.name) ? undefined : "`name` must be a string"),
	label: (raw) =>
		isString(raw.targetId) && (raw.label === undefined || isString(raw.label))
			? undefined
			: "`targetId` must be a string and `label` a string or absent",
	partial: (raw) => {
		if (!isString(raw.answerId) || !isString(raw.provider) || !isString(raw.model)) {
			return "`answerId`, `provider` and `model` must be strings";
		}
		const pieces = raw.content;
		const valid =
			Array.isArray(pieces) &&
			pieces.every(
				(piece) =>
					isObject(piece) &&
					((piece.type === "text" && isString(piece.text)) ||
						(piece.type === "thinking" && isString(piece.thinking))),
			);
		return valid ? undefined : "`content` must be a list of text and thinking pieces";
	},
};

export function isKnownEntry(entry: SessionEntry): entry is KnownEntry {
	return Object.hasOwn(ENTRY_CHECKS, entry.type);
}

export function createHeader(id: string, cwd: string, now: Date, parentSession?: string): SessionHeader {
	const header: SessionHeader = {
		type: "session",
		version: SESSION_FORMAT_VERSION,
		id,
		timestamp: now.toISOString(),
		cwd,
	};
	if (parentSession !== undefined) header.parentSession = parentSession;
	return header;
}

/** Reads line 1; returns the header or what is wrong with it. */
export function parseHeader(line: string): SessionHeader | string {
	let raw: unknown;
	try {
		raw = JSON.parse(line);
	} catch {
		return "it is not valid JSON";
	}
	if (!isObject(raw) || raw.type !== "session") return 'it is not a session header (`"type": "session"`)';
	if (
		typeof raw.version !== "number" ||
		!isString(raw.id) ||
		!isString(raw.timestamp) ||
		!isString(raw.cwd)
	) {
		return "the header lacks `version`, `id`, `timestamp` or `cwd`";
	}
	return raw as unknown as SessionHeader;
}

/** Reads one entry line; returns the entry or what is wrong with it. */
export function parseEntry(line: string): SessionEntry | string {
	let raw: unknown;
	try {
		raw = JSON.parse(line);
	} catch {
		return "it is not valid JSON";
	}
	if (!isObject(raw)) return "it is not a JSON object";
	if (!isString(raw.type) || !isString(raw.id) || !isString(raw.timestamp)) {
		return "it lacks `type`, `id` or `timestamp`";
	}
	if (raw.parentId !== null && !isString(raw.parentId)) return "`parentId` must be a string or null";
	const check = ENTRY_CHECKS[raw.type as KnownEntryType];
	const problem = Object.hasOwn(ENTRY_CHECKS, raw.type) ? check(raw) : undefined;
	if (problem) return `a "${raw.type}" entry is malformed: ${problem}`;
	if (isObject(raw.message)) withCostParts(raw.message);
	withCostParts(raw);
	return raw as unknown as SessionEntry;
}

/**
 * Files written before costs had their parts hold a bare number as a usage's
 * `cost`: it is read as the total; files written before `totalTokens` get it summed.
 */
function withCostParts(holder: Fields): void {
	const usage = holder.usage;
	if (isObject(usage) && (!isObject(usage.cost) || typeof usage.totalTokens !== "number")) {
		holder.usage = normalizeUsage(usage);
	}
}

export interface ParsedSession {
	header: SessionHeader;
	/** The tree, in file order; never holds `partial` entries. */
	entries: SessionEntry[];
	/** Checkpoints of streamed answers, in file order. */
	checkpoints: PartialEntry[];
	warnings: SessionWarning[];
	/** False when the last line has no newline; the next append must start a fresh line. */
	endsWithNewline: boolean;
}

/**
 * Parses a whole session file. Unusable lines are skipped with a warning so a
 * crash mid-write (a torn line) or a hand-edited line never costs the rest: an
 * entry whose parent was on a skipped line is attached (in memory only) to the
 * nearest valid entry before it, so the conversation before the bad line stays
 * on the path.
 */
export function parseSessionText(text: string, file: string): ParsedSession {
	if (text.trim() === "") {
		// weft writes the header and the first message in one call, so an empty file was cut off before it.
		const reason = "the file is empty";
		throw new SessionFileError(file, `${file}: not a weft session file: ${reason}.`, reason);
	}
	const lines = text.split("\n");
	const endsWithNewline = text.endsWith("\n");
	if (endsWithNewline) lines.pop();
	const firstLine = (lines[0] ?? "").replace(/\r$/, "");
	const header = parseHeader(firstLine);
	if (typeof header === "string") {
		const torn = lines.length === 1 && !endsWithNewline ? " (the file is incomplete)" : "";
		throw new SessionFileError(
			file,
			`${file}:1: not a weft session file: ${header}${torn}. Start a new session or pick another file.`,
			`line 1 is not a session header: ${header}${torn}`,
		);
	}

	const warnings: SessionWarning[] = [];
	const warn = (line: number, message: string) =>
		warnings.push({ line, message: `${file}:${line}: ${message}` });
	if (header.version > SESSION_FORMAT_VERSION) {
		warn(
			1,
			`written by a newer weft (format ${header.version}); entries it adds are kept but not understood`,
		);
	}

	const entries: SessionEntry[] = [];
	const checkpoints: PartialEntry[] = [];
	const seen = new Set<string>();
	let skippedAny = false;
	for (let index = 1; index < lines.length; index++) {
		const lineNumber = index + 1;
		const line = lines[index].replace(/\r$/, "");
		if (line.trim() === "") continue;
		const entry = parseEntry(line);
		if (typeof entry === "string") {
			const isTornTail = index === lines.length - 1 && !endsWithNewline;
			warn(
				lineNumber,
				isTornTail
					? `skipped an incomplete last line (weft was probably stopped while writing it): ${entry}`
					: `skipped an unreadable line: ${entry}`,
			);
			skippedAny = true;
			continue;
		}
		if (entry.type !== "partial" && seen.has(entry.id)) {
			warn(lineNumber, `skipped an entry whose id "${entry.id}" was already used by an earlier line`);
			skippedAny = true;
			continue;
		}
		if (entry.parentId !== null && !seen.has(entry.parentId)) {
			const nearest = entries.at(-1)?.id ?? null;
			// After a skipped line that line's warning says it all; a parent missing for no visible reason is named.
			if (!skippedAny) {
				warn(
					lineNumber,
					`entry "${entry.id}" refers to a missing parent "${entry.parentId}"; ${nearest ? `attached it to "${nearest}", the entry before it` : "it starts the conversation"}`,
				);
			}
			entry.parentId = nearest;
		}
		if (entry.type === "partial") {
			checkpoints.push(entry as PartialEntry);
			continue;
		}
		seen.add(entry.id);
		entries.push(entry);
	}
	return { header, entries, checkpoints, warnings, endsWithNewline };
}
