/**
 * Which theme to draw with: `"theme"` in settings names a built-in ("dark",
 * "light") or a JSON theme in ~/.weft/themes; "auto" (the default) asks the
 * terminal for its background colour and falls back to COLORFGBG. A name
 * that is none of these is drawn with auto until extensions have loaded,
 * then looked up again among the themes they offer (`missing`).
 * `"colors"` picks 24-bit or 256-colour output: "auto" (the default) uses
 * 24-bit only where the terminal declares it (COLORTERM, known programs).
 */
import { themesDir } from "../../base/paths.js";
import { BUILTIN_THEMES } from "../../tui/theme/builtin-themes.js";
import { detectAppearance } from "../../tui/theme/detect.js";
import { loadThemeDir } from "../../tui/theme/load-theme.js";
import { type ColorDepth, detectColorDepth } from "../../tui/theme/style.js";
import type { Theme } from "../../tui/theme/tokens.js";

export interface ThemeChoice {
	theme: Theme;
	depth: ColorDepth;
	warnings: string[];
	/**
	 * The theme the setting names when it is none of weft's (built-in or in
	 * ~/.weft/themes): it may be a pi theme an extension offers through
	 * resources_discover, known only once extensions have loaded.
	 */
	missing?: string;
}

export async function chooseTheme(options: {
	setting: unknown;
	/** The `"colors"` setting. */
	colors?: unknown;
	home: string;
	env: NodeJS.ProcessEnv;
	queryBackground: () => Promise<string | undefined>;
}): Promise<ThemeChoice> {
	const warnings: string[] = [];
	const depth = chooseDepth(options.colors, options.env, warnings);
	const wanted = typeof options.setting === "string" && options.setting !== "" ? options.setting : "auto";
	if (options.setting !== undefined && typeof options.setting !== "string")
		warnings.push(`settings: "theme" must be a theme name, "auto", "dark" or "light"; using auto`);
	if (wanted !== "auto") {
		const builtin = BUILTIN_THEMES[wanted];
		if (builtin) return { theme: builtin, depth, warnings };
		const { themes, errors } = loadThemeDir(themesDir(options.home));
		for (const error of errors) warnings.push(error.message);
		const custom = themes.find((t) => t.name === wanted);
		if (custom) return { theme: custom, depth, warnings };
	}
	const background = await options.queryBackground().catch(() => undefined);
	const appearance = detectAppearance({ background, env: options.env });
	return {
		theme: BUILTIN_THEMES[appearance],
		depth,
		warnings,
		missing: wanted !== "auto" ? wanted : undefined,
	};
}

function chooseDepth(setting: unknown, env: NodeJS.ProcessEnv, warnings: string[]): ColorDepth {
	if (setting === "truecolor" || setting === "256") return setting;
	if (setting !== undefined && setting !== "auto")
		warnings.push(`settings: "colors" must be "auto", "truecolor" or "256"; using auto`);
	return detectColorDepth(env);
}
