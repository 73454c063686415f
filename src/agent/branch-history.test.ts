import { describe, expect, it } from "vitest";
import { branchHistory } from "./branch-history.js";
import type { SessionEntry } from "./session-entries.js";

const base = (id: string, parentId: string | null) => ({
	id,
	parentId,
	timestamp: "2026-12-07T00:00:00.000Z",
});
const user = (id: string, parentId: string | null, text: string): SessionEntry => ({
	...base(id, parentId),
	type: "message",
	message: { role: "user", content: text, timestamp: 0 },
});

describe("branchHistory", () => {
	it("keeps every message, with compactions and branch summaries where they happened", () => {
		const path: SessionEntry[] = [
			user("a", null, "first"),
			user("b", "a", "second"),
			{
				...base("c", "b"),
				type: "compaction",
				summary: "s",
				firstKeptEntryId: "b",
				tokensBefore: 900,
				tokensAfter: 100,
				reason: "manual",
			},
			{ ...base("d", "c"), type: "model_change", provider: "p", model: "m" },
			user("e", "d", "third"),
			{ ...base("f", "e"), type: "branch_summary", fromId: "x", summary: "left" },
			user("g", "f", "fourth"),
		];
		const items = branchHistory(path);
		expect(items.map((i) => i.kind)).toEqual([
			"messages",
			"compaction",
			"messages",
			"branch_summary",
			"messages",
		]);
		const texts = items.flatMap((i) => (i.kind === "messages" ? i.messages.map((m) => m.content) : []));
		// Messages before the compaction's first kept entry stay in what is shown.
		expect(texts).toEqual(["first", "second", "third", "fourth"]);
	});

	it("is empty for an empty branch", () => {
		expect(branchHistory([])).toEqual([]);
	});
});
