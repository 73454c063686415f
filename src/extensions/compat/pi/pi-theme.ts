/**
 * The `theme` pi hands to components and renderers: `fg(token, text)`,
 * `bg(token, text)`, `bold`, `italic`… pi's colour tokens become fixed ANSI
 * colours (weft's own theme names other tokens); a token weft does not know
 * leaves the text unpainted rather than failing.
 */

const FG: Record<string, number> = {
	accent: 36,
	border: 90,
	borderAccent: 36,
	borderMuted: 90,
	success: 32,
	error: 31,
	warning: 33,
	muted: 90,
	dim: 90,
	text: 39,
	thinkingText: 90,
	userMessageText: 39,
	customMessageText: 39,
	customMessageLabel: 35,
	toolTitle: 1,
	toolOutput: 90,
	mdHeading: 33,
	mdLink: 34,
	mdCode: 36,
	toolDiffAdded: 32,
	toolDiffRemoved: 31,
	toolDiffContext: 90,
	syntaxKeyword: 35,
	syntaxString: 32,
	syntaxComment: 90,
};

const BG: Record<string, number> = {
	selectedBg: 100,
	userMessageBg: 100,
	customMessageBg: 100,
	toolPendingBg: 100,
	toolSuccessBg: 42,
	toolErrorBg: 41,
};

const sgr = (code: number | undefined, reset: number, text: string) =>
	code === undefined ? text : `\x1b[${code}m${text}\x1b[${reset}m`;

export interface PiTheme {
	name: string;
	fg(token: string, text: string): string;
	bg(token: string, text: string): string;
	bold(text: string): string;
	italic(text: string): string;
	underline(text: string): string;
	strikethrough(text: string): string;
	inverse(text: string): string;
	getFgAnsi(token: string): string;
	getBgAnsi(token: string): string;
}

export const piTheme: PiTheme = {
	name: "weft",
	fg: (token, text) => sgr(FG[token], 39, text),
	bg: (token, text) => sgr(BG[token], 49, text),
	bold: (text) => sgr(1, 22, text),
	italic: (text) => sgr(3, 23, text),
	underline: (text) => sgr(4, 24, text),
	strikethrough: (text) => sgr(9, 29, text),
	inverse: (text) => sgr(7, 27, text),
	getFgAnsi: (token) => (FG[token] === undefined ? "" : `\x1b[${FG[token]}m`),
	getBgAnsi: (token) => (BG[token] === undefined ? "" : `\x1b[${BG[token]}m`),
};

/** What pi's `getMarkdownTheme()` / `getSettingsListTheme()` / select themes return: painters by role. */
export function painterTheme(): Record<string, (text: string) => string> {
	return new Proxy(
		{},
		{
			get: (_target, key) =>
				key === "highlightCode"
					? (code: string) => code.split("\n")
					: (text: string) => piTheme.fg(String(key), text),
		},
	);
}
