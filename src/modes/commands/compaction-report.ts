/**
 * One line saying how a compaction ended: what it saved, or why it did not
 * happen (nothing old enough to summarise, an extension or the user cancelled
 * it, the summary request failed). The terminal UI's transcript and `/compact`
 * in the other modes say it the same way.
 */
import type { CompactionOutcome } from "../../agent/compaction/outcome.js";
import type { CompactionReason } from "../../agent/session-entries.js";
import type { NotifyLevel } from "../../kernel/ui-port.js";
import { formatCount } from "./format.js";

export function compactionReport(
	reason: CompactionReason,
	outcome: CompactionOutcome,
): { level: NotifyLevel; text: string } {
	switch (outcome.status) {
		case "compacted": {
			const by = outcome.entry.fromHook ? ", summary by an extension" : "";
			return {
				level: "info",
				text: `Compacted: ${formatCount(outcome.tokensBefore)} → ${formatCount(outcome.tokensAfter)} tokens (${reason}${by})`,
			};
		}
		case "nothing":
			return { level: "info", text: capitalize(outcome.message) };
		case "cancelled":
			return { level: "warning", text: `Not compacted: ${outcome.reason ?? "cancelled"}` };
		case "failed":
			return {
				level: "error",
				text: `Compaction failed: ${outcome.error.replace(/^compaction failed: /, "")}`,
			};
	}
}

function capitalize(text: string): string {
	return text.charAt(0).toUpperCase() + text.slice(1);
}
