/**
 * A unified diff drawn for the terminal: added lines in diffAdded, removed
 * in diffRemoved, hunk headers in diffHunk, each line numbered from its hunk
 * header (new-file numbers for added and context lines, old-file numbers for
 * removed ones). File headers are left out: the tool title names the file.
 * Where removed lines are followed by as many added ones, each pair is one
 * line rewritten: the words that changed are drawn inverse in the line's
 * colour, so a one-word fix in a long line is seen without reading it twice.
 */
import { diffWordsWithSpace } from "diff";
import { truncate } from "../../text/width.js";
import type { Styler } from "../../theme/style.js";
import type { ThemeToken } from "../../theme/tokens.js";

export type DiffLineKind = "added" | "removed" | "context" | "hunk" | "note";

export interface DiffLine {
	kind: DiffLineKind;
	/** The line without its +/-/space marker (hunk headers and notes as they are). */
	text: string;
	/** The line's number in the file it belongs to (none for hunk headers and notes). */
	line?: number;
}

const HUNK = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

export function parseUnifiedDiff(diff: string): DiffLine[] {
	const out: DiffLine[] = [];
	let oldLine = 0;
	let newLine = 0;
	// Lines the current hunk still holds; outside a hunk ("---", "+++", "Index:") rows are file headers.
	let oldLeft = 0;
	let newLeft = 0;
	const rows = diff.split("\n");
	if (rows[rows.length - 1] === "") rows.pop();
	for (const row of rows) {
		const hunk = HUNK.exec(row);
		if (hunk) {
			oldLine = Number(hunk[1]);
			oldLeft = hunk[2] === undefined ? 1 : Number(hunk[2]);
			newLine = Number(hunk[3]);
			newLeft = hunk[4] === undefined ? 1 : Number(hunk[4]);
			out.push({ kind: "hunk", text: row });
		} else if (row.startsWith("\\")) {
			out.push({ kind: "note", text: row });
		} else if (oldLeft + newLeft === 0) {
			// A file header.
		} else if (row.startsWith("+")) {
			out.push({ kind: "added", text: row.slice(1), line: newLine++ });
			newLeft = Math.max(0, newLeft - 1);
		} else if (row.startsWith("-")) {
			out.push({ kind: "removed", text: row.slice(1), line: oldLine++ });
			oldLeft = Math.max(0, oldLeft - 1);
		} else {
			out.push({ kind: "context", text: row.slice(1), line: newLine++ });
			oldLine++;
			oldLeft = Math.max(0, oldLeft - 1);
			newLeft = Math.max(0, newLeft - 1);
		}
	}
	return out;
}

const COLORS: Record<DiffLineKind, ThemeToken> = {
	added: "diffAdded",
	removed: "diffRemoved",
	context: "diffContext",
	hunk: "diffHunk",
	note: "muted",
};

const MARKERS: Record<DiffLineKind, string> = { added: "+", removed: "-", context: " ", hunk: "", note: "" };

/** Coloured, numbered rows, each cut to `width`. */
export function renderDiff(lines: readonly DiffLine[], styler: Styler, width: number): string[] {
	let widest = 0;
	for (const l of lines) if (l.line !== undefined) widest = Math.max(widest, l.line);
	const digits = String(widest).length;
	const words = changedWords(lines, styler);
	return lines.map((l, i) => {
		if (l.kind === "hunk" || l.kind === "note") return styler.fg(COLORS[l.kind], truncate(l.text, width));
		const prefix = `${String(l.line).padStart(digits)} ${MARKERS[l.kind]} `;
		const body = words.get(i) ?? styler.fg(COLORS[l.kind], l.text);
		return truncate(styler.fg(COLORS[l.kind], prefix) + body, width);
	});
}

/**
 * The bodies of rewritten lines, by row index: a run of removed lines
 * directly followed by a run of added lines of the same length pairs them
 * up in order; each side shows its own changed words inverse.
 */
function changedWords(lines: readonly DiffLine[], styler: Styler): Map<number, string> {
	const out = new Map<number, string>();
	let i = 0;
	while (i < lines.length) {
		if (lines[i].kind !== "removed") {
			i++;
			continue;
		}
		const removedStart = i;
		while (i < lines.length && lines[i].kind === "removed") i++;
		const addedStart = i;
		while (i < lines.length && lines[i].kind === "added") i++;
		const count = addedStart - removedStart;
		if (i - addedStart !== count) continue;
		for (let k = 0; k < count; k++) {
			const [before, after] = pairWords(lines[removedStart + k].text, lines[addedStart + k].text, styler);
			out.set(removedStart + k, before);
			out.set(addedStart + k, after);
		}
	}
	return out;
}

function pairWords(before: string, after: string, styler: Styler): [string, string] {
	const parts = diffWordsWithSpace(before, after);
	// Nothing in common: the whole line changed, and marking all of it says no more than its colour.
	if (!parts.some((part) => !part.added && !part.removed && part.value.trim() !== ""))
		return [styler.fg("diffRemoved", before), styler.fg("diffAdded", after)];
	let old = "";
	let next = "";
	for (const part of parts) {
		if (part.removed) old += styler.paint(part.value, { fg: "diffRemoved", inverse: true });
		else if (part.added) next += styler.paint(part.value, { fg: "diffAdded", inverse: true });
		else {
			old += styler.fg("diffRemoved", part.value);
			next += styler.fg("diffAdded", part.value);
		}
	}
	return [old, next];
}
