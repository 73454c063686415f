/**
 * Block-level markdown (headings, paragraphs, lists, quotes, rules, code,
 * tables, HTML) to styled lines of at most the given width, one blank line
 * between blocks.
 */
import type { Token, Tokens } from "marked";
import { clip, visibleWidth } from "../../text/width.js";
import { wrap } from "../../text/wrap.js";
import type { Style, Styler } from "../../theme/style.js";
import type { CodeBlocks } from "./code-block.js";
import { decodeEntities } from "./entities.js";
import { renderInline, renderText } from "./inline.js";
import { renderTable } from "./table.js";

export interface BlockContext {
	readonly styler: Styler;
	readonly width: number;
	/** Style of running text: none at the top, the quote colour inside a block quote. */
	readonly base: Style;
	/** How many lists enclose the block; picks the bullet glyph. */
	readonly listDepth: number;
	readonly code: CodeBlocks;
}

const BULLETS = ["•", "◦", "▪"];

/** Blocks in order; `spaced` puts a blank line between them (tight list items don't). */
export function renderBlocks(tokens: readonly Token[], ctx: BlockContext, spaced = true): string[] {
	const lines: string[] = [];
	for (const token of tokens) {
		const block = renderBlock(token, ctx);
		if (block.length === 0) continue;
		if (spaced && lines.length > 0) lines.push("");
		for (const line of block) lines.push(visibleWidth(line) > ctx.width ? clip(line, ctx.width) : line);
	}
	return lines;
}

function renderBlock(token: Token, ctx: BlockContext): string[] {
	const { styler, width, base } = ctx;
	switch (token.type) {
		case "space":
		case "def":
			return [];
		case "heading":
			return renderHeading(token as Tokens.Heading, ctx);
		case "blockquote":
			return renderQuote(token as Tokens.Blockquote, ctx);
		case "list":
			return renderList(token as Tokens.List, ctx);
		case "code":
			return ctx.code.render(token as Tokens.Code, width);
		case "table":
			return renderTable(token as Tokens.Table, styler, width, base);
		case "hr":
			return [styler.fg("border", "─".repeat(width))];
		case "html":
			// Raw HTML is shown as written: a terminal can't render it, and hiding it would hide content.
			return wrap(renderText((token as Tokens.HTML).text.replace(/\n+$/, ""), styler, base), width);
		default: {
			const { tokens, text } = token as Tokens.Generic;
			if (tokens && tokens.length > 0) return wrap(renderInline(tokens, styler, base), width);
			if (typeof text === "string") return wrap(renderText(decodeEntities(text), styler, base), width);
			return [];
		}
	}
}

function renderHeading(heading: Tokens.Heading, ctx: BlockContext): string[] {
	const style: Style = { ...ctx.base, fg: "heading", bold: true, underline: heading.depth === 1 };
	// Below level two, the level is no longer clear from the style alone.
	const marker = heading.depth > 2 ? `${"#".repeat(heading.depth)} ` : "";
	return wrap(
		renderText(marker, ctx.styler, style) + renderInline(heading.tokens, ctx.styler, style),
		ctx.width,
	);
}

function renderQuote(quote: Tokens.Blockquote, ctx: BlockContext): string[] {
	const base: Style = { ...ctx.base, fg: "quote", italic: true };
	if (ctx.width < 3) return renderBlocks(quote.tokens, { ...ctx, base });
	const bar = ctx.styler.fg("quote", "│ ");
	return renderBlocks(quote.tokens, { ...ctx, base, width: ctx.width - 2 }).map((line) => bar + line);
}

function renderList(list: Tokens.List, ctx: BlockContext): string[] {
	const { styler } = ctx;
	const first = typeof list.start === "number" ? list.start : 1;
	const glyph = BULLETS[ctx.listDepth % BULLETS.length];
	const markers = list.items.map((_, i) => (list.ordered ? `${first + i}.` : glyph));
	// Ordered markers are right-aligned so item text lines up past "9." and "10.".
	const markerWidth = Math.max(...markers.map((marker) => visibleWidth(marker)));
	const lines: string[] = [];
	list.items.forEach((item, i) => {
		if (list.loose && i > 0) lines.push("");
		const checkbox = item.tokens.find((token): token is Tokens.Checkbox => token.type === "checkbox");
		const marker = markers[i].padStart(markerWidth);
		// Bullets in the text colour (the stock themes) are written bare: a colour code per item adds up.
		let prefix = `${styler.resolve("listBullet") === "default" ? marker : styler.fg("listBullet", marker)} `;
		if (checkbox) prefix += checkbox.checked ? `[${styler.fg("success", "x")}] ` : "[ ] ";
		const indent = visibleWidth(prefix);
		const body = renderBlocks(
			item.tokens.filter((token) => token !== checkbox),
			{ ...ctx, width: Math.max(1, ctx.width - indent), listDepth: ctx.listDepth + 1 },
			item.loose,
		);
		if (body.length === 0) body.push("");
		lines.push(prefix + body[0]);
		for (const line of body.slice(1)) lines.push(line === "" ? "" : " ".repeat(indent) + line);
	});
	return lines;
}
