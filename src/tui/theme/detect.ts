/**
 * Dark or light: from the terminal's background colour (its answer to the
 * OSC 11 query) when it answers, from COLORFGBG (set by rxvt, Konsole and
 * others) otherwise, and dark when nothing says.
 */
import type { Appearance } from "./tokens.js";

export interface Rgb {
	r: number;
	g: number;
	b: number;
}

/** One hex component of 1–4 digits, scaled to 0–255 (X11 colour specs scale by the digit count). */
function component(hex: string): number | undefined {
	if (!/^[0-9a-f]{1,4}$/i.test(hex)) return undefined;
	const max = 16 ** hex.length - 1;
	return Math.round((Number.parseInt(hex, 16) / max) * 255);
}

/** Parses an OSC 10/11 colour answer: "rgb:RRRR/GGGG/BBBB", "rgba:…/…/…/…", "#rgb", "#rrggbb". */
export function parseTerminalColor(data: string): Rgb | undefined {
	const value = data.trim().replace(/^\d+;/, "");
	const rgb = /^rgba?:([0-9a-f]+)\/([0-9a-f]+)\/([0-9a-f]+)(?:\/[0-9a-f]+)?$/i.exec(value);
	if (rgb) {
		const [r, g, b] = [component(rgb[1]), component(rgb[2]), component(rgb[3])];
		return r === undefined || g === undefined || b === undefined ? undefined : { r, g, b };
	}
	const hash = /^#([0-9a-f]+)$/i.exec(value);
	if (hash && hash[1].length % 3 === 0 && hash[1].length <= 12) {
		const size = hash[1].length / 3;
		const parts = [0, 1, 2].map((i) => component(hash[1].slice(i * size, (i + 1) * size)));
		if (parts.every((p) => p !== undefined)) return { r: parts[0]!, g: parts[1]!, b: parts[2]! };
	}
	return undefined;
}

/** Dark when the colour's perceived brightness is below the midpoint. */
export function appearanceOf(color: Rgb): Appearance {
	const brightness = (0.299 * color.r + 0.587 * color.g + 0.114 * color.b) / 255;
	return brightness < 0.5 ? "dark" : "light";
}

/** COLORFGBG is "fg;bg" (or "fg;default;bg"): background 0–6 or 8 is dark, 7 or 9–15 light. */
export function appearanceFromColorFgBg(value: string | undefined): Appearance | undefined {
	if (!value) return undefined;
	const bg = Number(value.split(";").at(-1));
	if (!Number.isInteger(bg) || bg < 0 || bg > 15) return undefined;
	return bg === 7 || bg >= 9 ? "light" : "dark";
}

export interface AppearanceHints {
	/** The terminal's OSC 11 answer, when it gave one. */
	background?: string;
	env?: Record<string, string | undefined>;
}

export function detectAppearance(hints: AppearanceHints): Appearance {
	const color = hints.background === undefined ? undefined : parseTerminalColor(hints.background);
	if (color) return appearanceOf(color);
	return appearanceFromColorFgBg(hints.env?.COLORFGBG) ?? "dark";
}
