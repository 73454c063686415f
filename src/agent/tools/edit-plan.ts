/**
 * Locating exact-text edits in a file: each oldText must occur exactly once and
 * no two edits may overlap. Failures name the edit and say how to fix it.
 */

export interface TextEdit {
	oldText: string;
	newText: string;
}

/** An edit pinned to its one position in the text. */
export interface PlannedEdit {
	/** 0-based position of the edit in the list the model sent. */
	index: number;
	start: number;
	end: number;
	newText: string;
}

const MAX_HINT_CHARS = 2000;

/** Finds each edit's unique position in `text`, or throws an error the model can act on. */
export function planEdits(text: string, edits: readonly TextEdit[], shown: string): PlannedEdit[] {
	const label = (index: number): string => (edits.length === 1 ? "oldText" : `edits[${index}].oldText`);
	const planned = edits.map((edit, index): PlannedEdit => {
		if (edit.oldText === "")
			throw new Error(`${label(index)} is empty; it must quote existing text in ${shown}.`);
		const positions = occurrences(text, edit.oldText);
		if (positions.length === 0) {
			throw new Error(`${label(index)} was not found in ${shown}.${whitespaceHint(text, edit.oldText)}`);
		}
		if (positions.length > 1) {
			throw new Error(
				`${label(index)} matches ${positions.length} times in ${shown}; ` +
					"include more surrounding lines so it matches exactly once.",
			);
		}
		return { index, start: positions[0], end: positions[0] + edit.oldText.length, newText: edit.newText };
	});
	const ordered = [...planned].sort((a, b) => a.start - b.start);
	for (let i = 1; i < ordered.length; i++) {
		const [before, after] = [ordered[i - 1], ordered[i]];
		if (after.start < before.end) {
			throw new Error(
				`edits[${before.index}] and edits[${after.index}] overlap in ${shown}; merge them into one edit.`,
			);
		}
	}
	return ordered;
}

/** Applies planned edits (sorted by position, non-overlapping) to the text they were planned on. */
export function applyEdits(text: string, ordered: readonly PlannedEdit[]): string {
	let result = "";
	let cursor = 0;
	for (const edit of ordered) {
		result += text.slice(cursor, edit.start) + edit.newText;
		cursor = edit.end;
	}
	return result + text.slice(cursor);
}

/** Every start position of `needle`, overlapping ones included (they make the match just as ambiguous). */
function occurrences(text: string, needle: string): number[] {
	const found: number[] = [];
	for (let i = text.indexOf(needle); i !== -1; i = text.indexOf(needle, i + 1)) found.push(i);
	return found;
}

/** When the text only differs in whitespace, show the file's actual text so the model can copy it exactly. */
function whitespaceHint(text: string, needle: string): string {
	const target = collapseWhitespace(needle.trim()).text;
	if (target === "") return "";
	const haystack = collapseWhitespace(text);
	const at = haystack.text.indexOf(target);
	if (at === -1) return " Re-read the file and copy the text exactly.";
	const start = haystack.origin[at];
	// The target ends in a non-space character, which maps to exactly one original character.
	const end = haystack.origin[at + target.length - 1] + 1;
	const line = countNewlines(text, start) + 1;
	const actual = text.slice(start, end);
	const quoted = actual.length > MAX_HINT_CHARS ? `${actual.slice(0, MAX_HINT_CHARS)}…` : actual;
	return (
		` A match that differs only in whitespace starts at line ${line}; ` +
		`the file has exactly:\n${quoted}\nUse that text (same indentation and spacing) as oldText.`
	);
}

interface CollapsedText {
	text: string;
	/** For each character of `text`, its index in the original. */
	origin: Uint32Array;
}

function collapseWhitespace(original: string): CollapsedText {
	const origin = new Uint32Array(original.length);
	let text = "";
	let inSpace = false;
	for (let i = 0; i < original.length; i++) {
		const space = /\s/.test(original[i]);
		if (space && inSpace) continue;
		origin[text.length] = i;
		text += space ? " " : original[i];
		inSpace = space;
	}
	return { text, origin };
}

function countNewlines(text: string, end: number): number {
	let count = 0;
	for (let i = text.indexOf("\n"); i !== -1 && i < end; i = text.indexOf("\n", i + 1)) count++;
	return count;
}
