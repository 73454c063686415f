/**
 * `/tree`: the current session's tree (user messages, compactions, branch
 * summaries), to continue from any earlier point. Picking a user message
 * branches before it and puts its text back in the composer, to edit and
 * send again; → continues after a turn's answer. When the move leaves work
 * behind, the user chooses whether it is summarised into the new branch.
 * Ctrl+E labels a node (a bookmark; empty clears it) and reopens the tree on it.
 */

import { labelsOf, setEntryLabel } from "../../../agent/session-labels.js";
import {
	abandonedMessages,
	type NavigateOptions,
	planNavigation,
} from "../../../agent/session-navigation.js";
import type { SessionStore } from "../../../agent/session-store.js";
import { buildSessionTree, type TreeNode, treeRows } from "../../../agent/session-tree.js";
import type { CommandDefinition } from "../../../kernel/command.js";
import type { TreeDialogRow } from "../../../tui/chat/ui/tree-dialog.js";
import type { InteractiveServices } from "../services.js";
import { errorText, noArguments } from "./arguments.js";
import { relativeAge } from "./format.js";

export function treeCommand(services: InteractiveServices): CommandDefinition {
	return {
		description: "Continue from an earlier point of the session",
		handler: async (args) => {
			if (noArguments(services.ui, "tree", args)) await tree(services);
		},
	};
}

async function tree(services: InteractiveServices): Promise<void> {
	const { ui } = services;
	const session = services.session();
	if (!session.isIdle) {
		ui.notify(
			"/tree: the agent is working; wait for it to finish (or press Esc to stop it) first",
			"warning",
		);
		return;
	}
	const { store } = session;
	let labelled: string | undefined;
	let model: ReturnType<typeof buildSessionTree>;
	let node: TreeNode | undefined;
	let choice: Awaited<ReturnType<InteractiveServices["pickInTree"]>>;
	// Labelling comes back to the tree, on the node labelled, to see it and go on.
	for (;;) {
		model = buildSessionTree(store.entries, store.leafId);
		const rows = treeRows(model);
		if (rows.length === 0) {
			ui.notify("Nothing to navigate yet: the session has no messages", "info");
			return;
		}
		const now = Date.now();
		choice = await services.pickInTree(
			rows.map(
				({ node, guide }): TreeDialogRow => ({
					id: node.id,
					guide,
					text: node.text,
					meta: relativeAge(new Date(node.timestamp), now),
					kind: node.kind,
					onPath: node.onPath,
					current: node.current,
					labels: node.labels,
					selected: node.id === labelled,
				}),
			),
		);
		node = choice ? model.nodes.get(choice.id) : undefined;
		if (!choice || !node) return;
		if (choice.at !== "label") break;
		labelled = node.id;
		await editLabel(services, store, node);
	}
	const targetId = choice.at === "after" ? node.endId : node.id;
	const plan = planNavigation(store, targetId);
	if (plan.leafId === store.leafId && plan.editorText === undefined) {
		ui.notify("Already here: the next prompt continues from this point", "info");
		return;
	}
	const summarize = abandonedMessages(plan.abandoned).length > 0 ? await askSummary(services) : false;
	// Esc in the question: the move is called off, nothing changed.
	if (summarize === undefined) return;
	if (summarize) ui.notify("Summarising the branch you leave…", "info");
	let outcome: Awaited<ReturnType<typeof session.navigateTo>>;
	try {
		outcome = await session.navigateTo(targetId, { summarize });
	} catch (error) {
		ui.notify(`/tree: ${errorText(error)}`, "error");
		return;
	}
	if (outcome.status === "cancelled") {
		ui.notify(
			`moving in the session tree was cancelled${outcome.reason ? `: ${outcome.reason}` : ""}`,
			"warning",
		);
		return;
	}
	if (outcome.editorText !== undefined) services.setComposerText(outcome.editorText);
	const saved = outcome.summaryId
		? outcome.summaryFromHook
			? " (with an extension's summary of the branch left)"
			: " (with a summary of the branch left)"
		: "";
	ui.notify(
		outcome.editorText !== undefined
			? `Branching before that message${saved}: edit it and send to continue`
			: `Continuing from that point${saved}: the next prompt starts a branch there`,
		"info",
	);
}

/** Asks for the node's label (its current one to edit; empty clears it) and writes it. */
async function editLabel(services: InteractiveServices, store: SessionStore, node: TreeNode): Promise<void> {
	const { ui } = services;
	const current = labelsOf(store.entries).get(node.id);
	const text = await ui.input("Label for this point (empty clears it)", {
		initial: current ?? "",
		placeholder: "e.g. before the refactor",
	});
	if (text === undefined) return;
	try {
		setEntryLabel(store, node.id, text);
	} catch (error) {
		ui.notify(`/tree: ${errorText(error)}`, "error");
	}
}

/** The user's answer to "summarise the branch you leave?"; undefined when they backed out. */
async function askSummary(services: InteractiveServices): Promise<NavigateOptions["summarize"] | undefined> {
	const { ui } = services;
	const answer = await ui.select("Summarise the branch you leave?", [
		{ value: "no", label: "No", description: "the model does not see the branch left" },
		{ value: "yes", label: "Yes", description: "one model call; the new branch gets it" },
		{
			value: "instructions",
			label: "Yes, with instructions…",
			description: "say what the summary should keep",
		},
	]);
	if (answer === "no") return false;
	if (answer === "yes") return true;
	if (answer !== "instructions") return undefined;
	const instructions = await ui.input("What should the summary focus on?", {
		placeholder: "e.g. the failed approaches and why",
	});
	if (instructions === undefined) return undefined;
	return instructions.trim() === "" ? true : { instructions: instructions.trim() };
}
