import { describe, expect, it } from "vitest";
import { emptyUsage, type Message } from "../kernel/messages.js";
import type { SessionEntry } from "./session-entries.js";
import { buildSessionTree, treeRows } from "./session-tree.js";

let clock = 0;
function entry(id: string, parentId: string | null, fields: Record<string, unknown>): SessionEntry {
	clock++;
	return { id, parentId, timestamp: new Date(clock * 1000).toISOString(), ...fields } as SessionEntry;
}
const user = (id: string, parentId: string | null, text: string) =>
	entry(id, parentId, { type: "message", message: { role: "user", content: text, timestamp: 1 } as Message });
const answer = (id: string, parentId: string | null, text: string) =>
	entry(id, parentId, {
		type: "message",
		message: {
			role: "assistant",
			content: [{ type: "text", text }],
			provider: "p",
			model: "m",
			usage: emptyUsage(),
			stopReason: "end",
			timestamp: 2,
		} as Message,
	});

/**
 *   u1 → a1 → u2 → a2 → u3 → a3        (the first branch)
 *             └→ u4 → a4               (branched from a1: the current one)
 */
function branched(): SessionEntry[] {
	return [
		entry("m0", null, { type: "model_change", provider: "p", model: "m" }),
		user("u1", "m0", "first question"),
		answer("a1", "u1", "first answer"),
		user("u2", "a1", "try approach A"),
		answer("a2", "u2", "A done"),
		user("u3", "a2", "refine A"),
		answer("a3", "u3", "A refined"),
		user("u4", "a1", "try approach B"),
		answer("a4", "u4", "B done"),
	];
}

describe("buildSessionTree", () => {
	it("makes user messages the nodes and folds answers and settings into their turn", () => {
		const tree = buildSessionTree(branched(), "a4");
		expect(tree.roots.map((n) => n.id)).toEqual(["u1"]);
		const u1 = tree.nodes.get("u1")!;
		expect(u1.children.map((n) => n.id)).toEqual(["u2", "u4"]);
		expect(u1.folded).toBe(1);
		expect(u1.endId).toBe("a1");
		expect(tree.nodes.get("u2")!.children.map((n) => n.id)).toEqual(["u3"]);
		expect([...tree.nodes.keys()]).toEqual(["u1", "u2", "u3", "u4"]);
	});

	it("marks the path to the leaf and the node holding it", () => {
		const tree = buildSessionTree(branched(), "a4");
		const onPath = [...tree.nodes.values()].filter((n) => n.onPath).map((n) => n.id);
		expect(onPath).toEqual(["u1", "u4"]);
		expect(tree.current?.id).toBe("u4");
		expect(tree.nodes.get("u4")!.current).toBe(true);
		expect(tree.nodes.get("u3")!.current).toBe(false);
	});

	it("a leaf before the first user message has no current node", () => {
		const tree = buildSessionTree(branched(), "m0");
		expect(tree.current).toBeUndefined();
		expect([...tree.nodes.values()].some((n) => n.onPath)).toBe(false);
	});

	it("shows compactions and branch summaries as nodes, with what they say", () => {
		const entries = [
			...branched(),
			entry("c1", "a4", {
				type: "compaction",
				summary: "Goal: approach B\nmore",
				firstKeptEntryId: "u4",
				tokensBefore: 5000,
				tokensAfter: 800,
				reason: "manual",
			}),
			entry("s1", "a3", { type: "branch_summary", fromId: "a4", summary: "B was tried" }),
		];
		const tree = buildSessionTree(entries, "s1");
		expect(tree.nodes.get("c1")).toMatchObject({
			kind: "compaction",
			text: expect.stringContaining("5000 → 800"),
		});
		expect(tree.nodes.get("c1")!.text).toContain("Goal: approach B more");
		expect(tree.nodes.get("s1")).toMatchObject({ kind: "branch_summary", current: true });
		expect(tree.nodes.get("s1")!.parent?.id).toBe("u3");
	});

	it("shows an image in a user message as [image] and cuts long text", () => {
		const long = "x".repeat(500);
		const tree = buildSessionTree(
			[
				entry("u1", null, {
					type: "message",
					message: {
						role: "user",
						content: [
							{ type: "text", text: "look" },
							{ type: "image", data: "", mimeType: "image/png" },
						],
						timestamp: 1,
					},
				}),
				user("u2", "u1", long),
			],
			"u2",
		);
		expect(tree.nodes.get("u1")!.text).toBe("look [image]");
		expect(tree.nodes.get("u2")!.text.length).toBe(200);
	});

	it("keeps entries whose parent is missing as roots instead of dropping them", () => {
		const tree = buildSessionTree([user("u1", null, "a"), user("u2", "gone", "b")], "u2");
		expect(tree.roots.map((n) => n.id)).toEqual(["u1", "u2"]);
	});
});

describe("labels in the tree", () => {
	it("shows each entry's latest label on the node of its turn, the node's own first, and leaves turns alone", () => {
		const label = (id: string, parentId: string, targetId: string, text?: string) =>
			entry(id, parentId, { type: "label", targetId, ...(text === undefined ? {} : { label: text }) });
		const entries = [
			...branched(),
			label("l1", "a4", "a1", "answer one"),
			label("l2", "l1", "u1", "start"),
			label("l3", "l2", "u4", "old"),
			label("l4", "l3", "u4", "approach B"),
			label("l5", "l4", "a2", "gone"),
			label("l6", "l5", "a2"),
		];
		const tree = buildSessionTree(entries, "l6");
		expect(tree.nodes.get("u1")?.labels).toEqual(["start", "answer one"]);
		expect(tree.nodes.get("u4")?.labels).toEqual(["approach B"]);
		expect(tree.nodes.get("u2")?.labels).toEqual([]);
		// The label entries hang under a4 but are no part of its turn.
		expect(tree.current?.id).toBe("u4");
		expect(tree.nodes.get("u4")?.folded).toBe(1);
	});
});

describe("treeRows", () => {
	it("keeps a chain at one indentation and steps in with guides where it branches", () => {
		const rows = treeRows(buildSessionTree(branched(), "a4"));
		expect(rows.map((r) => `${r.guide}${r.node.text}`)).toEqual([
			"first question",
			"├─ try approach A",
			"│  refine A",
			"└─ try approach B",
		]);
		expect(rows[0].branchPoint).toBe(true);
		expect(rows[1].branchPoint).toBe(false);
	});

	it("several roots are branches of their own", () => {
		const rows = treeRows(buildSessionTree([user("u1", null, "a"), user("u2", null, "b")], "u2"));
		expect(rows.map((r) => r.guide)).toEqual(["├─ ", "└─ "]);
	});

	it("handles a 10,000-entry session with deep chains and many branches quickly, without recursion", () => {
		const entries: SessionEntry[] = [];
		let parent: string | null = null;
		for (let i = 0; i < 5_000; i++) {
			entries.push(user(`u${i}`, parent, `question ${i}`));
			entries.push(answer(`a${i}`, `u${i}`, `answer ${i}`));
			// Every 100 turns, a side branch off the previous answer.
			parent = i % 100 === 99 && i > 0 ? `a${i - 1}` : `a${i}`;
		}
		const started = performance.now();
		const tree = buildSessionTree(entries, entries.at(-1)!.id);
		const rows = treeRows(tree);
		const elapsed = performance.now() - started;
		expect(rows).toHaveLength(5_000);
		expect(tree.current?.id).toBe("u4999");
		// A generous ceiling: the point is linear work, not a benchmark.
		expect(elapsed).toBeLessThan(1_000);
	});
});
