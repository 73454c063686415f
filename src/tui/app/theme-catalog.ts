/**
 * The themes an extension may switch the terminal UI to at run time: the
 * built-ins, the files in ~/.weft/themes, and pi theme files (paths
 * extensions gave through resources_discover, pi's themes folder), read on
 * each call so a theme saved while weft runs is found. A name taken earlier
 * in that order keeps its theme. Switching is for this run only; the
 * `"theme"` setting still decides the next start.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { SettingsError } from "../../base/jsonc.js";
import { displayPath } from "../../base/paths.js";
import type { ThemeSwitch, UITheme, UIThemeInfo } from "../../kernel/ui-port.js";
import { BUILTIN_THEMES } from "../theme/builtin-themes.js";
import { loadThemeFile, parseTheme } from "../theme/load-theme.js";
import { loadPiThemeFile, piThemeFiles } from "../theme/pi-theme-file.js";
import type { Theme } from "../theme/tokens.js";

/** Where pi theme files come from, and where what is wrong with one is said (once per problem). */
export interface PiThemeSource {
	/** pi theme files, or folders of them. */
	paths(): readonly string[];
	warn(message: string): void;
}

export class ThemeCatalog {
	private readonly warned = new Set<string>();

	/** `dir` is ~/.weft/themes; undefined offers the built-ins only. */
	constructor(
		private readonly dir: string | undefined,
		private readonly pi?: PiThemeSource,
	) {}

	list(): Array<UIThemeInfo & { theme: Theme }> {
		const found: Array<UIThemeInfo & { theme: Theme }> = Object.values(BUILTIN_THEMES).map((theme) => ({
			name: theme.name,
			appearance: theme.appearance,
			theme,
		}));
		for (const { theme, path } of [...this.files(), ...this.piFiles()]) {
			// A file named like a built-in does not replace it, as in the "theme" setting.
			if (!found.some((t) => t.name === theme.name))
				found.push({ name: theme.name, appearance: theme.appearance, path, theme });
		}
		return found;
	}

	get(name: string): Theme | undefined {
		return this.list().find((t) => t.name === name)?.theme;
	}

	/** The theme to draw with, or why there is none: a name weft knows, or colours by weft's tokens. */
	resolve(wanted: string | UITheme): { theme: Theme } | Extract<ThemeSwitch, { success: false }> {
		if (typeof wanted === "string") {
			const theme = this.get(wanted);
			if (theme) return { theme };
			const known = this.list().map((t) => t.name);
			return { success: false, error: `no theme "${wanted}" (known: ${known.join(", ")})` };
		}
		if (!wanted || typeof wanted !== "object" || typeof wanted.name !== "string")
			return { success: false, error: "setTheme needs a theme name or { name, appearance, colors }" };
		try {
			// The same checks as a theme file, so a wrong token or colour is named the same way.
			const source = JSON.stringify({ name: wanted.name, extends: wanted.appearance, colors: wanted.colors });
			return { theme: parseTheme(source, `the theme "${wanted.name}" an extension gave`) };
		} catch (error) {
			if (error instanceof SettingsError) return { success: false, error: error.message };
			throw error;
		}
	}

	private piFiles(): Array<{ theme: Theme; path: string }> {
		const found: Array<{ theme: Theme; path: string }> = [];
		for (const path of new Set((this.pi?.paths() ?? []).flatMap(piThemeFiles))) {
			try {
				const { theme, unknownTokens } = loadPiThemeFile(path);
				if (unknownTokens.length > 0)
					this.warnOnce(
						`${displayPath(path)}: pi theme "${theme.name}": ignored ${unknownTokens.map((t) => `"${t}"`).join(", ")} (not pi colour tokens)`,
					);
				found.push({ theme, path });
			} catch (error) {
				if (!(error instanceof SettingsError)) throw error;
				this.warnOnce(`pi theme not loaded: ${error.message}`);
			}
		}
		return found;
	}

	private warnOnce(message: string): void {
		if (this.warned.has(message)) return;
		this.warned.add(message);
		this.pi?.warn(message);
	}

	private files(): Array<{ theme: Theme; path: string }> {
		if (!this.dir) return [];
		let names: string[];
		try {
			names = readdirSync(this.dir).filter((n) => /\.jsonc?$/i.test(n));
		} catch {
			// No folder (or one weft may not list, which the start-up's theme choice already reported): no files.
			return [];
		}
		const found: Array<{ theme: Theme; path: string }> = [];
		for (const name of names.sort()) {
			const path = join(this.dir, name);
			try {
				found.push({ theme: loadThemeFile(path), path });
			} catch (error) {
				// A broken file is reported where it is chosen (the "theme" setting); here it is only not offered.
				if (!(error instanceof SettingsError)) throw error;
			}
		}
		return found;
	}
}
