/**
 * What the resume picker shows of each session, cached so a listing does not
 * read every file in full: `<project dir>/index.json` holds, per session file
 * name, the file's size and mtime when it was read and what was found in it.
 * A file whose size or mtime differs is read again (appends change both); a
 * missing, unreadable or malformed index is ignored and rebuilt. The index is
 * only a cache: failing to write it (a read-only home) never fails a listing.
 */
import { readFileSync, type Stats, statSync } from "node:fs";
import { basename, join } from "node:path";
import { writeFileAtomic } from "../base/atomic-write.js";
import { textOf } from "../kernel/messages.js";
import { isKnownEntry, parseSessionText } from "./session-entries.js";
import { sessionNameOf } from "./session-name.js";

export const INDEX_FILE = "index.json";
const INDEX_VERSION = 1;
const PREVIEW_LENGTH = 100;

/** What one session file says about itself; what SessionInfo adds is the file's path and mtime. */
export interface SessionSummary {
	id: string;
	cwd: string;
	/** ISO 8601, from the header. */
	created: string;
	/** Message entries in the file, across all branches. */
	messageCount: number;
	/** The first user message, whitespace collapsed and cut to a preview; "" if none. */
	firstMessage: string;
	/** The latest `session_info` name in the file (on any branch); undefined if never named. */
	name?: string;
}

interface IndexRecord {
	size: number;
	mtimeMs: number;
	/** Null for a file that is not a usable session (remembered so it is not re-read every time). */
	summary: SessionSummary | null;
}

/** A summarized session file with the stat it was checked against. */
export interface IndexedFile {
	file: string;
	mtimeMs: number;
	summary: SessionSummary;
}

function preview(text: string): string {
	const flat = text.replace(/\s+/g, " ").trim();
	return flat.length > PREVIEW_LENGTH ? `${flat.slice(0, PREVIEW_LENGTH - 1)}…` : flat;
}

/** Reads and summarizes a whole session file; null when it is not a session. */
export function summarizeSessionFile(file: string): SessionSummary | null {
	let parsed: ReturnType<typeof parseSessionText>;
	try {
		parsed = parseSessionText(readFileSync(file, "utf8"), file);
	} catch {
		// A file that is not a session has nothing to offer a picker; opening it directly reports why.
		return null;
	}
	let messageCount = 0;
	let firstMessage: string | undefined;
	for (const entry of parsed.entries) {
		if (!isKnownEntry(entry)) continue;
		if (entry.type !== "message") continue;
		messageCount++;
		if (firstMessage === undefined && entry.message.role === "user") {
			firstMessage = preview(textOf(entry.message.content));
		}
	}
	return {
		id: parsed.header.id,
		cwd: parsed.header.cwd,
		created: parsed.header.timestamp,
		messageCount,
		firstMessage: firstMessage ?? "",
		name: sessionNameOf(parsed.entries),
	};
}

const isSummary = (value: unknown): value is SessionSummary => {
	const s = value as SessionSummary;
	return (
		typeof s === "object" &&
		s !== null &&
		typeof s.id === "string" &&
		typeof s.cwd === "string" &&
		typeof s.created === "string" &&
		typeof s.messageCount === "number" &&
		typeof s.firstMessage === "string" &&
		(s.name === undefined || typeof s.name === "string")
	);
};

const isRecord = (value: unknown): value is IndexRecord => {
	const r = value as IndexRecord;
	return (
		typeof r === "object" &&
		r !== null &&
		typeof r.size === "number" &&
		typeof r.mtimeMs === "number" &&
		(r.summary === null || isSummary(r.summary))
	);
};

function readIndex(dir: string): Map<string, IndexRecord> {
	const records = new Map<string, IndexRecord>();
	let raw: unknown;
	try {
		raw = JSON.parse(readFileSync(join(dir, INDEX_FILE), "utf8"));
	} catch {
		return records; // absent or torn: rebuilt by this listing
	}
	const sessions = (raw as { version?: unknown; sessions?: unknown } | null)?.sessions;
	if ((raw as { version?: unknown }).version !== INDEX_VERSION || typeof sessions !== "object" || !sessions) {
		return records;
	}
	for (const [name, record] of Object.entries(sessions)) if (isRecord(record)) records.set(name, record);
	return records;
}

function statOf(file: string): Stats | undefined {
	try {
		return statSync(file);
	} catch {
		// Deleted between the listing and now (another weft, the user): not a candidate.
		return undefined;
	}
}

/**
 * Summaries of the given session files of one project directory, from the
 * index where it is current, and the index updated. Files that are not
 * sessions are left out.
 */
export function indexedSessions(dir: string, files: readonly string[]): IndexedFile[] {
	const cached = readIndex(dir);
	const next = new Map<string, IndexRecord>();
	let changed = false;
	const out: IndexedFile[] = [];
	for (const file of files) {
		// Stat before reading: a file appended to meanwhile then looks changed next time, never current.
		const stats = statOf(file);
		if (!stats) continue;
		const name = basename(file);
		let record = cached.get(name);
		if (!record || record.size !== stats.size || record.mtimeMs !== stats.mtimeMs) {
			record = { size: stats.size, mtimeMs: stats.mtimeMs, summary: summarizeSessionFile(file) };
			changed = true;
		}
		next.set(name, record);
		if (record.summary) out.push({ file, mtimeMs: stats.mtimeMs, summary: record.summary });
	}
	// Files that are gone drop out of the index.
	if (changed || next.size !== cached.size) writeIndex(dir, next);
	return out;
}

function writeIndex(dir: string, records: Map<string, IndexRecord>): void {
	const data = JSON.stringify({ version: INDEX_VERSION, sessions: Object.fromEntries(records) });
	try {
		// Previews can hold what the user typed: readable by the owner only, like the sessions. Not
		// flushed to disk: after a crash the index may be empty or old, and either is rebuilt or re-checked.
		writeFileAtomic(join(dir, INDEX_FILE), data, 0o600, { durable: false });
	} catch {
		// Only a cache: the next listing reads the files again.
	}
}
