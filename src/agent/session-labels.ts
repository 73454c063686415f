/**
 * Labels on session entries (bookmarks shown in /tree; pi's `setLabel`):
 * `label` entries, the latest one naming an entry winning, on any branch, so
 * a label stays with its entry wherever the conversation goes. Labels are one
 * short line, as the tree shows them.
 */
import type { LabelEntry, SessionEntry } from "./session-entries.js";
import type { SessionStore } from "./session-store.js";

export const MAX_LABEL_LENGTH = 60;

/** Every labelled entry's label, by entry id. */
export function labelsOf(entries: readonly SessionEntry[]): Map<string, string> {
	const labels = new Map<string, string>();
	for (const entry of entries) {
		if (entry.type !== "label") continue;
		// Loading checked the shape: targetId a string, label a string or absent.
		const { targetId, label } = entry as LabelEntry;
		if (label === undefined || label === "") labels.delete(targetId);
		else labels.set(targetId, label);
	}
	return labels;
}

/** The label as stored (whitespace collapsed; empty clears it), or what is wrong with it. */
export function checkLabel(text: string | undefined): { label: string | undefined } | { error: string } {
	if (text === undefined) return { label: undefined };
	if (typeof text !== "string") return { error: "a label must be text (or undefined to clear it)" };
	const label = text.replace(/\s+/g, " ").trim();
	if (label.length > MAX_LABEL_LENGTH) {
		return { error: `the label has ${label.length} characters; keep it to ${MAX_LABEL_LENGTH}` };
	}
	return { label: label === "" ? undefined : label };
}

/**
 * Sets (or with undefined clears) the label of entry `targetId`: one `label`
 * entry appended, written before this returns. Throws, saying why, for an
 * entry the session does not have or a label that does not fit.
 */
export function setEntryLabel(store: SessionStore, targetId: string, text: string | undefined): LabelEntry {
	const target = typeof targetId === "string" ? store.getEntry(targetId) : undefined;
	if (!target) throw new Error(`cannot label entry "${targetId}": session ${store.id} has no such entry`);
	const checked = checkLabel(text);
	if ("error" in checked) throw new Error(`cannot label entry "${targetId}": ${checked.error}`);
	return store.append(
		checked.label === undefined
			? { type: "label", targetId }
			: { type: "label", targetId, label: checked.label },
	);
}
