/**
 * How summaries reach the model: a compaction's summary stands in for the
 * conversation before its first kept entry, a branch summary tells the model
 * what happened on a branch the user left. Both are custom messages (sent as
 * user text, shown in the transcript) with a wrapper saying what they are, so
 * the model does not read them as a new request.
 */
import type { CustomMessage } from "../../kernel/messages.js";

export const COMPACTION_SUMMARY_TYPE = "compaction_summary";
export const BRANCH_SUMMARY_TYPE = "branch_summary";

export function compactionSummaryMessage(summary: string, timestamp: number): CustomMessage {
	return {
		role: "custom",
		customType: COMPACTION_SUMMARY_TYPE,
		content: `The earlier part of this conversation was compacted: it is no longer shown to you, and this summary of it takes its place. Continue from it and from the messages that follow.\n\n<summary>\n${summary}\n</summary>`,
		display: true,
		timestamp,
	};
}

export function branchSummaryMessage(summary: string, timestamp: number): CustomMessage {
	return {
		role: "custom",
		customType: BRANCH_SUMMARY_TYPE,
		content: `The user left another branch of this conversation and continued from here. A summary of the work on that branch (it is not part of the messages you see):\n\n<summary>\n${summary}\n</summary>`,
		display: true,
		timestamp,
	};
}
