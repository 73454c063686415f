import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DARK_THEME, LIGHT_THEME } from "./builtin-themes.js";
import { appearanceFromColorFgBg, detectAppearance, parseTerminalColor } from "./detect.js";
import { loadThemeDir, loadThemeFile, parseTheme } from "./load-theme.js";
import { detectColorDepth, nearest256, Styler } from "./style.js";
import { THEME_TOKENS } from "./tokens.js";

describe("built-in themes", () => {
	it("give every token a colour and survive a JSON round trip", () => {
		for (const theme of [DARK_THEME, LIGHT_THEME]) {
			expect(Object.keys(theme.colors).sort()).toEqual([...THEME_TOKENS].sort());
			expect(JSON.parse(JSON.stringify(theme))).toEqual(theme);
			expect(parseTheme(JSON.stringify(theme), `${theme.name}.json`)).toEqual(theme);
		}
	});
});

describe("dark or light", () => {
	it("parses the terminal's OSC 11 answer in its usual forms", () => {
		expect(parseTerminalColor("rgb:ffff/ffff/ffff")).toEqual({ r: 255, g: 255, b: 255 });
		expect(parseTerminalColor("rgb:1e1e/1e1e/2e2e")).toEqual({ r: 30, g: 30, b: 46 });
		expect(parseTerminalColor("rgb:1e/1e/2e")).toEqual({ r: 30, g: 30, b: 46 });
		expect(parseTerminalColor("rgba:0000/0000/0000/ffff")).toEqual({ r: 0, g: 0, b: 0 });
		expect(parseTerminalColor("#fdf6e3")).toEqual({ r: 253, g: 246, b: 227 });
		expect(parseTerminalColor("rgb:zz/00/00")).toBeUndefined();
		expect(parseTerminalColor("?")).toBeUndefined();
	});

	it("decides from the background when the terminal answered", () => {
		expect(detectAppearance({ background: "rgb:1e1e/1e1e/2e2e" })).toBe("dark");
		expect(detectAppearance({ background: "rgb:fdfd/f6f6/e3e3", env: { COLORFGBG: "15;0" } })).toBe("light");
	});

	it("falls back to COLORFGBG, then to dark", () => {
		expect(detectAppearance({ env: { COLORFGBG: "0;15" } })).toBe("light");
		expect(detectAppearance({ env: { COLORFGBG: "15;default;0" } })).toBe("dark");
		expect(detectAppearance({ background: "garbage", env: {} })).toBe("dark");
		expect(appearanceFromColorFgBg("7;default")).toBeUndefined();
		expect(appearanceFromColorFgBg("0;7")).toBe("light");
	});
});

