/**
 * Where a compaction cuts the current branch: everything before the first
 * kept entry is summarised, the rest is kept verbatim. The kept tail is the
 * longest that fits `keepRecentTokens` and starts at a turn boundary (a user
 * message). When the latest turn alone is over the budget (one prompt that ran
 * many tools), the cut falls inside it at a model step instead: at an
 * assistant message, after every earlier step's tool results, so a tool call
 * and its result are never separated; at least the last step is kept. A
 * previous compaction on the branch is built upon: only what came after its
 * first kept entry is considered, and its summary is handed on.
 */
import { estimateMessageTokens } from "../../ai/token-estimate.js";
import type { Message } from "../../kernel/messages.js";
import { type CompactionEntry, isKnownEntry, type SessionEntry } from "../session-entries.js";
import { branchSummaryMessage } from "./summary-message.js";

export type CutPlan =
	| {
			kind: "cut";
			firstKeptEntryId: string;
			/** The messages the summary replaces (after any previous compaction's kept start). */
			summarise: Message[];
			/** The messages kept verbatim after the summary. */
			kept: Message[];
			/** How many branch entries they come from. */
			entries: number;
			/** The summary of the previous compaction on the branch, which the new one must cover too. */
			previousSummary?: string;
	  }
	| { kind: "nothing"; message: string };

interface Item {
	entryId: string;
	message: Message;
	/** True when every tool call before this item that gets a result has got it. */
	settled: boolean;
}

export function planCut(path: readonly SessionEntry[], keepRecentTokens: number): CutPlan {
	const { items, previous } = itemsSincePreviousCompaction(path);
	const suffix = new Array<number>(items.length + 1).fill(0);
	for (let k = items.length - 1; k >= 0; k--)
		suffix[k] = suffix[k + 1] + estimateMessageTokens(items[k].message);

	const turnStarts: number[] = [];
	const steps: number[] = [];
	for (const [k, item] of items.entries()) {
		if (k === 0 || !item.settled) continue;
		if (item.message.role === "user") turnStarts.push(k);
		// A step that follows tool results: cutting before a turn's first answer would summarise only its prompt.
		else if (item.message.role === "assistant" && items[k - 1].message.role === "toolResult") steps.push(k);
	}
	let cut = turnStarts.find((k) => suffix[k] <= keepRecentTokens);
	const lastTurn = turnStarts.at(-1);
	if (cut === undefined) {
		const inLastTurn = steps.filter((k) => k > (lastTurn ?? 0));
		cut = inLastTurn.find((k) => suffix[k] <= keepRecentTokens) ?? inLastTurn.at(-1) ?? lastTurn;
	}
	if (cut === undefined) {
		return {
			kind: "nothing",
			message:
				items.length === 0
					? "nothing to compact: the conversation is empty"
					: "nothing to compact: the conversation is a single exchange, which is kept as it is",
		};
	}
	return {
		kind: "cut",
		firstKeptEntryId: items[cut].entryId,
		summarise: items.slice(0, cut).map((item) => item.message),
		kept: items.slice(cut).map((item) => item.message),
		entries: cut,
		previousSummary: previous?.summary,
	};
}

/** The branch's messages since the latest compaction's first kept entry, and that compaction. */
function itemsSincePreviousCompaction(path: readonly SessionEntry[]): {
	items: Item[];
	previous?: CompactionEntry;
} {
	let start = 0;
	let previous: CompactionEntry | undefined;
	for (let i = path.length - 1; i >= 0; i--) {
		const entry = path[i];
		if (entry.type !== "compaction" || !isKnownEntry(entry)) continue;
		previous = entry as CompactionEntry;
		const kept = path.findIndex((e, j) => j < i && e.id === previous!.firstKeptEntryId);
		start = kept >= 0 ? kept : i + 1;
		break;
	}
	const candidates: Array<{ entryId: string; message: Message }> = [];
	for (let i = start; i < path.length; i++) {
		const entry = path[i];
		if (!isKnownEntry(entry)) continue;
		if (entry.type === "message") candidates.push({ entryId: entry.id, message: entry.message });
		else if (entry.type === "branch_summary")
			candidates.push({
				entryId: entry.id,
				message: branchSummaryMessage(entry.summary, Date.parse(entry.timestamp) || 0),
			});
	}
	// A call whose result was lost (a crash) is repaired in place and never holds a cut back.
	const answered = new Set<string>();
	for (const { message } of candidates) if (message.role === "toolResult") answered.add(message.toolCallId);
	const pending = new Set<string>();
	const items: Item[] = [];
	for (const candidate of candidates) {
		const { message } = candidate;
		items.push({ ...candidate, settled: pending.size === 0 });
		if (message.role === "toolResult") pending.delete(message.toolCallId);
		else if (message.role === "assistant") {
			for (const block of message.content)
				if (block.type === "toolCall" && answered.has(block.id)) pending.add(block.id);
		}
	}
	return { items, previous };
}
