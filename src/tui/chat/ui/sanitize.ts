/**
 * Values from extensions, made safe to draw: colours (a theme token or a
 * hex literal; anything else falls back, so a typo draws in a sensible
 * colour instead of garbage) and text meant for a single row.
 */
import type { StyleColor } from "../../theme/style.js";
import { isThemeToken, type ThemeToken } from "../../theme/tokens.js";

const HEX = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;

/** A colour an extension named (`borderColor`), or `fallback` when it is neither a token nor a hex colour. */
export function toStyleColor(value: string | undefined, fallback: ThemeToken): StyleColor {
	if (value === undefined) return fallback;
	if (isThemeToken(value)) return value;
	if (HEX.test(value)) return value as `#${string}`;
	return fallback;
}

/** Text from an extension as one row: line breaks and tabs become spaces. */
export function oneLine(text: string): string {
	return text.replace(/\r?\n|\r|\t/g, " ");
}
