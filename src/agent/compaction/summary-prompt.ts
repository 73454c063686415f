/**
 * The summary request's text: the conversation to summarise, written out as
 * plain text (so the request needs no tools and no tool-call pairing), and the
 * instructions that make the summary useful to a coding agent picking the
 * work up again. Long tool results are cut: what the agent concluded from
 * them is in the messages that follow, and the request must fit the window.
 */
import { estimateTextTokens } from "../../ai/token-estimate.js";
import type { Message } from "../../kernel/messages.js";

export const SUMMARY_SYSTEM_PROMPT =
	"You summarise conversations between a user and an AI coding agent so that the agent can continue the work from the summary alone. Do not continue the conversation, do not answer questions in it, do not call tools: write only the summary, in the format asked for.";

const FORMAT = `Write the summary in this format, leaving out a section only when there is nothing for it:

## Goal
What the user wants, in their terms.

## Constraints and preferences
Requirements, conventions and preferences the user stated.

## Progress
### Done
### In progress
### Open tasks

## Key decisions
Each decision with its reason.

## Files
Each file read or modified, with why and what changed (exact paths).

## Errors and fixes
Errors met and how they were resolved (or that they were not).

## Next steps
What to do next, in order.

## Critical context
Exact names, values, commands, snippets and references the work depends on.

Be concise but keep every fact the agent would need; prefer exact identifiers over paraphrase.`;

/** Per tool result; the rest of it is replaced by a note saying how much was cut. */
export const TOOL_RESULT_CHARS = 2_000;

export interface SummaryPromptInput {
	messages: readonly Message[];
	previousSummary?: string;
	instructions?: string;
	/** Estimated tokens the conversation text may take; older messages are left out beyond it. */
	budgetTokens: number;
}

export function summaryPrompt(input: SummaryPromptInput): string {
	const parts: string[] = [];
	if (input.previousSummary !== undefined) {
		parts.push(
			`This is the summary of the conversation before the part below:\n\n<previous-summary>\n${input.previousSummary}\n</previous-summary>`,
		);
	}
	parts.push(`<conversation>\n${conversationText(input.messages, input.budgetTokens)}\n</conversation>`);
	parts.push(
		input.previousSummary !== undefined
			? `Write one summary covering both the previous summary and the conversation above; newer information wins where they disagree.\n\n${FORMAT}`
			: `Summarise the conversation above.\n\n${FORMAT}`,
	);
	const instructions = input.instructions?.trim();
	if (instructions) parts.push(`Additional instructions for this summary:\n${instructions}`);
	return parts.join("\n\n");
}

/** The messages as text, newest kept when they do not all fit `budgetTokens`. */
export function conversationText(messages: readonly Message[], budgetTokens: number): string {
	const blocks: string[] = [];
	let tokens = 0;
	for (let i = messages.length - 1; i >= 0; i--) {
		const block = messageText(messages[i]);
		const cost = estimateTextTokens(block);
		if (tokens + cost > budgetTokens && blocks.length > 0) {
			blocks.push(`[${i + 1} earlier message${i === 0 ? "" : "s"} left out: too long to summarise at once]`);
			break;
		}
		tokens += cost;
		blocks.push(block);
	}
	return blocks.reverse().join("\n\n");
}

function messageText(message: Message): string {
	switch (message.role) {
		case "user":
			return `[User]\n${contentText(message.content)}`;
		case "custom":
			return `[Context: ${message.customType}]\n${contentText(message.content)}`;
		case "assistant": {
			const lines: string[] = [];
			for (const block of message.content) {
				if (block.type === "text" && block.text.trim()) lines.push(`[Assistant]\n${block.text}`);
				else if (block.type === "toolCall")
					lines.push(`[Assistant called ${block.name}] ${truncate(JSON.stringify(block.args ?? {}))}`);
			}
			if (message.stopReason === "error" && message.errorMessage)
				lines.push(`[Assistant failed] ${message.errorMessage}`);
			return lines.join("\n") || "[Assistant] (no text)";
		}
		case "toolResult":
			return `[${message.isError ? "Error from" : "Result of"} ${message.toolName}]\n${truncate(contentText(message.content))}`;
	}
}

function contentText(content: Message["content"]): string {
	if (typeof content === "string") return content;
	const parts: string[] = [];
	for (const block of content) {
		if (block.type === "text") parts.push(block.text);
		else if (block.type === "image") parts.push("[image]");
	}
	return parts.join("\n");
}

function truncate(text: string): string {
	if (text.length <= TOOL_RESULT_CHARS) return text;
	return `${text.slice(0, TOOL_RESULT_CHARS)}\n[… ${text.length - TOOL_RESULT_CHARS} more characters cut]`;
}
