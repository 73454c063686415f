/**
 * Where a streaming markdown text stops changing meaning. Text before a
 * top-level block boundary renders the same whatever is appended, so its
 * lines can be kept while the rest is still arriving.
 *
 * A boundary is a blank line outside a code fence that is followed by a line
 * that surely starts a new top-level block (not indented, not a list item:
 * either could continue the list above), or the end of a code fence opened
 * at the margin, which nothing after it can extend.
 */

const FENCE_OPEN = /^( {0,3})(`{3,}|~{3,})([^\n]*)$/;
const LIST_ITEM = /^([-*+]|\d{1,9}[.)])(\s|$)/;
/** A line this short could still grow into a list marker ("1" → "1. item"). */
const LIST_ITEM_START = /^([-*+]|\d{1,9}[.)]?)$/;

interface Fence {
	char: string;
	length: number;
	atMargin: boolean;
}

function openFence(line: string): Fence | undefined {
	const match = FENCE_OPEN.exec(line);
	if (!match) return undefined;
	const [, indent, fence, info] = match;
	// A backtick fence's info string can't contain backticks (that line is inline code).
	if (fence[0] === "`" && info.includes("`")) return undefined;
	return { char: fence[0], length: fence.length, atMargin: indent === "" };
}

function closesFence(line: string, fence: Fence): boolean {
	const trimmed = line.trim();
	if (trimmed.length < fence.length || line.length - line.trimStart().length > 3) return false;
	for (const char of trimmed) if (char !== fence.char) return false;
	return true;
}

/** Whether `line`, after a blank line, starts a block that can't belong to the one above. */
function startsTopLevelBlock(line: string, complete: boolean): boolean {
	if (line === "" || line[0] === " " || line[0] === "\t") return false;
	if (LIST_ITEM.test(line)) return false;
	return complete || !LIST_ITEM_START.test(line);
}

/**
 * The end of the stable prefix of `text`: the index of the last block
 * boundary at or after `from`, or `from` when there is none. `from` must be 0
 * or a previous answer for a prefix of `text` (it is outside any fence).
 */
export function stablePrefixEnd(text: string, from: number): number {
	let stable = from;
	let fence: Fence | undefined;
	let afterBlank = false;
	let start = from;
	while (start < text.length) {
		const newline = text.indexOf("\n", start);
		const complete = newline >= 0;
		const end = complete ? newline : text.length;
		const line = text.charCodeAt(end - 1) === 13 ? text.slice(start, end - 1) : text.slice(start, end);
		if (fence) {
			if (complete && closesFence(line, fence)) {
				if (fence.atMargin) stable = end + 1;
				fence = undefined;
			}
		} else if (line.trim() === "") {
			if (complete) afterBlank = true;
		} else {
			if (afterBlank && startsTopLevelBlock(line, complete)) stable = start;
			afterBlank = false;
			if (complete) fence = openFence(line);
		}
		if (!complete) break;
		start = newline + 1;
	}
	return stable;
}