describe("user themes", () => {
	let dir: string | undefined;
	afterEach(() => {
		if (dir) rmSync(dir, { recursive: true, force: true });
		dir = undefined;
	});

	it("layer colours and vars over a built-in theme", () => {
		const theme = parseTheme(
			`{
				// comments are fine
				"name": "dusk",
				"extends": "light",
				"vars": { "blue": "#36f" },
				"colors": { "accent": "blue", "error": "#FF5555", "muted": 244, "text": "default" },
			}`,
			"dusk.json",
		);
		expect(theme.name).toBe("dusk");
		expect(theme.appearance).toBe("light");
		expect(theme.colors.accent).toBe("#3366ff");
		expect(theme.colors.error).toBe("#ff5555");
		expect(theme.colors.muted).toBe(244);
		expect(theme.colors.success).toBe(LIGHT_THEME.colors.success);
	});

	it("take their name from the file and their base from the appearance", () => {
		const theme = parseTheme(`{ "appearance": "light" }`, "/home/u/.weft/themes/paper.json");
		expect(theme).toMatchObject({ name: "paper", appearance: "light", colors: LIGHT_THEME.colors });
	});

	it("report a bad colour with the file, position and key", () => {
		expect(() => parseTheme(`{\n  "colors": {\n    "accent": "blu"\n  }\n}`, "/tmp/t.json")).toThrow(
			/t\.json:3:15: colors\.accent: must be "#rrggbb", a palette index 0–255, "default" or a name from "vars" \(got "blu"\)/,
		);
		expect(() => parseTheme(`{ "vars": { "x": 300 } }`, "t.json")).toThrow(/vars\.x: must be .* \(got 300\)/);
	});

	it("report an unknown token with a suggestion", () => {
		expect(() => parseTheme(`{ "colors": { "acent": "#fff" } }`, "t.json")).toThrow(
			/t\.json:1:15: colors\.acent: unknown theme token \(did you mean "accent"\?\)/,
		);
	});

	it("report unknown keys, bad appearances and unknown bases", () => {
		expect(() => parseTheme(`{ "colours": {} }`, "t.json")).toThrow(/colours: unknown key/);
		expect(() => parseTheme(`{ "appearance": "dim" }`, "t.json")).toThrow(
			/appearance: must be "dark" or "light"/,
		);
		expect(() => parseTheme(`{ "extends": "solarized" }`, "t.json")).toThrow(
			/extends: must name a built-in theme: dark, light/,
		);
		expect(() => parseTheme(`[1]`, "t.json")).toThrow(/must be an object \(got an array\)/);
		expect(() => parseTheme(`{ "colors": { "accent": "#fff", } `, "t.json")).toThrow(/t\.json:1:/);
	});

	it("load from a folder, skipping broken files with their errors", () => {
		const folder = mkdtempSync(join(tmpdir(), "weft-themes-"));
		dir = folder;
		writeFileSync(join(folder, "good.json"), `{ "colors": { "accent": "#112233" } }`);
		writeFileSync(join(folder, "bad.json"), `{ "colors": { "accent": false } }`);
		writeFileSync(join(folder, "notes.txt"), "ignored");
		const { themes, errors } = loadThemeDir(folder);
		expect(themes.map((t) => t.name)).toEqual(["good"]);
		expect(errors.map((e) => e.message)).toEqual([
			expect.stringMatching(/bad\.json:1:\d+: colors\.accent: must be/),
		]);
		expect(() => loadThemeFile(join(folder, "missing.json"))).toThrow(
			/missing\.json: cannot be read \(ENOENT\)/,
		);
		expect(loadThemeDir(join(folder, "nope"))).toEqual({ themes: [], errors: [] });
	});
});

describe("Styler", () => {
	it("turns tokens into 24-bit colour sequences through the theme", () => {
		const styler = new Styler(DARK_THEME);
		expect(styler.sgr({ fg: "accent", bold: true })).toBe("\x1b[1;38;2;122;162;247m");
		expect(styler.fg("error", "x")).toBe("\x1b[38;2;247;118;142mx\x1b[39m");
		expect(styler.bg("#000", "x")).toBe("\x1b[48;2;0;0;0mx\x1b[49m");
		expect(styler.paint("x", { fg: 1, bg: 12, underline: true })).toBe("\x1b[4;31;104mx\x1b[m");
		expect(styler.fg("text", "x")).toBe("\x1b[39mx\x1b[39m");
		expect(styler.paint("x", {})).toBe("x");
	});

	it("uses the nearest of 256 colours where 24-bit colour is missing", () => {
		const styler = new Styler(DARK_THEME, "256");
		expect(styler.sgr({ fg: "#ff0000" })).toBe("\x1b[38;5;196m");
		expect(nearest256(128, 128, 128)).toBe(244);
		expect(nearest256(0, 0, 0)).toBe(16);
	});

	it("detects colour depth from the environment", () => {
		expect(detectColorDepth({ COLORTERM: "truecolor" })).toBe("truecolor");
		expect(detectColorDepth({ TERM_PROGRAM: "vscode" })).toBe("truecolor");
		expect(detectColorDepth({ TERM: "xterm-256color" })).toBe("256");
	});
});
