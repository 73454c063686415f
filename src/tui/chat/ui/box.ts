/**
 * A bordered box around lines: the shape dialogs, print blocks and panels
 * share. The title sits in the top border, an optional label in the bottom
 * one; content is fitted (not wrapped) to the inside width.
 */
import { pad, truncate, visibleWidth } from "../../text/width.js";
import type { Style, StyleColor, Styler } from "../../theme/style.js";

export interface BoxOptions {
	styler: Styler;
	border: StyleColor;
	title?: string;
	/** How the title is drawn; default bold in the border colour. */
	titleStyle?: Style;
	/** Muted text in the bottom border, right-aligned (e.g. "esc close"). */
	bottomLabel?: string;
}

/** Columns the border and its padding take: "│ " and " │". */
export const BOX_CHROME = 4;

/** The smallest width a box is drawn at; below it callers draw their content bare. */
export const MIN_BOX_WIDTH = 6;

export function drawBox(content: readonly string[], width: number, options: BoxOptions): string[] {
	const { styler, border } = options;
	const inner = width - BOX_CHROME;
	const edge = (text: string) => styler.fg(border, text);
	const lines = [topBorder(width, options)];
	for (const line of content) lines.push(`${edge("│")} ${pad(line, inner)} ${edge("│")}`);
	lines.push(bottomBorder(width, options));
	return lines;
}

function topBorder(width: number, options: BoxOptions): string {
	const { styler, border } = options;
	const room = width - 6;
	if (!options.title || room < 1) return styler.fg(border, `╭${"─".repeat(width - 2)}╮`);
	const title = truncate(options.title, room);
	const rest = width - 5 - visibleWidth(title);
	const titled = styler.paint(title, options.titleStyle ?? { fg: border, bold: true });
	return `${styler.fg(border, "╭─ ")}${titled}${styler.fg(border, ` ${"─".repeat(rest)}╮`)}`;
}

function bottomBorder(width: number, options: BoxOptions): string {
	const { styler, border } = options;
	const room = width - 6;
	if (!options.bottomLabel || room < 1) return styler.fg(border, `╰${"─".repeat(width - 2)}╯`);
	const label = truncate(options.bottomLabel, room);
	const rest = width - 5 - visibleWidth(label);
	return `${styler.fg(border, `╰${"─".repeat(rest)} `)}${styler.fg("muted", label)}${styler.fg(border, " ─╯")}`;
}
