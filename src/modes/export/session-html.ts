/**
 * A session's current branch as one self-contained HTML page: everything it
 * shows is inline (style, images as data URIs), there is no script at all, and
 * a Content-Security-Policy forbids loading anything, so the page opens
 * offline and nothing a message holds can run. Tool calls, their results and
 * the model's thinking fold away in `<details>`.
 */
import type { SessionEntry, SessionHeader } from "../../agent/session-entries.js";
import { isKnownEntry } from "../../agent/session-entries.js";
import type {
	AssistantMessage,
	ImageContent,
	Message,
	ToolCall,
	ToolResultMessage,
	UserContent,
} from "../../kernel/messages.js";
import { EXPORT_CSS } from "./export-style.js";
import { escapeHtml, markdownToHtml } from "./markdown-html.js";

export interface ExportInput {
	header: SessionHeader;
	/** The name `/name` gave the session, if any. */
	name?: string;
	/** "provider/model" of the latest model on the branch. */
	model?: string;
	/** The current branch, root first. */
	entries: readonly SessionEntry[];
	/** When the session was last written to (the last entry's time). */
	updated?: string;
}

const IMAGE_TYPES = new Set(["image/png", "image/jpeg", "image/gif", "image/webp"]);
const BASE64 = /^[A-Za-z0-9+/=\s]*$/;
const CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'";

