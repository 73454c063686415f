/**
 * The session tree as people read it: one node per user message, compaction
 * and branch summary, with everything else (answers, tool results, model
 * changes, extension state) folded into the turn it belongs to. Built in one
 * pass over the entries in file order (a parent is always written before its
 * children), so a 10,000-entry session costs a few milliseconds, and flattened
 * into rows with guide lines without recursion, so a long chain cannot
 * overflow the stack.
 */
import type { Message } from "../kernel/messages.js";
import type { LabelEntry, SessionEntry } from "./session-entries.js";

export type TreeNodeKind = "user" | "compaction" | "branch_summary";

export interface TreeNode {
	/** The entry the node stands for. */
	readonly id: string;
	readonly kind: TreeNodeKind;
	/** One line: the user's text, or what the compaction or summary says. */
	readonly text: string;
	/** ISO 8601, of the node's entry. */
	readonly timestamp: string;
	readonly parent: TreeNode | undefined;
	readonly children: TreeNode[];
	/** The last entry of the node's turn (its answer, tool results): where "continue after it" moves the leaf. */
	endId: string;
	/** Entries folded into the node's turn. */
	folded: number;
	/** On the path from the root to the current leaf. */
	onPath: boolean;
	/** The node whose turn holds the current leaf. */
	current: boolean;
	/** Labels on the node's entry and on entries folded into its turn (`label` entries), the node's own first. */
	labels: string[];
}

export interface SessionTree {
	/** Nodes with no node above them, in file order. */
	readonly roots: TreeNode[];
	readonly nodes: ReadonlyMap<string, TreeNode>;
	/** The node holding the leaf; undefined when the leaf is before the first user message. */
	readonly current: TreeNode | undefined;
}

/** Characters kept of a node's text; the view truncates further to its width. */
const PREVIEW_CHARS = 200;

/** The tree of `entries` with the path to `leafId` marked. */
export function buildSessionTree(entries: readonly SessionEntry[], leafId: string | null): SessionTree {
	const nodes = new Map<string, TreeNode>();
	// Each entry's node: itself for a node entry, else the node of its parent (undefined above the first).
	const owner = new Map<string, TreeNode | undefined>();
	const roots: TreeNode[] = [];
	// The latest label per entry, in file order; applied to the nodes once every entry has its node.
	const labels = new Map<string, string | undefined>();
	for (const entry of entries) {
		const above = entry.parentId === null ? undefined : owner.get(entry.parentId);
		if (entry.type === "label") {
			// A label is about another entry: it belongs to no turn and does not move where "continue after" goes.
			owner.set(entry.id, above);
			const { targetId, label } = entry as LabelEntry;
			labels.delete(targetId);
			labels.set(targetId, label || undefined);
			continue;
		}
		const kind = nodeKind(entry);
		if (kind === undefined) {
			owner.set(entry.id, above);
			if (above) {
				above.endId = entry.id;
				above.folded++;
			}
			continue;
		}
		const node: TreeNode = {
			id: entry.id,
			kind,
			text: nodeText(entry, kind),
			timestamp: entry.timestamp,
			parent: above,
			children: [],
			endId: entry.id,
			folded: 0,
			onPath: false,
			current: false,
			labels: [],
		};
		nodes.set(node.id, node);
		owner.set(entry.id, node);
		if (above) above.children.push(node);
		else roots.push(node);
	}
	for (const [targetId, label] of labels) {
		const node = owner.get(targetId);
		if (!node || label === undefined) continue;
		if (targetId === node.id) node.labels.unshift(label);
		else node.labels.push(label);
	}
	const current = leafId === null ? undefined : owner.get(leafId);
	if (current && leafId !== null) {
		current.current = true;
		// The turn may have gone on along another branch; "continue after" the current node means staying put.
		current.endId = leafId;
		for (let node: TreeNode | undefined = current; node && !node.onPath; node = node.parent)
			node.onPath = true;
	}
	return { roots, nodes, current };
}

export interface TreeRow {
	node: TreeNode;
	/** The guide drawn before the node's text: "" on the trunk, "├─ ", "│  └─ " inside branches. */
	guide: string;
	/** The node has more than one child: the conversation branches after it. */
	branchPoint: boolean;
}

/**
 * The nodes in reading order (each branch after its parent, branches in the
 * order they were written). A chain stays at one indentation; only where
 * the conversation branches do the children step in, with guide lines.
 */
export function treeRows(tree: SessionTree): TreeRow[] {
	const rows: TreeRow[] = [];
	// Work stack: a node, its own guide, and the guide its descendants continue from.
	const stack: Array<{ node: TreeNode; guide: string; base: string }> = [];
	const pushChildren = (children: readonly TreeNode[], base: string) => {
		if (children.length === 1) {
			stack.push({ node: children[0], guide: base, base });
			return;
		}
		for (let i = children.length - 1; i >= 0; i--) {
			const last = i === children.length - 1;
			stack.push({
				node: children[i],
				guide: base + (last ? "└─ " : "├─ "),
				base: base + (last ? "   " : "│  "),
			});
		}
	};
	pushChildren(tree.roots, "");
	for (let item = stack.pop(); item; item = stack.pop()) {
		const { node } = item;
		rows.push({ node, guide: item.guide, branchPoint: node.children.length > 1 });
		pushChildren(node.children, item.base);
	}
	return rows;
}

function nodeKind(entry: SessionEntry): TreeNodeKind | undefined {
	if (entry.type === "compaction") return "compaction";
	if (entry.type === "branch_summary") return "branch_summary";
	if (entry.type === "message" && (entry as { message?: Message }).message?.role === "user") return "user";
	return undefined;
}

function nodeText(entry: SessionEntry, kind: TreeNodeKind): string {
	switch (kind) {
		case "user":
			return preview(userText((entry as { message: Message }).message));
		case "compaction": {
			const { tokensBefore, tokensAfter } = entry as { tokensBefore?: number; tokensAfter?: number };
			const saved =
				typeof tokensBefore === "number" && typeof tokensAfter === "number"
					? ` (${tokensBefore} → ${tokensAfter} tokens)`
					: "";
			return `compacted${saved}: ${preview(String((entry as { summary?: unknown }).summary ?? ""))}`;
		}
		case "branch_summary":
			return `summary of a branch left: ${preview(String((entry as { summary?: unknown }).summary ?? ""))}`;
	}
}

/** The text of a user message; images as "[image]". */
export function userText(message: Message): string {
	if (message.role !== "user" && message.role !== "custom") return "";
	if (typeof message.content === "string") return message.content;
	return message.content.map((part) => (part.type === "text" ? part.text : "[image]")).join(" ");
}

function preview(text: string): string {
	const line = text.replace(/\s+/g, " ").trim();
	return line.length > PREVIEW_CHARS ? `${line.slice(0, PREVIEW_CHARS - 1)}…` : line;
}
