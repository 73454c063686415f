/**
 * Cleaning text that came from a model before it is drawn: control
 * characters could move the cursor or restyle the terminal, and tabs would
 * land on the terminal's own tab stops instead of the columns we measured.
 */

/** C0 and C1 controls except tab and newline; "\r" goes too, so CRLF text reads as LF. */
const CONTROLS = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;

export function stripControls(text: string): string {
	return text.replace(CONTROLS, "");
}

export const CODE_TAB_STOP = 4;

/** `line` with each tab replaced by spaces up to the next tab stop (counted in code units: tabs indent, and indentation is ASCII). */
export function expandTabs(line: string): string {
	if (!line.includes("\t")) return line;
	let out = "";
	for (const char of line) {
		if (char === "\t") out += " ".repeat(CODE_TAB_STOP - (out.length % CODE_TAB_STOP));
		else out += char;
	}
	return out;
}
