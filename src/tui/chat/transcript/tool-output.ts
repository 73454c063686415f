/**
 * The parts every tool renderer is made of: a tool's output as safe lines,
 * collapsing to a head or tail with a "… N more" line, error text, and the
 * generic renderer (name + arguments, first lines of the result) that tools
 * without their own drawing get.
 */
import type { ToolResultContent } from "../../../kernel/messages.js";
import type { RenderOptions, ToolRenderer } from "../../../kernel/renderer.js";
import { plain, truncate } from "../../text/width.js";
import { wrap } from "../../text/wrap.js";
import type { StyleColor, Styler } from "../../theme/style.js";

export type ToolResult = Parameters<NonNullable<ToolRenderer["renderResult"]>>[0];

/** What Ctrl+O is called in hints; the key itself is a rebindable keymap entry. */
export const EXPAND_HINT = "ctrl+o to expand";

/** The text of a result, images as a marker line. */
export function contentText(content: readonly ToolResultContent[]): string {
	return content.map((part) => (part.type === "text" ? part.text : `[image ${part.mimeType}]`)).join("\n");
}

/**
 * Output as lines a terminal row can hold: escape sequences dropped (a
 * command's colours or cursor moves must not reach our screen), a carriage
 * return keeps what a terminal would have left visible, trailing blank lines gone.
 */
export function outputLines(text: string): string[] {
	const lines = text.split("\n").map((line) => {
		const cr = line.lastIndexOf("\r", line.length - 2);
		return plain(cr >= 0 ? line.slice(cr + 1) : line).replace(/\r$/, "");
	});
	while (lines.length > 0 && lines[lines.length - 1].trim() === "") lines.pop();
	return lines;
}

export function moreLine(styler: Styler, count: number, where: "more" | "earlier"): string {
	const noun = count === 1 ? "line" : "lines";
	return styler.fg("muted", `… ${count} ${where} ${noun} (${EXPAND_HINT})`);
}

/** Lines in `color`: wrapped when expanded, else cut with an ellipsis. */
export function paintLines(
	lines: readonly string[],
	color: StyleColor,
	styler: Styler,
	options: RenderOptions,
): string[] {
	const out: string[] = [];
	for (const line of lines) {
		if (options.expanded) for (const row of wrap(line, options.width)) out.push(styler.fg(color, row));
		else out.push(styler.fg(color, truncate(line, options.width)));
	}
	return out;
}

/** The first `limit` lines and a "… N more" line, or all of them when expanded. */
export function headLines(
	lines: readonly string[],
	limit: number,
	expanded: boolean,
	styler: Styler,
): string[] {
	if (expanded || lines.length <= limit) return [...lines];
	return [...lines.slice(0, limit), moreLine(styler, lines.length - limit, "more")];
}

/** A "… N earlier" line and the last `limit` lines, or all of them when expanded. */
export function tailLines(
	lines: readonly string[],
	limit: number,
	expanded: boolean,
	styler: Styler,
): string[] {
	if (expanded || lines.length <= limit) return [...lines];
	return [moreLine(styler, lines.length - limit, "earlier"), ...lines.slice(-limit)];
}

/** A failed call's message, in the error colour, first lines only unless expanded. */
export function errorLines(result: ToolResult, styler: Styler, options: RenderOptions): string[] {
	const lines = outputLines(contentText(result.content));
	return headLines(paintLines(lines, "error", styler, options), 5, options.expanded, styler);
}

/** "Verb" in the tool title style. */
export function title(styler: Styler, verb: string): string {
	return styler.paint(verb, { fg: "toolTitle", bold: true });
}

/** A call's one-line title: the styled verb and a description, cut to the width. */
export function titleLine(styler: Styler, verb: string, rest: string, width: number): string {
	return truncate(rest === "" ? title(styler, verb) : `${title(styler, verb)} ${rest}`, width);
}

export function str(value: unknown): string | undefined {
	return typeof value === "string" ? value : undefined;
}

/** 0.4s, 12.3s, 2m 05s: how long a tool ran. */
export function formatDuration(ms: number): string {
	const tenths = Math.max(0, Math.floor(ms / 100));
	if (tenths < 600) return `${(tenths / 10).toFixed(1)}s`;
	const seconds = Math.floor(tenths / 10);
	return `${Math.floor(seconds / 60)}m ${String(seconds % 60).padStart(2, "0")}s`;
}

export function plural(count: number, one: string, many = `${one}s`): string {
	return `${count} ${count === 1 ? one : many}`;
}

/** Longest argument text shown; arguments can be whole files. */
const ARGS_PREVIEW_CHARS = 400;

/** Tools without a renderer of their own: name and compact arguments, then the first (or latest) lines. */
export function genericToolRenderer(
	name: string,
	styler: () => Styler,
): Required<Pick<ToolRenderer, "renderCall" | "renderResult">> {
	return {
		renderCall(args, options) {
			const json = Object.keys(args).length > 0 ? JSON.stringify(args).slice(0, ARGS_PREVIEW_CHARS) : "";
			return [titleLine(styler(), name, json === "" ? "" : styler().fg("muted", json), options.width)];
		},
		renderResult(result, options) {
			const s = styler();
			if (result.isError) return errorLines(result, s, options);
			const lines = paintLines(outputLines(contentText(result.content)), "toolOutput", s, options);
			return result.partial
				? tailLines(lines, 3, options.expanded, s)
				: headLines(lines, 3, options.expanded, s);
		},
	};
}
