/**
 * Forking: a new session file that starts with the current branch of another
 * session, cut before one of its user messages (or the whole branch), so the
 * work can go another way while the original stays as it was. Entry ids are
 * kept, so the fork's tree lines up with its parent's (`parentSession` in the
 * header names its file, as pi's does). The file is written whole and renamed into place: a crash
 * leaves either no fork or a complete one.
 */
import { randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { writeFileAtomic } from "../base/atomic-write.js";
import type { Kernel } from "../kernel/kernel.js";
import { textOf } from "../kernel/messages.js";
import { createHeader, isKnownEntry, type MessageEntry, type SessionEntry } from "./session-entries.js";
import { projectSessionDir, sessionFileName } from "./session-list.js";
import type { SessionStore } from "./session-store.js";

/** A user message on the current branch: a fork can be cut before it. */
export interface ForkPoint {
	entryId: string;
	/** The message's text (images are not carried into the composer). */
	text: string;
	/** ISO 8601, when the message was sent. */
	timestamp: string;
}

export interface ForkOptions {
	/** Whose `session_before_fork` handlers may cancel. */
	kernel: Kernel;
	source: SessionStore;
	/** A user message on the source's current branch; the fork holds what came before it. Omitted: the whole branch. */
	before?: string;
	/** weft's home folder; the fork is filed under the project of `cwd`. */
	home: string;
	cwd: string;
}

export type ForkOutcome =
	/** `text`: the message the fork was cut before ("" when the whole branch was copied), for the user to edit and send. */
	| { forked: true; file: string; id: string; text: string }
	/** A `session_before_fork` handler cancelled; `reason` is what it said. */
	| { forked: false; reason?: string };

function isUserMessage(entry: SessionEntry | undefined): entry is MessageEntry {
	return (
		entry !== undefined && isKnownEntry(entry) && entry.type === "message" && entry.message.role === "user"
	);
}

/** The user messages on the current branch, newest first. */
export function forkPoints(store: SessionStore): ForkPoint[] {
	const points: ForkPoint[] = [];
	for (const entry of store.pathToLeaf()) {
		if (isUserMessage(entry)) {
			points.push({ entryId: entry.id, text: textOf(entry.message.content), timestamp: entry.timestamp });
		}
	}
	return points.reverse();
}

/**
 * Emits `session_before_fork` (target: the entry the fork is cut before) and,
 * unless a handler cancels, writes the fork. Throws when `before` is not a user
 * message on the current branch, or when the file cannot be written.
 */
export async function forkSession(options: ForkOptions): Promise<ForkOutcome> {
	const { source, before } = options;
	const path = source.pathToLeaf();
	let kept = path;
	let text = "";
	if (before !== undefined) {
		const index = path.findIndex((entry) => entry.id === before);
		const entry = path[index];
		if (!isUserMessage(entry)) {
			throw new Error(
				`Cannot fork session ${source.id} at entry "${before}": it is not a user message on the current branch.`,
			);
		}
		kept = path.slice(0, index);
		text = textOf(entry.message.content);
	}
	const gate = await options.kernel.bus.emit("session_before_fork", { reason: "fork", target: before });
	if (gate.terminal?.cancel) return { forked: false, reason: gate.terminal.reason };
	const { file, id } = writeFork(source, kept, options.home, options.cwd);
	return { forked: true, file, id, text };
}

function writeFork(
	source: SessionStore,
	entries: readonly SessionEntry[],
	home: string,
	cwd: string,
): { file: string; id: string } {
	// The parent as pi records it: its file (a session kept in memory only has its id).
	const header = createHeader(randomUUID(), resolve(cwd), new Date(), source.file ?? source.id);
	const file = join(projectSessionDir(home, header.cwd), sessionFileName(header));
	const lines = [header, ...entries].map((line) => `${JSON.stringify(line)}\n`);
	try {
		mkdirSync(dirname(file), { recursive: true });
		// Owner-only, as every session file: conversations can hold secrets the user pasted.
		writeFileAtomic(file, lines.join(""), 0o600);
	} catch (error) {
		throw new Error(
			`Could not write the forked session ${file}: ${(error as Error).message}. Check free space and permissions.`,
		);
	}
	return { file, id: header.id };
}
