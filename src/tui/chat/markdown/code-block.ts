/**
 * Code blocks: highlighted lines between a short rule that names the
 * language and a closing one. The lines themselves carry nothing but the
 * code, so selecting them in the terminal copies exactly the code. Code is
 * never word-wrapped; a line wider than the space is cut into width-sized
 * pieces, so nothing is lost.
 *
 * While an answer streams, the block at its end grows every frame. Its
 * highlighting is cached, and a block whose fence is still open is
 * highlighted in pieces between blank lines, so each frame highlights only
 * the piece being written. Once the fence closes, the whole block is
 * highlighted in one go (a string or comment spanning a blank line comes
 * out right).
 */
import type { Tokens } from "marked";
import { ESCAPE, StyleState, scan } from "../../text/ansi.js";
import { clip, visibleWidth } from "../../text/width.js";
import type { Styler } from "../../theme/style.js";
import { highlightCode } from "./highlight.js";

const CACHE_LIMIT = 256;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/** Cuts a styled line into pieces of at most `width` columns, carrying its styles across the cuts. */
export function hardWrap(line: string, width: number): string[] {
	if (visibleWidth(line) <= width) return [line];
	const pieces: string[] = [];
	const state = new StyleState();
	let piece = "";
	let used = 0;
	scan(line, (kind, text, w) => {
		if (kind === ESCAPE) {
			piece += text;
			state.apply(text);
			return;
		}
		if (w > width) return;
		if (used + w > width) {
			pieces.push(piece + state.close());
			piece = state.open();
			used = 0;
		}
		piece += text;
		used += w;
	});
	pieces.push(piece + state.close());
	return pieces;
}

/** Whether a fenced block's source ends with its closing fence (indented blocks are always complete). */
function fenceClosed(raw: string): boolean {
	const fence = FENCE.exec(raw)?.[1];
	if (fence === undefined) return true;
	const body = raw.trimEnd();
	const lastBreak = body.lastIndexOf("\n");
	if (lastBreak < 0) return false;
	const last = body.slice(lastBreak + 1).trim();
	return last.length >= fence.length && [...last].every((char) => char === fence[0]);
}

export class CodeBlocks {
	/** Highlighted lines by language and code; insertion order doubles as age for eviction. */
	private readonly highlighted = new Map<string, string[]>();

	constructor(private readonly styler: Styler) {}

	render(token: Tokens.Code, width: number): string[] {
		const language = token.lang?.trim().split(/\s+/, 1)[0] || undefined;
		const code = fenceClosed(token.raw)
			? this.highlight(token.text, language)
			: this.highlightOpen(token.text, language);
		if (width < 6) return code.flatMap((line) => hardWrap(line, width));
		const rule = this.styler.fg("codeBlockBorder", "───");
		const label = language ? ` ${this.styler.fg("muted", clip(language, width - 4))}` : "";
		const lines = [rule + label];
		for (const line of code) for (const piece of hardWrap(line, width)) lines.push(piece);
		lines.push(rule);
		return lines;
	}

	private highlight(code: string, language: string | undefined): string[] {
		const key = `${language ?? ""}\0${code}`;
		let lines = this.highlighted.get(key);
		if (lines === undefined) {
			lines = highlightCode(code, language, this.styler);
			if (this.highlighted.size >= CACHE_LIMIT)
				this.highlighted.delete(this.highlighted.keys().next().value!);
			this.highlighted.set(key, lines);
		}
		return lines;
	}

	/**
	 * Highlights piece by piece between blank lines. Only the last piece is
	 * still changing, and of it only the line being written is highlighted
	 * anew on each call: its complete lines are highlighted once per line.
	 */
	private highlightOpen(code: string, language: string | undefined): string[] {
		const source = code.split("\n");
		const lines: string[] = [];
		let start = 0;
		for (let i = 0; i <= source.length; i++) {
			const end = i === source.length;
			if (!end && source[i].trim() !== "") continue;
			if (end && i - start > 1) {
				lines.push(...this.highlight(source.slice(start, i - 1).join("\n"), language));
				start = i - 1;
			}
			if (i > start) {
				const piece = source.slice(start, i).join("\n");
				lines.push(...(end ? highlightCode(piece, language, this.styler) : this.highlight(piece, language)));
			}
			if (!end) lines.push("");
			start = i + 1;
		}
		return lines;
	}
}
