/**
 * pi's theme format read into weft's roles: vars, "" as the terminal's
 * default, pi tokens weft has no role for dropped quietly, keys pi does not
 * have reported, dark or light from the backgrounds, and errors naming the
 * file, line and field.
 */
import { describe, expect, it } from "vitest";
import { SettingsError } from "../../base/jsonc.js";
import { DARK_THEME, LIGHT_THEME } from "./builtin-themes.js";
import { parsePiTheme } from "./pi-theme-file.js";

const PI_THEME = `{
  "$schema": "https://example.invalid/theme-schema.json",
  "name": "harbour",
  "vars": { "primary": "#00aaff", "secondary": 242 },
  "colors": {
    "accent": "primary",
    "borderAccent": "#0ff",
    "text": "",
    "selectedBg": "#2d2d30",
    "userMessageBg": "#2d2d30",
    "mdHeading": "#ffaa00",
    "toolDiffAdded": "#00ff00",
    "syntaxComment": "secondary",
    "thinkingHigh": "#ff00ff",
    "bashMode": "#ffaa00",
    "sparkle": "#ffffff"
  }
}`;

describe("parsePiTheme", () => {
	it("maps pi's tokens onto weft's roles, through vars, keeping the built-in's colour for the rest", () => {
		const { theme, unknownTokens } = parsePiTheme(PI_THEME, "/t/harbour.json");
		expect(theme.name).toBe("harbour");
		expect(theme.appearance).toBe("dark");
		expect(theme.colors).toMatchObject({
			accent: "#00aaff",
			borderFocus: "#00ffff",
			text: "default",
			selectionBg: "#2d2d30",
			userMessageBg: "#2d2d30",
			heading: "#ffaa00",
			diffAdded: "#00ff00",
			syntaxComment: 242,
			info: DARK_THEME.colors.info,
		});
		expect(unknownTokens).toEqual(["sparkle"]);
	});

	it("is light when its backgrounds are", () => {
		const light = parsePiTheme(
			'{ "name": "paper", "colors": { "userMessageBg": "#f0f0f0" } }',
			"/t/paper.json",
		);
		expect(light.theme.appearance).toBe("light");
		expect(light.theme.colors.link).toBe(LIGHT_THEME.colors.link);
	});

	it("names the file, line and field of a value it cannot read", () => {
		const bad = '{\n  "name": "x",\n  "colors": {\n    "mdHeading": "orange"\n  }\n}';
		expect(() => parsePiTheme(bad, "/t/x.json")).toThrow(SettingsError);
		expect(() => parsePiTheme(bad, "/t/x.json")).toThrow(
			/\/t\/x\.json:4:\d+: colors\.mdHeading: must be "#rrggbb", a palette index 0–255 or "" .* or a name from "vars" \(got "orange"\)/,
		);
		expect(() => parsePiTheme('{ "colors": {} }', "/t/y.json")).toThrow(/name: must be a non-empty string/);
		expect(() => parsePiTheme('{ "name": "z" }', "/t/z.json")).toThrow(/must be an object/);
		expect(() => parsePiTheme('{ "name": "v", "vars": { "a": "blue" }, "colors": {} }', "/t/v.json")).toThrow(
			/vars\.a: must be/,
		);
	});
});
