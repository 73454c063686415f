/**
 * What a session file needs after weft was killed or crashed, worked out when
 * it is loaded: a result for every tool call on the current branch that has
 * none (the tool was running), and the answer that was streaming, rebuilt from
 * its checkpoints. The store appends these as ordinary message entries, so the
 * file is repaired by adding to it, never by rewriting it, and loading it again
 * finds nothing left to do.
 */
import { type AssistantMessage, emptyUsage, type Message } from "../kernel/messages.js";
import { interruptedToolResult, unansweredToolCalls } from "./conversation-repair.js";
import type { PartialContent, PartialEntry, SessionEntry } from "./session-entries.js";

export const INTERRUPTED_ANSWER_TEXT =
	"weft stopped while this answer was streaming (crash or kill); it holds what had arrived";

export interface RecoveryStep {
	message: Message;
	/** The entry id the message must take: an answer's id, which marks its checkpoints as superseded. */
	id?: string;
}

export interface Recovery {
	steps: RecoveryStep[];
	/** One line per repair, for the user. */
	notes: string[];
}

export function planRecovery(
	path: readonly SessionEntry[],
	checkpoints: readonly PartialEntry[],
	hasEntry: (id: string) => boolean,
	file: string,
): Recovery {
	const steps: RecoveryStep[] = [];
	const notes: string[] = [];
	const messages: Message[] = [];
	for (const entry of path)
		if (entry.type === "message") messages.push((entry as { message: Message }).message);
	const calls = unansweredToolCalls(messages);
	if (calls.length > 0) {
		for (const call of calls) steps.push({ message: interruptedToolResult(call) });
		const names = [...new Set(calls.map((call) => call.name))].join(", ");
		notes.push(
			`${file}: weft stopped during ${calls.length === 1 ? "a tool call" : `${calls.length} tool calls`} (${names}); recorded ${calls.length === 1 ? "it" : "them"} as interrupted`,
		);
	}
	// Most loads find no checkpoints: then no set of the branch's ids (10,000 in a long session) is built.
	const onPath = new Set(checkpoints.length > 0 ? path.map((entry) => entry.id) : []);
	for (const [answerId, pieces] of groupByAnswer(checkpoints)) {
		const parentId = pieces[0].parentId;
		if (hasEntry(answerId) || (parentId !== null && !onPath.has(parentId))) continue;
		const message = interruptedAnswer(pieces);
		steps.push({ message, id: answerId });
		const chars = message.content.reduce(
			(n, block) =>
				n +
				(block.type === "text" ? block.text.length : block.type === "thinking" ? block.thinking.length : 0),
			0,
		);
		notes.push(`${file}: restored an answer cut off while streaming (${chars} characters had arrived)`);
	}
	return { steps, notes };
}

function groupByAnswer(checkpoints: readonly PartialEntry[]): Map<string, PartialEntry[]> {
	const groups = new Map<string, PartialEntry[]>();
	for (const checkpoint of checkpoints) {
		const group = groups.get(checkpoint.answerId);
		if (group) group.push(checkpoint);
		else groups.set(checkpoint.answerId, [checkpoint]);
	}
	return groups;
}

/** The checkpoints joined back into the message that was streaming; tool calls never ran and are not in them. */
function interruptedAnswer(pieces: readonly PartialEntry[]): AssistantMessage {
	const content: PartialContent[] = [];
	for (const piece of pieces.flatMap((checkpoint) => checkpoint.content)) {
		const last = content.at(-1);
		if (last?.type === "text" && piece.type === "text") last.text += piece.text;
		else if (last?.type === "thinking" && piece.type === "thinking") last.thinking += piece.thinking;
		else content.push({ ...piece });
	}
	const first = pieces[0];
	const started = Date.parse(first.timestamp);
	return {
		role: "assistant",
		content,
		provider: first.provider,
		model: first.model,
		usage: emptyUsage(),
		stopReason: "aborted",
		errorMessage: INTERRUPTED_ANSWER_TEXT,
		timestamp: Number.isNaN(started) ? Date.now() : started,
	};
}
