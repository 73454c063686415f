/**
 * Inline markdown (emphasis, code spans, links…) to one styled string. Styles
 * nest, so rather than painting each span (whose reset would end the outer
 * style too) a stack of styles is kept and the SGR sequence switches only
 * when text in a different style is written.
 */
import type { Token, Tokens } from "marked";
import type { Style, Styler } from "../../theme/style.js";
import { decodeEntities } from "./entities.js";

class InlineWriter {
	private out = "";
	private readonly styles: Style[];
	/** The SGR sequence in effect in `out` ("" when none). */
	private written = "";

	constructor(
		private readonly styler: Styler,
		base: Style,
	) {
		this.styles = [base];
	}

	text(text: string): void {
		if (text === "") return;
		const sgr = this.styler.sgr(this.styles[this.styles.length - 1]);
		if (sgr !== this.written) {
			if (this.written !== "") this.out += "\x1b[m";
			this.out += sgr;
			this.written = sgr;
		}
		this.out += text;
	}

	styled(style: Style, write: () => void): void {
		this.styles.push({ ...this.styles[this.styles.length - 1], ...style });
		write();
		this.styles.pop();
	}

	tokens(tokens: readonly Token[]): void {
		for (const token of tokens) this.token(token);
	}

	private token(token: Token): void {
		switch (token.type) {
			case "strong":
				this.styled({ bold: true }, () => this.tokens((token as Tokens.Strong).tokens));
				break;
			case "em":
				this.styled({ italic: true }, () => this.tokens((token as Tokens.Em).tokens));
				break;
			case "del":
				this.styled({ strikethrough: true }, () => this.tokens((token as Tokens.Del).tokens));
				break;
			case "codespan":
				// Code spans are literal: references stay as written, line breaks are spaces.
				this.styled({ fg: "code" }, () => this.text((token as Tokens.Codespan).text.replace(/\n/g, " ")));
				break;
			case "link":
				this.link(token as Tokens.Link);
				break;
			case "image": {
				const image = token as Tokens.Image;
				this.styled({ fg: "link" }, () => this.text(`[image: ${decodeEntities(image.text)}]`));
				this.url(image.href);
				break;
			}
			case "br":
				this.text("\n");
				break;
			case "checkbox":
				this.text((token as Tokens.Checkbox).checked ? "[x] " : "[ ] ");
				break;
			case "html":
				this.text((token as Tokens.HTML).text.replace(/\n/g, " "));
				break;
			default: {
				const { tokens, text } = token as Tokens.Generic;
				if (tokens && tokens.length > 0) this.tokens(tokens);
				// Soft line breaks inside a paragraph read as spaces, as in any markdown viewer.
				else if (typeof text === "string") this.text(decodeEntities(text).replace(/\n/g, " "));
			}
		}
	}

	private link(link: Tokens.Link): void {
		this.styled({ fg: "link", underline: true }, () => this.tokens(link.tokens));
		const label = decodeEntities(link.text);
		// Autolinks and bare URLs already show their address.
		if (link.href !== label && link.href !== `mailto:${label}`) this.url(link.href);
	}

	private url(href: string): void {
		this.styled({ fg: "muted", underline: false, bold: false }, () => this.text(` (${href})`));
	}

	finish(): string {
		return this.written === "" ? this.out : `${this.out}\x1b[m`;
	}
}

/** Inline tokens as one styled string; "\n" where the markdown has a hard line break. */
export function renderInline(tokens: readonly Token[], styler: Styler, base: Style = {}): string {
	const writer = new InlineWriter(styler, base);
	writer.tokens(tokens);
	return writer.finish();
}

/** Plain text in the style `base`, for blocks that have no inline tokens. */
export function renderText(text: string, styler: Styler, base: Style = {}): string {
	const writer = new InlineWriter(styler, base);
	writer.text(text);
	return writer.finish();
}
