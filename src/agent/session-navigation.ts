/**
 * Moving the session's leaf to another point of its tree (`/tree`), so the
 * next prompt starts a branch there. Choosing a user message branches before
 * it and hands its text back for editing (as pi does); choosing any other
 * entry continues after it. The branch being left can be summarised into the
 * new position as a `branch_summary` entry, which the model then sees; the
 * `session_before_tree` gate lets an extension cancel the move or supply that
 * summary. Nothing in the file is rewritten: only the leaf moves.
 */
import type { Message, Usage } from "../kernel/messages.js";
import type { EventRelay } from "./event-relay.js";
import type { SessionEntry } from "./session-entries.js";
import type { SessionStore } from "./session-store.js";
import { userText } from "./session-tree.js";

export interface NavigateOptions {
	/** Summarise the branch being left into the new position; an object adds instructions for the summary. */
	summarize?: boolean | { instructions: string };
}

export type NavigateOutcome =
	| {
			status: "moved";
			/** The entry the next prompt hangs under (the summary, when one was written). */
			leafId: string | null;
			/** The chosen user message's text, for the composer; undefined when another entry was chosen. */
			editorText?: string;
			/** The branch_summary entry written, if any. */
			summaryId?: string;
			/** True when an extension supplied the summary. */
			summaryFromHook?: boolean;
	  }
	| { status: "cancelled"; reason?: string };

/** Where a move to `targetId` puts the leaf, and what it leaves behind. */
export interface NavigationPlan {
	/** The new leaf before any summary is added. */
	leafId: string | null;
	editorText?: string;
	/** The entries of the branch left: after the common ancestor of the old and new leaf, up to the old leaf. */
	abandoned: SessionEntry[];
}

export function planNavigation(store: SessionStore, targetId: string): NavigationPlan {
	const target = store.getEntry(targetId);
	if (!target) throw new Error(`Cannot go to entry "${targetId}": session ${store.id} has no such entry.`);
	const message = target.type === "message" ? (target as { message?: Message }).message : undefined;
	const isUser = message?.role === "user";
	const leafId = isUser ? target.parentId : target.id;
	const onNewPath = new Set<string>();
	for (let id = leafId; id !== null && !onNewPath.has(id); id = store.getEntry(id)?.parentId ?? null) {
		onNewPath.add(id);
	}
	const oldPath = store.pathToLeaf();
	let keep = 0;
	while (keep < oldPath.length && onNewPath.has(oldPath[keep].id)) keep++;
	return {
		leafId,
		editorText: isUser && message ? userText(message) : undefined,
		abandoned: oldPath.slice(keep),
	};
}

/** The messages of a branch, for its summary. */
export function abandonedMessages(entries: readonly SessionEntry[]): Message[] {
	const messages: Message[] = [];
	for (const entry of entries) {
		if (entry.type === "message") messages.push((entry as { message: Message }).message);
	}
	return messages;
}

export interface NavigationDeps {
	store: SessionStore;
	relay: EventRelay;
	/** Writes the summary of a branch's messages (one model call); undefined instructions for the default prompt. */
	/** The summary of the branch left, and what its request spent (stored on the entry). */
	summarize(
		messages: Message[],
		instructions: string | undefined,
		signal?: AbortSignal,
	): Promise<{ text: string; usage?: Usage }>;
	signal?: AbortSignal;
	/** True while a run is in progress: the run would go on appending to the branch being left. */
	isBusy(): boolean;
	/** Rebuilds the in-memory conversation from the store; called before session_tree, so subscribers see the new branch. */
	rebuild(): void;
}

export async function navigateTree(
	deps: NavigationDeps,
	targetId: string,
	options: NavigateOptions = {},
): Promise<NavigateOutcome> {
	const { store, relay } = deps;
	refuseWhileBusy(deps);
	const plan = planNavigation(store, targetId);
	const fromId = store.leafId;
	const left = abandonedMessages(plan.abandoned);
	// Nothing said on the branch left: there is nothing to summarise.
	const wanted = options.summarize !== undefined && options.summarize !== false && left.length > 0;
	const instructions = typeof options.summarize === "object" ? options.summarize.instructions : undefined;
	const gate = await relay.emit("session_before_tree", {
		targetId,
		fromId,
		summarize: wanted,
		...(instructions ? { instructions } : {}),
		messages: left,
	});
	const verdict = gate.terminal;
	if (verdict?.cancel) return { status: "cancelled", reason: verdict.reason };
	let summary: string | undefined;
	let spent: Usage | undefined;
	let fromHook = false;
	if (typeof verdict?.summary === "string") {
		summary = verdict.summary;
		fromHook = true;
	} else if (wanted) {
		const made = await deps.summarize(left, instructions, deps.signal);
		summary = made.text;
		spent = made.usage;
	}
	// The user may have sent a prompt while the summary was written.
	refuseWhileBusy(deps);
	store.branch(plan.leafId);
	let summaryId: string | undefined;
	if (summary !== undefined && fromId !== null) {
		const entry = store.append({
			type: "branch_summary",
			fromId,
			summary,
			...(fromHook ? { fromHook: true } : {}),
			...(spent ? { usage: spent } : {}),
		});
		summaryId = entry.id;
	}
	deps.rebuild();
	relay.notify("session_tree", { targetId, fromId, leafId: store.leafId, summaryId });
	return {
		status: "moved",
		leafId: store.leafId,
		editorText: plan.editorText,
		summaryId,
		summaryFromHook: summaryId ? fromHook : undefined,
	};
}

function refuseWhileBusy(deps: NavigationDeps): void {
	if (deps.isBusy()) {
		throw new Error(
			"cannot move in the session tree while the agent is working; wait for it to finish (or press Esc to stop it), then try again",
		);
	}
}
