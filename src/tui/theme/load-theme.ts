/**
 * User themes: JSON files (comments allowed) that name colours for theme
 * tokens, optionally through `vars`, on top of a built-in theme. Every
 * mistake is reported with the file, line, column and key, and what would be
 * accepted instead.
 *
 *   { "name": "dusk", "extends": "dark",
 *     "vars": { "blue": "#7aa2f7" },
 *     "colors": { "accent": "blue", "error": "#ff5555", "muted": 244 } }
 */
import { readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { editDistance } from "../../base/close-matches.js";
import { errorMessage } from "../../base/error-message.js";
import {
	formatJsonPath,
	type JsoncDocument,
	type JsonPath,
	parseJsoncDocument,
	SettingsError,
} from "../../base/jsonc.js";
import { isNotFound } from "../../base/read-text.js";
import { BUILTIN_THEMES } from "./builtin-themes.js";
import { type Appearance, type ColorValue, isThemeToken, THEME_TOKENS, type Theme } from "./tokens.js";

const TOP_LEVEL_KEYS = new Set(["$schema", "name", "appearance", "extends", "vars", "colors"]);

class ThemeReader {
	constructor(
		private readonly file: string,
		private readonly doc: JsoncDocument,
	) {}

	fail(path: JsonPath, detail: string, atKey = false): never {
		const position = atKey ? this.doc.keyPositionOf(path) : this.doc.positionOf(path);
		throw new SettingsError(this.file, detail, position, formatJsonPath(path) || undefined);
	}

	object(value: unknown, path: JsonPath): Record<string, unknown> {
		if (typeof value !== "object" || value === null || Array.isArray(value)) {
			this.fail(path, `must be an object (got ${describe(value)})`);
		}
		return value as Record<string, unknown>;
	}

	/** A colour: a literal, or (when `vars` is given) the name of one of them. */
	color(value: unknown, path: JsonPath, vars?: ReadonlyMap<string, ColorValue>): ColorValue {
		if (typeof value === "number") {
			if (Number.isInteger(value) && value >= 0 && value <= 255) return value;
		} else if (typeof value === "string") {
			if (value === "default") return value;
			if (/^#([0-9a-f]{3}|[0-9a-f]{6})$/i.test(value)) return expandHex(value);
			const fromVar = vars?.get(value);
			if (fromVar !== undefined) return fromVar;
		}
		const accepted = vars ? `, "default" or a name from "vars"` : ` or "default"`;
		return this.fail(path, `must be "#rrggbb", a palette index 0–255${accepted} (got ${describe(value)})`);
	}
}

export function parseTheme(text: string, file: string): Theme {
	const doc = parseJsoncDocument(text, file);
	const reader: ThemeReader = new ThemeReader(file, doc);
	const root = reader.object(doc.value, []);
	for (const key of Object.keys(root)) {
		if (!TOP_LEVEL_KEYS.has(key)) {
			reader.fail([key], `unknown key (a theme has ${[...TOP_LEVEL_KEYS].slice(1).join(", ")})`, true);
		}
	}

	const name = root.name ?? basename(file).replace(/\.jsonc?$/i, "");
	if (typeof name !== "string" || name.trim() === "") reader.fail(["name"], "must be a non-empty string");

	let appearance: Appearance | undefined;
	if (root.appearance !== undefined) {
		if (root.appearance !== "dark" && root.appearance !== "light") {
			reader.fail(["appearance"], `must be "dark" or "light" (got ${describe(root.appearance)})`);
		}
		appearance = root.appearance;
	}
	const baseName = root.extends ?? appearance ?? "dark";
	const base = typeof baseName === "string" ? BUILTIN_THEMES[baseName] : undefined;
	if (!base) {
		reader.fail(["extends"], `must name a built-in theme: ${Object.keys(BUILTIN_THEMES).join(", ")}`);
	}

	const vars = new Map<string, ColorValue>();
	if (root.vars !== undefined) {
		for (const [key, value] of Object.entries(reader.object(root.vars, ["vars"]))) {
			vars.set(key, reader.color(value, ["vars", key]));
		}
	}

	const colors = { ...base.colors };
	if (root.colors !== undefined) {
		for (const [key, value] of Object.entries(reader.object(root.colors, ["colors"]))) {
			if (!isThemeToken(key)) {
				const near = closest(key, THEME_TOKENS);
				reader.fail(["colors", key], `unknown theme token${near ? ` (did you mean "${near}"?)` : ""}`, true);
			}
			colors[key] = reader.color(value, ["colors", key], vars);
		}
	}
	return { name, appearance: appearance ?? base.appearance, colors };
}

export function loadThemeFile(file: string): Theme {
	let text: string;
	try {
		text = readFileSync(file, "utf8");
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		throw new SettingsError(file, `cannot be read (${code ?? (error as Error).message})`);
	}
	return parseTheme(text, file);
}

/** Every theme in a folder (`~/.weft/themes`); a broken file is reported and skipped, never fatal. */
export function loadThemeDir(dir: string): { themes: Theme[]; errors: SettingsError[] } {
	const themes: Theme[] = [];
	const errors: SettingsError[] = [];
	let names: string[];
	try {
		names = readdirSync(dir).filter((n) => /\.jsonc?$/i.test(n));
	} catch (error) {
		// No folder means no themes; a folder weft may not list is reported like a broken file.
		if (!isNotFound(error)) errors.push(new SettingsError(dir, `cannot be listed (${errorMessage(error)})`));
		return { themes, errors };
	}
	for (const name of names.sort()) {
		try {
			themes.push(loadThemeFile(join(dir, name)));
		} catch (error) {
			if (!(error instanceof SettingsError)) throw error;
			errors.push(error);
		}
	}
	return { themes, errors };
}

function expandHex(hex: string): `#${string}` {
	const digits = hex.slice(1).toLowerCase();
	const full = digits.length === 3 ? [...digits].map((d) => d + d).join("") : digits;
	return `#${full}`;
}

function describe(value: unknown): string {
	if (value === null) return "null";
	if (Array.isArray(value)) return "an array";
	if (typeof value === "object") return "an object";
	return JSON.stringify(value);
}

/** The candidate within edit distance 2 of `word`, for "did you mean". */
function closest(word: string, candidates: readonly string[]): string | undefined {
	let best: string | undefined;
	let bestDistance = 3;
	for (const candidate of candidates) {
		const d = editDistance(word.toLowerCase(), candidate.toLowerCase());
		if (d < bestDistance) {
			best = candidate;
			bestDistance = d;
		}
	}
	return best;
}
