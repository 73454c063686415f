/**
 * pi's theme files (pi's docs/themes.md): `{ name, vars?, colors }` with
 * pi's 51 colour tokens, read into a weft theme. Each pi token with a weft
 * role colours that role; pi tokens weft draws nothing with (the thinking
 * level borders, bash mode, custom-message colours, markdown rules) are
 * dropped, and a token pi does not have either is reported back as unknown.
 * Roles pi has no token for keep the built-in theme's colour, dark or
 * light after the file's backgrounds. A malformed file is an error naming
 * the file, the line and the field, as weft's own theme files are.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { errorMessage } from "../../base/error-message.js";
import { formatJsonPath, type JsonPath, parseJsoncDocument, SettingsError } from "../../base/jsonc.js";
import { BUILTIN_THEMES } from "./builtin-themes.js";
import type { Appearance, ColorValue, Theme, ThemeToken } from "./tokens.js";

/** pi's tokens and the weft role each colours; null: pi's, but weft draws nothing with it. */
const PI_TOKENS: Readonly<Record<string, ThemeToken | null>> = {
	accent: "accent",
	border: "border",
	borderAccent: "borderFocus",
	borderMuted: null,
	success: "success",
	error: "error",
	warning: "warning",
	muted: "muted",
	dim: "dim",
	text: "text",
	thinkingText: "thinking",
	selectedBg: "selectionBg",
	userMessageBg: "userMessageBg",
	userMessageText: "userMessage",
	customMessageBg: null,
	customMessageText: null,
	customMessageLabel: null,
	toolPendingBg: "toolPendingBg",
	toolSuccessBg: "toolSuccessBg",
	toolErrorBg: "toolErrorBg",
	toolTitle: "toolTitle",
	toolOutput: "toolOutput",
	mdHeading: "heading",
	mdLink: "link",
	mdLinkUrl: null,
	mdCode: "code",
	mdCodeBlock: null,
	mdCodeBlockBorder: "codeBlockBorder",
	mdQuote: "quote",
	mdQuoteBorder: null,
	mdHr: null,
	mdListBullet: "listBullet",
	toolDiffAdded: "diffAdded",
	toolDiffRemoved: "diffRemoved",
	toolDiffContext: "diffContext",
	syntaxComment: "syntaxComment",
	syntaxKeyword: "syntaxKeyword",
	syntaxFunction: "syntaxFunction",
	syntaxVariable: "syntaxVariable",
	syntaxString: "syntaxString",
	syntaxNumber: "syntaxNumber",
	syntaxType: "syntaxType",
	syntaxOperator: "syntaxOperator",
	syntaxPunctuation: "syntaxPunctuation",
	thinkingOff: null,
	thinkingMinimal: null,
	thinkingLow: null,
	thinkingMedium: null,
	thinkingHigh: null,
	thinkingXhigh: null,
	bashMode: null,
};

/** The backgrounds whose lightness says whether the theme is for a light terminal. */
const BACKGROUNDS = ["userMessageBg", "selectedBg", "toolPendingBg"];

export interface PiThemeFile {
	theme: Theme;
	/** Colour keys that are not pi tokens: ignored. */
	unknownTokens: string[];
}

export function parsePiTheme(text: string, file: string): PiThemeFile {
	const doc = parseJsoncDocument(text, file);
	const fail = (path: JsonPath, detail: string): never => {
		throw new SettingsError(file, detail, doc.positionOf(path), formatJsonPath(path));
	};
	const object = (value: unknown, path: JsonPath): Record<string, unknown> =>
		typeof value === "object" && value !== null && !Array.isArray(value)
			? (value as Record<string, unknown>)
			: fail(path, "must be an object (a pi theme is { name, vars?, colors })");
	const root = object(doc.value, []);
	const name = root.name;
	if (typeof name !== "string" || name.trim() === "") return fail(["name"], "must be a non-empty string");

	const vars = new Map<string, ColorValue>();
	for (const [key, value] of Object.entries(root.vars === undefined ? {} : object(root.vars, ["vars"]))) {
		vars.set(
			key,
			literal(value) ?? fail(["vars", key], `must be ${ACCEPTED} (got ${JSON.stringify(value)})`),
		);
	}
	const given = object(root.colors, ["colors"]);
	const unknownTokens: string[] = [];
	const mapped: Partial<Record<ThemeToken, ColorValue>> = {};
	const piColors = new Map<string, ColorValue>();
	for (const [key, value] of Object.entries(given)) {
		if (!Object.hasOwn(PI_TOKENS, key)) {
			unknownTokens.push(key);
			continue;
		}
		const color =
			literal(value) ??
			(typeof value === "string" ? vars.get(value) : undefined) ??
			fail(["colors", key], `must be ${ACCEPTED} or a name from "vars" (got ${JSON.stringify(value)})`);
		piColors.set(key, color);
		const role = PI_TOKENS[key];
		if (role) mapped[role] = color;
	}
	const appearance = appearanceOf(piColors);
	return {
		theme: { name, appearance, colors: { ...BUILTIN_THEMES[appearance].colors, ...mapped } },
		unknownTokens,
	};
}

export function loadPiThemeFile(file: string): PiThemeFile {
	let text: string;
	try {
		text = readFileSync(file, "utf8");
	} catch (error) {
		throw new SettingsError(file, `cannot be read (${errorMessage(error)})`);
	}
	return parsePiTheme(text, file);
}

/** The theme files a path stands for: a `.json` file, or the `.json` files in a folder (sorted). */
export function piThemeFiles(path: string): string[] {
	if (/\.json$/i.test(path)) return [path];
	try {
		return readdirSync(path)
			.filter((name) => /\.json$/i.test(name))
			.sort()
			.map((name) => join(path, name));
	} catch {
		// A folder that is not there (pi's themes folder of someone who made none) holds no themes.
		return [];
	}
}

const ACCEPTED = `"#rrggbb", a palette index 0–255 or "" (the terminal's default)`;

/** pi's colour values: hex, a 256-colour index, or "" for the terminal's default. */
function literal(value: unknown): ColorValue | undefined {
	if (value === "") return "default";
	if (typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= 255) return value;
	if (typeof value !== "string" || !/^#([0-9a-f]{3}|[0-9a-f]{6})$/i.test(value)) return undefined;
	const digits = value.slice(1).toLowerCase();
	return `#${digits.length === 3 ? [...digits].map((d) => d + d).join("") : digits}`;
}

/** Light when the first hex background given is light (pi's files say nothing of it). */
function appearanceOf(colors: ReadonlyMap<string, ColorValue>): Appearance {
	for (const token of BACKGROUNDS) {
		const color = colors.get(token);
		if (typeof color !== "string" || !color.startsWith("#")) continue;
		const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(color.slice(i, i + 2), 16));
		return 0.299 * r + 0.587 * g + 0.114 * b > 140 ? "light" : "dark";
	}
	return "dark";
}