export function renderSessionHtml(input: ExportInput): string {
	const { header } = input;
	const title = input.name ?? `weft session ${header.id.slice(0, 8)}`;
	const results = new Map<string, ToolResultMessage>();
	for (const entry of input.entries) {
		if (isKnownEntry(entry) && entry.type === "message" && entry.message.role === "toolResult") {
			results.set(entry.message.toolCallId, entry.message);
		}
	}
	const shown = new Set<string>();
	const body = input.entries.map((entry) => renderEntry(entry, results, shown)).join("");
	const facts: Array<[string, string | undefined]> = [
		["Session", header.id],
		["Forked from", header.parentSession],
		["Folder", header.cwd],
		["Started", header.timestamp],
		["Last entry", input.updated],
		["Model", input.model],
	];
	const rows = facts
		.filter((fact): fact is [string, string] => fact[1] !== undefined)
		.map(([label, value]) => `<dt>${escapeHtml(label)}</dt><dd>${escapeHtml(value)}</dd>`)
		.join("\n");
	return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="weft">
<title>${escapeHtml(title)}</title>
<style>${EXPORT_CSS}</style>
</head>
<body>
<header>
<h1>${escapeHtml(title)}</h1>
<dl>
${rows}
</dl>
</header>
<main>
${body}</main>
</body>
</html>
`;
}

function renderEntry(
	entry: SessionEntry,
	results: Map<string, ToolResultMessage>,
	shown: Set<string>,
): string {
	if (!isKnownEntry(entry)) return "";
	switch (entry.type) {
		case "message":
			return renderMessage(entry.message, results, shown);
		case "compaction":
			return summaryBlock(
				"compaction",
				`Compacted (${entry.reason}): ${entry.tokensBefore} → ${entry.tokensAfter} tokens; from here the model saw this summary in place of the older messages`,
				entry.summary,
			);
		case "branch_summary":
			return summaryBlock("branch-summary", "Summary of the branch left behind", entry.summary);
		case "model_change":
			return note(`Model: ${entry.provider}/${entry.model}`);
		case "thinking_level":
			return note(`Thinking: ${entry.level}`);
		case "session_info":
			return note(`Named: ${entry.name}`);
		case "custom":
		case "label":
		case "partial":
			return "";
	}
}

function renderMessage(
	message: Message,
	results: Map<string, ToolResultMessage>,
	shown: Set<string>,
): string {
	switch (message.role) {
		case "user":
			return article("user", "You", message.timestamp, userContent(message.content));
		case "assistant":
			return article(
				"assistant",
				escapeHtml(`${message.provider}/${message.model}`),
				message.timestamp,
				assistantContent(message, results, shown),
			);
		case "toolResult":
			// Shown inside its call; one whose call is not on the branch stands alone.
			return shown.has(message.toolCallId) ? "" : toolResult(message);
		case "custom":
			return message.display
				? article("custom", escapeHtml(message.customType), message.timestamp, userContent(message.content))
				: "";
	}
}

function article(kind: string, who: string, timestamp: number, content: string): string {
	const time = Number.isFinite(timestamp) ? new Date(timestamp).toISOString() : "";
	return `<article class="${kind}">
<div class="who">${who}${time ? ` <time datetime="${time}">${time.replace("T", " ").slice(0, 19)}</time>` : ""}</div>
${content}</article>
`;
}

function userContent(content: string | UserContent[]): string {
	if (typeof content === "string") return plainText(content);
	return content.map((part) => (part.type === "text" ? plainText(part.text) : image(part))).join("");
}

/** What the user typed, as typed: line breaks and spacing kept, nothing interpreted. */
function plainText(text: string): string {
	return text === "" ? "" : `<div class="plain">${escapeHtml(text)}</div>\n`;
}

function image(part: ImageContent): string {
	if (!IMAGE_TYPES.has(part.mimeType) || !BASE64.test(part.data)) {
		return `<p class="note">[an image of type ${escapeHtml(part.mimeType)} is not shown]</p>\n`;
	}
	return `<img alt="attached image" src="data:${part.mimeType};base64,${part.data.replace(/\s/g, "")}">\n`;
}

function assistantContent(
	message: AssistantMessage,
	results: Map<string, ToolResultMessage>,
	shown: Set<string>,
): string {
	const parts = message.content.map((part) => {
		switch (part.type) {
			case "text":
				return `<div class="markdown">${markdownToHtml(part.text)}</div>\n`;
			case "thinking":
				return part.thinking.trim() === ""
					? ""
					: `<details class="thinking"><summary>Thinking</summary>\n<div class="markdown">${markdownToHtml(part.thinking)}</div></details>\n`;
			case "toolCall":
				shown.add(part.id);
				return toolCall(part, results.get(part.id));
		}
		return "";
	});
	if (message.errorMessage) parts.push(`<p class="error">${escapeHtml(message.errorMessage)}</p>\n`);
	else if (message.stopReason === "aborted") parts.push(`<p class="note">(stopped by the user)</p>\n`);
	return parts.join("");
}

function toolCall(call: ToolCall, result: ToolResultMessage | undefined): string {
	const args = JSON.stringify(call.args, null, 2);
	const state = result === undefined ? " pending" : result.isError ? " failed" : "";
	return `<details class="tool${state}"><summary><span class="tool-name">${escapeHtml(call.name)}</span> ${escapeHtml(summarizeArgs(call.args))}</summary>
<pre class="args">${escapeHtml(args)}</pre>
${result ? resultBody(result) : `<p class="note">(no result recorded)</p>\n`}</details>
`;
}

function toolResult(result: ToolResultMessage): string {
	return `<details class="tool${result.isError ? " failed" : ""}"><summary><span class="tool-name">${escapeHtml(result.toolName)}</span> result</summary>
${resultBody(result)}</details>
`;
}

function resultBody(result: ToolResultMessage): string {
	return result.content
		.map((part) =>
			part.type === "text" ? `<pre class="result">${escapeHtml(part.text)}</pre>\n` : image(part),
		)
		.join("");
}

/** The first argument's value on one line, to tell calls apart while folded. */
function summarizeArgs(args: Record<string, unknown>): string {
	const first = Object.values(args)[0];
	if (first === undefined) return "";
	const text = (typeof first === "string" ? first : JSON.stringify(first)).replace(/\s+/g, " ");
	return text.length > 100 ? `${text.slice(0, 99)}…` : text;
}

function summaryBlock(kind: string, title: string, summary: string): string {
	return `<details class="summary ${kind}"><summary>${escapeHtml(title)}</summary>
<div class="markdown">${markdownToHtml(summary)}</div></details>
`;
}

function note(text: string): string {
	return `<p class="note">${escapeHtml(text)}</p>\n`;
}
