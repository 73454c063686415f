/**
 * A unified diff drawn for the terminal: added lines in diffAdded, removed
 * in diffRemoved, hunk headers in diffHunk, each line numbered from its hunk
 * header (new-file numbers for added and context lines, old-file numbers for
 * removed ones). File headers are left out: the tool title names the file.
 */
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
	return lines.map((l) => {
		const text =
			l.kind === "hunk" || l.kind === "note"
				? l.text
				: `${String(l.line).padStart(digits)} ${MARKERS[l.kind]} ${l.text}`;
		return styler.fg(COLORS[l.kind], truncate(text, width));
	});
}
