/**
 * What a compaction ends with. "nothing" and "cancelled" are ordinary
 * outcomes, not errors: a short conversation has nothing to summarise, and an
 * extension or the user may stop it.
 */
import type { CompactionEntry, CompactionReason } from "../session-entries.js";

export type CompactionOutcome =
	| { status: "compacted"; entry: CompactionEntry; tokensBefore: number; tokensAfter: number }
	| { status: "cancelled"; reason?: string }
	| { status: "nothing"; message: string }
	| { status: "failed"; error: string };

export interface CompactOptions {
	/** Appended to the summary prompt to steer what it keeps (`/compact <instructions>`). */
	instructions?: string;
	/** Default "manual". */
	reason?: CompactionReason;
	signal?: AbortSignal;
}
