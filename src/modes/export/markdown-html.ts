/**
 * Markdown → HTML for exported sessions, from the same lexer the transcript
 * uses. Every piece of text is escaped and raw HTML in a message is shown as
 * text, never passed through: a session holds whatever the model or a file it
 * read said, and the page must not run any of it. Links keep only http(s) and
 * mailto targets, and images are shown as links, so opening the page never
 * reaches the network by itself.
 */
import type { Token, Tokens } from "marked";
import { decodeEntities } from "../../tui/chat/markdown/entities.js";
import { lexMarkdown } from "../../tui/chat/markdown/markdown.js";

const HTML_ESCAPES: Record<string, string> = {
	"&": "&amp;",
	"<": "&lt;",
	">": "&gt;",
	'"': "&quot;",
	"'": "&#39;",
};

/** Text safe inside an element or a double-quoted attribute. */
export function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]);
}

const SAFE_LINK = /^(https?:|mailto:)/i;

/** The markdown as HTML blocks. */
export function markdownToHtml(markdown: string): string {
	return blocks(lexMarkdown(markdown));
}

function blocks(tokens: readonly Token[]): string {
	return tokens.map(block).join("");
}

function block(token: Token): string {
	switch (token.type) {
		case "space":
		case "def":
			return "";
		case "heading": {
			const heading = token as Tokens.Heading;
			const level = Math.min(Math.max(heading.depth, 1), 6);
			return `<h${level}>${inline(heading.tokens)}</h${level}>\n`;
		}
		case "paragraph":
			return `<p>${inline((token as Tokens.Paragraph).tokens)}</p>\n`;
		case "blockquote":
			return `<blockquote>${blocks((token as Tokens.Blockquote).tokens)}</blockquote>\n`;
		case "list":
			return list(token as Tokens.List);
		case "code": {
			const code = token as Tokens.Code;
			const language = code.lang?.trim().split(/\s+/)[0];
			const label = language ? ` data-lang="${escapeHtml(language)}"` : "";
			return `<pre${label}><code>${escapeHtml(code.text)}</code></pre>\n`;
		}
		case "table":
			return table(token as Tokens.Table);
		case "hr":
			return "<hr>\n";
		case "checkbox":
			return checkbox(token as Tokens.Checkbox);
		case "html":
			// Shown as written, as the transcript does: rendering it would run whatever it holds.
			return `<pre class="raw">${escapeHtml((token as Tokens.HTML).text.replace(/\n+$/, ""))}</pre>\n`;
		case "text": {
			const text = token as Tokens.Text;
			return `<p>${text.tokens ? inline(text.tokens) : escapeHtml(decodeEntities(text.text))}</p>\n`;
		}
		default:
			return `<p>${escapeHtml(token.raw)}</p>\n`;
	}
}

function list(token: Tokens.List): string {
	const tag = token.ordered ? "ol" : "ul";
	const start = token.ordered && token.start !== "" && token.start !== 1 ? ` start="${token.start}"` : "";
	const items = token.items.map((item) => {
		// A tight item's text is a bare "text" token: no paragraph around it.
		const body = item.loose
			? blocks(item.tokens)
			: item.tokens.map((t) => (t.type === "text" ? textInline(t as Tokens.Text) : block(t))).join("");
		return `<li>${body}</li>\n`;
	});
	return `<${tag}${start}>\n${items.join("")}</${tag}>\n`;
}

/** A task list's box (first in its item, as a block in a loose item and inline in a tight one). */
function checkbox(token: Tokens.Checkbox): string {
	return `<input type="checkbox" disabled${token.checked ? " checked" : ""}> `;
}

function table(token: Tokens.Table): string {
	const align = (value: string | null) => (value ? ` style="text-align:${value}"` : "");
	const head = token.header.map((cell) => `<th${align(cell.align)}>${inline(cell.tokens)}</th>`).join("");
	const rows = token.rows
		.map(
			(row) =>
				`<tr>${row.map((cell) => `<td${align(cell.align)}>${inline(cell.tokens)}</td>`).join("")}</tr>`,
		)
		.join("\n");
	return `<table>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${rows}\n</tbody>\n</table>\n`;
}

function textInline(token: Tokens.Text): string {
	return token.tokens ? inline(token.tokens) : escapeHtml(decodeEntities(token.text));
}

function inline(tokens: readonly Token[] | undefined): string {
	if (!tokens) return "";
	return tokens.map(inlineToken).join("");
}

function inlineToken(token: Token): string {
	switch (token.type) {
		case "text":
			return textInline(token as Tokens.Text);
		case "escape":
			return escapeHtml(decodeEntities((token as Tokens.Escape).text));
		case "strong":
			return `<strong>${inline((token as Tokens.Strong).tokens)}</strong>`;
		case "em":
			return `<em>${inline((token as Tokens.Em).tokens)}</em>`;
		case "del":
			return `<del>${inline((token as Tokens.Del).tokens)}</del>`;
		case "codespan":
			return `<code>${escapeHtml((token as Tokens.Codespan).text)}</code>`;
		case "br":
			return "<br>";
		case "checkbox":
			return checkbox(token as Tokens.Checkbox);
		case "link": {
			const link = token as Tokens.Link;
			const body = inline(link.tokens);
			if (!SAFE_LINK.test(link.href.trim())) return body;
			return `<a href="${escapeHtml(link.href.trim())}" rel="noopener noreferrer">${body}</a>`;
		}
		case "image": {
			// An <img> would fetch the picture when the page opens; a link leaves that to the reader.
			const image = token as Tokens.Image;
			const label = escapeHtml(image.text || image.href);
			if (!SAFE_LINK.test(image.href.trim())) return `[image: ${label}]`;
			return `<a href="${escapeHtml(image.href.trim())}" rel="noopener noreferrer">[image: ${label}]</a>`;
		}
		default:
			// Inline HTML and anything newer than this code: the text as written.
			return escapeHtml("text" in token && typeof token.text === "string" ? token.text : token.raw);
	}
}
