/**
 * Theme tokens: the named colour roles everything in the UI draws with, so
 * a theme (built-in or a user's JSON) recolours all of it, and extensions
 * ask for "accent" or "diffAdded" rather than a colour.
 */

export const THEME_TOKENS = [
	// Text
	"text",
	"muted",
	"dim",
	"accent",
	"accentAlt",
	"border",
	"borderFocus",
	"selection",
	// Meaning
	"error",
	"warning",
	"success",
	"info",
	// Diffs
	"diffAdded",
	"diffRemoved",
	"diffContext",
	"diffHunk",
	// Markdown
	"heading",
	"link",
	"code",
	"codeBlockBorder",
	"quote",
	"listBullet",
	// Transcript
	"userMessage",
	"thinking",
	"toolTitle",
	"toolOutput",
	// Backgrounds
	"userMessageBg",
	"toolPendingBg",
	"toolSuccessBg",
	"toolErrorBg",
	"selectionBg",
	// Syntax highlighting
	"syntaxKeyword",
	"syntaxString",
	"syntaxNumber",
	"syntaxComment",
	"syntaxFunction",
	"syntaxType",
	"syntaxVariable",
	"syntaxOperator",
	"syntaxPunctuation",
] as const;

export type ThemeToken = (typeof THEME_TOKENS)[number];

/** "#rrggbb", a 256-colour palette index, or the terminal's own default colour. */
export type ColorValue = `#${string}` | number | "default";

export type Appearance = "dark" | "light";

export interface Theme {
	name: string;
	appearance: Appearance;
	colors: Record<ThemeToken, ColorValue>;
}

const TOKEN_SET: ReadonlySet<string> = new Set(THEME_TOKENS);

export function isThemeToken(name: string): name is ThemeToken {
	return TOKEN_SET.has(name);
}
