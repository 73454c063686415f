/**
 * The units the editor moves by: graphemes (so the cursor never lands inside
 * "é" written as e + accent, or inside an emoji sequence) and words.
 */
const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/** Offsets (UTF-16) where graphemes of `line` start, plus `line.length`. */
export function graphemeBoundaries(line: string): number[] {
	const out: number[] = [];
	for (const { index } of segmenter.segment(line)) out.push(index);
	out.push(line.length);
	return out;
}

/** The grapheme boundary before `col`, or 0. */
export function previousBoundary(line: string, col: number): number {
	let previous = 0;
	for (const boundary of graphemeBoundaries(line)) {
		if (boundary >= col) break;
		previous = boundary;
	}
	return previous;
}

/** The grapheme boundary after `col`, or `line.length`. */
export function nextBoundary(line: string, col: number): number {
	for (const boundary of graphemeBoundaries(line)) if (boundary > col) return boundary;
	return line.length;
}

/** The nearest boundary at or before `col`: how a column from outside is made safe. */
export function snapToBoundary(line: string, col: number): number {
	if (col >= line.length) return line.length;
	if (col <= 0) return 0;
	let snapped = 0;
	for (const boundary of graphemeBoundaries(line)) {
		if (boundary > col) break;
		snapped = boundary;
	}
	return snapped;
}

export type CharClass = "space" | "word" | "punct";

const WORD = /^[\p{L}\p{N}\p{M}_]|^\p{Extended_Pictographic}/u;

export function charClass(grapheme: string): CharClass {
	if (/^\s/.test(grapheme)) return "space";
	return WORD.test(grapheme) ? "word" : "punct";
}

/**
 * Where a word motion to the left from `col` stops within `line`: past any
 * spaces, then past one run of word characters or one run of punctuation.
 */
export function wordStartBefore(line: string, col: number): number {
	const bounds = graphemeBoundaries(line).filter((b) => b <= col);
	let i = bounds.length - 1;
	const classAt = (k: number) => charClass(line.slice(bounds[k - 1], bounds[k]));
	while (i > 0 && classAt(i) === "space") i--;
	if (i === 0) return 0;
	const kind = classAt(i);
	while (i > 0 && classAt(i) === kind) i--;
	return bounds[i];
}

/** Where a word motion to the right from `col` stops within `line` (mirror of `wordStartBefore`). */
export function wordEndAfter(line: string, col: number): number {
	const bounds = graphemeBoundaries(line).filter((b) => b >= col);
	let i = 0;
	const last = bounds.length - 1;
	const classAt = (k: number) => charClass(line.slice(bounds[k], bounds[k + 1]));
	while (i < last && classAt(i) === "space") i++;
	if (i === last) return line.length;
	const kind = classAt(i);
	while (i < last && classAt(i) === kind) i++;
	return bounds[i];
}
