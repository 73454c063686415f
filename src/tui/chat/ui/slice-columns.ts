/**
 * Cutting a column range out of a styled line, for drawing one thing over
 * another: the piece starts with the styles in effect at its first column
 * and closes them at its end, and a wide character cut in half becomes
 * spaces so the columns still add up.
 */
import { ESCAPE, StyleState, scan } from "../../text/ansi.js";

/** The columns [from, to) of `line` (narrower when the line ends first). */
export function sliceColumns(line: string, from: number, to: number): string {
	if (to <= from) return "";
	const state = new StyleState();
	let out = "";
	let col = 0;
	let started = false;
	scan(line, (kind, text, width) => {
		if (kind === ESCAPE) {
			state.apply(text);
			if (started) out += text;
			return true;
		}
		if (col >= to) return false;
		const end = col + width;
		if (end > from) {
			if (!started) {
				out += state.open();
				started = true;
			}
			out += col >= from && end <= to ? text : " ".repeat(Math.min(end, to) - Math.max(col, from));
		}
		col = end;
		return true;
	});
	return started ? out + state.close() : out;
}
