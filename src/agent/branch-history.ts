/**
 * What a resumed session shows in its transcript: every message on the
 * current branch, with its compactions and branch summaries where they
 * happened. The model's context (`SessionStore.buildContext`) is shorter
 * after a compaction — a summary, then the kept messages — but the person
 * reading the transcript still sees what was said; the file keeps it all.
 */
import type { Message } from "../kernel/messages.js";
import type { BranchSummaryEntry, CompactionEntry, MessageEntry, SessionEntry } from "./session-entries.js";

export type BranchHistoryItem =
	| { kind: "messages"; messages: Message[] }
	| { kind: "compaction"; entry: CompactionEntry }
	| { kind: "branch_summary"; entry: BranchSummaryEntry };

/** The branch (root to leaf, as `pathToLeaf` gives it) as runs of messages between compactions and summaries. */
export function branchHistory(path: readonly SessionEntry[]): BranchHistoryItem[] {
	const items: BranchHistoryItem[] = [];
	let run: Message[] = [];
	const flush = () => {
		if (run.length > 0) items.push({ kind: "messages", messages: run });
		run = [];
	};
	for (const entry of path) {
		if (entry.type === "message") run.push((entry as MessageEntry).message);
		else if (entry.type === "compaction") {
			flush();
			items.push({ kind: "compaction", entry: entry as CompactionEntry });
		} else if (entry.type === "branch_summary") {
			flush();
			items.push({ kind: "branch_summary", entry: entry as BranchSummaryEntry });
		}
	}
	flush();
	return items;
}
