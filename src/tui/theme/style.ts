/**
 * Styles → SGR escape sequences, through a theme: a style names theme tokens
 * ("accent") or literal colours, and the styler turns it into the sequence
 * the terminal understands (24-bit colour, or the nearest of 256 colours for
 * terminals that lack it). Sequences are cached per style.
 */
import type { UIStyle } from "../../kernel/ui-surface.js";
import { type ColorValue, isThemeToken, type Theme, type ThemeToken } from "./tokens.js";

export type StyleColor = ThemeToken | ColorValue;

/** The kernel's public style, with colours narrowed to what the theme resolves. */
export type Style = UIStyle<StyleColor>;

export type ColorDepth = "truecolor" | "256";

const TRUECOLOR_PROGRAMS = new Set(["iTerm.app", "WezTerm", "vscode", "ghostty", "Hyper", "Tabby"]);

export function detectColorDepth(env: Record<string, string | undefined>): ColorDepth {
	if (env.COLORTERM === "truecolor" || env.COLORTERM === "24bit") return "truecolor";
	if (env.TERM_PROGRAM && TRUECOLOR_PROGRAMS.has(env.TERM_PROGRAM)) return "truecolor";
	if (env.TERM?.includes("kitty") || env.TERM?.includes("direct")) return "truecolor";
	return "256";
}

/** The nearest xterm-256 palette index: the 6×6×6 cube or the grey ramp, whichever is closer. */
export function nearest256(r: number, g: number, b: number): number {
	const level = (v: number) => (v < 48 ? 0 : v < 115 ? 1 : Math.floor((v - 35) / 40));
	const steps = [0, 95, 135, 175, 215, 255];
	const [cr, cg, cb] = [level(r), level(g), level(b)];
	const cube = 16 + 36 * cr + 6 * cg + cb;
	const cubeDistance = (steps[cr] - r) ** 2 + (steps[cg] - g) ** 2 + (steps[cb] - b) ** 2;
	const grey = Math.min(23, Math.max(0, Math.round(((r + g + b) / 3 - 8) / 10)));
	const greyValue = 8 + grey * 10;
	const greyDistance = (greyValue - r) ** 2 + (greyValue - g) ** 2 + (greyValue - b) ** 2;
	return greyDistance < cubeDistance ? 232 + grey : cube;
}

export class Styler {
	private readonly cache = new Map<string, string>();

	constructor(
		readonly theme: Theme,
		readonly depth: ColorDepth = "truecolor",
	) {}

	/** The colour a style colour stands for: a token looked up in the theme, a literal as is. */
	resolve(color: StyleColor): ColorValue {
		return typeof color === "string" && isThemeToken(color) ? this.theme.colors[color] : color;
	}

	/** The SGR sequence that switches `style` on (empty for an empty style). */
	sgr(style: Style): string {
		const key = `${style.fg ?? ""}|${style.bg ?? ""}|${style.bold ? 1 : 0}${style.dim ? 1 : 0}${style.italic ? 1 : 0}${style.underline ? 1 : 0}${style.inverse ? 1 : 0}${style.strikethrough ? 1 : 0}`;
		let sgr = this.cache.get(key);
		if (sgr === undefined) {
			const params: string[] = [];
			if (style.bold) params.push("1");
			if (style.dim) params.push("2");
			if (style.italic) params.push("3");
			if (style.underline) params.push("4");
			if (style.inverse) params.push("7");
			if (style.strikethrough) params.push("9");
			if (style.fg !== undefined) params.push(...this.colorParams(this.resolve(style.fg), 30));
			if (style.bg !== undefined) params.push(...this.colorParams(this.resolve(style.bg), 40));
			sgr = params.length > 0 ? `\x1b[${params.join(";")}m` : "";
			this.cache.set(key, sgr);
		}
		return sgr;
	}

	/** `text` in `style`, reset afterwards. */
	paint(text: string, style: Style): string {
		const sgr = this.sgr(style);
		return sgr === "" ? text : `${sgr}${text}\x1b[m`;
	}

	/** `text` in the foreground colour of `color` (usually a token), closing only the colour. */
	fg(color: StyleColor, text: string): string {
		const sgr = this.sgr({ fg: color });
		return sgr === "" ? text : `${sgr}${text}\x1b[39m`;
	}

	/** `text` on the background colour of `color`, closing only the background. */
	bg(color: StyleColor, text: string): string {
		const sgr = this.sgr({ bg: color });
		return sgr === "" ? text : `${sgr}${text}\x1b[49m`;
	}

	/** SGR parameters for a colour; `base` is 30 for foreground, 40 for background. */
	private colorParams(color: ColorValue, base: 30 | 40): string[] {
		if (color === "default") return [String(base + 9)];
		if (typeof color === "number") {
			if (color < 8) return [String(base + color)];
			if (color < 16) return [String(base + 60 + color - 8)];
			return [String(base + 8), "5", String(color)];
		}
		let hex = color.slice(1);
		if (/^[0-9a-f]{3}$/i.test(hex)) hex = [...hex].map((d) => d + d).join("");
		// An extension's malformed literal draws in the default colour rather than as garbage.
		if (!/^[0-9a-f]{6}$/i.test(hex)) return [];
		const r = Number.parseInt(hex.slice(0, 2), 16);
		const g = Number.parseInt(hex.slice(2, 4), 16);
		const b = Number.parseInt(hex.slice(4, 6), 16);
		if (this.depth === "256") return [String(base + 8), "5", String(nearest256(r, g, b))];
		return [String(base + 8), "2", String(r), String(g), String(b)];
	}
}
