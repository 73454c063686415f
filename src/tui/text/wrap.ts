/**
 * Word wrapping of styled text to a width. Breaks at spaces, splits words
 * longer than a line, keeps "\n" as a hard break, and carries styles across
 * breaks: each output line closes what is open at its end and the next line
 * reopens it, so every line can be drawn on its own.
 */
import { ESCAPE, StyleState, scan } from "./ansi.js";
import { visibleWidth } from "./width.js";

class LineWrapper {
	readonly lines: string[] = [];
	private readonly state = new StyleState();
	private line = "";
	private lineWidth = 0;
	/** The word being collected: text, width, and its escapes (applied to the state once placed). */
	private word = "";
	private wordWidth = 0;
	private wordEscapes: string[] = [];
	private spaces = "";
	private spacesWidth = 0;

	constructor(private readonly width: number) {}

	add(kind: number, text: string, w: number): void {
		if (kind === ESCAPE) {
			this.word += text;
			this.wordEscapes.push(text);
			return;
		}
		if (text === " ") {
			this.placeWord();
			this.spaces += text;
			this.spacesWidth += w;
			return;
		}
		if (w > this.width) return;
		if (this.wordWidth + w > this.width) {
			// A word longer than a line: it gets lines of its own, cut at the width.
			if (this.lineWidth > 0) this.breakLine();
			this.spaces = "";
			this.spacesWidth = 0;
			this.placeWord();
			this.breakLine();
		}
		this.word += text;
		this.wordWidth += w;
	}

	/** Ends a paragraph (a "\n" in the input or the end of it). */
	endParagraph(): void {
		this.placeWord();
		if (this.spacesWidth > 0 && this.lineWidth + this.spacesWidth <= this.width) this.line += this.spaces;
		this.spaces = "";
		this.spacesWidth = 0;
		this.breakLine();
	}

	private placeWord(): void {
		if (this.word === "") return;
		const needed = this.spacesWidth + this.wordWidth;
		if (this.lineWidth + needed <= this.width) {
			this.line += this.spaces + this.word;
			this.lineWidth += needed;
		} else if (this.wordWidth === 0) {
			this.line += this.word;
		} else if (this.lineWidth === 0) {
			// Indentation that doesn't fit with the word is dropped rather than leaving an empty line.
			this.line += this.word;
			this.lineWidth = this.wordWidth;
		} else {
			this.breakLine();
			this.line += this.word;
			this.lineWidth = this.wordWidth;
		}
		for (const seq of this.wordEscapes) this.state.apply(seq);
		this.word = "";
		this.wordWidth = 0;
		this.wordEscapes = [];
		this.spaces = "";
		this.spacesWidth = 0;
	}

	private breakLine(): void {
		this.lines.push(this.line + this.state.close());
		this.line = this.state.open();
		this.lineWidth = 0;
	}
}

/** Wraps `text` to lines of at most `width` columns. Empty text is one empty line. */
export function wrap(text: string, width: number): string[] {
	if (width <= 0) return [];
	const paragraphs = text.split("\n");
	// Fast path: a single short line needs no work.
	if (paragraphs.length === 1 && visibleWidth(text) <= width) return [text];
	const wrapper = new LineWrapper(width);
	for (const paragraph of paragraphs) {
		scan(paragraph, (kind, token, w) => wrapper.add(kind, token, w));
		wrapper.endParagraph();
	}
	return wrapper.lines;
}
