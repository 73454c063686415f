/**
 * The transcript's markdown renderer: markdown text → styled lines that fit a
 * width. It is called on every frame while an answer streams, so it keeps the
 * lines of the text's stable prefix (everything before the last top-level
 * block boundary, see stable-prefix.ts) and lexes and draws only the tail.
 * The stable prefix grows chunk by chunk; each chunk is lexed once.
 */
import { getDefaults, Lexer, type MarkedOptions, type Token } from "marked";
import type { Styler } from "../../theme/style.js";
import { renderBlocks } from "./blocks.js";
import { CodeBlocks } from "./code-block.js";
import { stripControls } from "./source-text.js";
import { stablePrefixEnd } from "./stable-prefix.js";

export type MarkdownLexer = (markdown: string) => Token[];

export interface MarkdownRendererOptions {
	/** Markdown → block tokens. Defaults to marked's GFM lexer; replaceable to observe what gets lexed. */
	lex?: MarkdownLexer;
}

// Own options rather than marked's shared defaults, which anyone's marked.use() would change.
const LEXER_OPTIONS: MarkedOptions = { ...getDefaults(), gfm: true, breaks: false };

export const lexMarkdown: MarkdownLexer = (markdown) => Lexer.lex(markdown, LEXER_OPTIONS);

export class MarkdownRenderer {
	private readonly lex: MarkdownLexer;
	/** What the cached lines were drawn with; a change of styler or width draws everything again. */
	private drawing: { styler: Styler; width: number; code: CodeBlocks } | undefined;
	/** The stable prefix and its lines. */
	private stableText = "";
	private stableLines: string[] = [];
	/** The last call, to answer a repeat with the same array. */
	private lastText: string | undefined;
	private lastLines: string[] = [];

	constructor(
		private readonly currentStyler: () => Styler,
		options: MarkdownRendererOptions = {},
	) {
		this.lex = options.lex ?? lexMarkdown;
	}

	/** `text` as styled lines, none wider than `width`. */
	render(text: string, width: number): string[] {
		const styler = this.currentStyler();
		width = Math.floor(width);
		if (styler !== this.drawing?.styler || width !== this.drawing.width || !this.extendsStable(text)) {
			this.reset(styler, width);
		}
		if (text === this.lastText) return this.lastLines;
		if (width <= 0) return this.remember(text, []);

		const end = stablePrefixEnd(text, this.stableText.length);
		if (end > this.stableText.length) {
			const chunk = this.draw(text.slice(this.stableText.length, end));
			if (chunk.length > 0 && this.stableLines.length > 0) this.stableLines.push("");
			for (const line of chunk) this.stableLines.push(line);
			this.stableText = text.slice(0, end);
		}
		const tail = this.draw(text.slice(end));
		if (tail.length === 0) return this.remember(text, this.stableLines.slice());
		return this.remember(text, this.stableLines.length > 0 ? this.stableLines.concat("", tail) : tail);
	}

	/** Whether `text` begins with the stable prefix (slice-and-compare: V8's startsWith is many times slower here). */
	private extendsStable(text: string): boolean {
		const length = this.stableText.length;
		return text.length >= length && text.slice(0, length) === this.stableText;
	}

	private draw(markdown: string): string[] {
		const source = stripControls(markdown);
		if (source.trim() === "" || !this.drawing) return [];
		const { styler, width, code } = this.drawing;
		return renderBlocks(this.lex(source), { styler, width, code, base: {}, listDepth: 0 });
	}

	private reset(styler: Styler, width: number): void {
		// Highlighted code depends only on the styler, so it survives a resize.
		const code = styler === this.drawing?.styler ? this.drawing.code : new CodeBlocks(styler);
		this.drawing = { styler, width, code };
		this.stableText = "";
		this.stableLines = [];
		this.lastText = undefined;
	}

	private remember(text: string, lines: string[]): string[] {
		this.lastText = text;
		this.lastLines = lines;
		return lines;
	}
}
