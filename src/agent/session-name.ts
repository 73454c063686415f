/**
 * A session's name (`/name`): the latest `session_info` entry on any branch,
 * so renaming on one branch renames the session, not the branch. Names are
 * one line, as lists and pickers show them.
 */
import type { SessionEntry, SessionInfoEntry } from "./session-entries.js";

export const MAX_SESSION_NAME_LENGTH = 100;

/** The name set last, or undefined when the session was never named. */
export function sessionNameOf(entries: readonly SessionEntry[]): string | undefined {
	for (let i = entries.length - 1; i >= 0; i--) {
		const entry = entries[i];
		// Loading checked that a session_info entry's name is a string.
		if (entry.type === "session_info") return (entry as SessionInfoEntry).name;
	}
	return undefined;
}

/** The name as stored (whitespace collapsed), or what is wrong with it. */
export function checkSessionName(text: string): { name: string } | { error: string } {
	const name = text.replace(/\s+/g, " ").trim();
	if (name === "") return { error: "the name is empty" };
	if (name.length > MAX_SESSION_NAME_LENGTH) {
		return { error: `the name has ${name.length} characters; keep it to ${MAX_SESSION_NAME_LENGTH}` };
	}
	return { name };
}
