/**
 * `/theme [name]`: switches the terminal UI's theme for this run. Bare, a
 * picker over every theme weft knows (built-ins, ~/.weft/themes, pi theme
 * files extensions offer); with a name, that theme. The choice is not
 * written to settings (the settings file may hold the user's comments), so
 * the notice says which setting keeps it.
 */
import { closeMatches } from "../../../base/close-matches.js";
import { displayPath, globalSettingsPath } from "../../../base/paths.js";
import type { CommandDefinition } from "../../../kernel/command.js";
import type { UIThemeInfo } from "../../../kernel/ui-port.js";
import type { InteractiveServices } from "../services.js";

export function themeCommand(services: InteractiveServices): CommandDefinition {
	return {
		description: "Switch the theme for this run (a picker, or the theme named)",
		argumentHint: "[name]",
		handler: (args) => chooseTheme(services, args.trim()),
	};
}

async function chooseTheme(services: InteractiveServices, wanted: string): Promise<void> {
	const { ui } = services;
	const themes = ui.getAllThemes();
	const current = services.themeName();
	const name = wanted === "" ? await pick(services, themes, current) : wanted;
	// Esc in the picker: nothing was switched, so the theme in use stays.
	if (name === undefined) return;
	if (!themes.some((theme) => theme.name === name)) {
		const known = themes.map((theme) => theme.name);
		const close = closeMatches(name, known);
		const hint = close.length > 0 ? ` Did you mean ${close.join(", ")}?` : "";
		ui.notify(`/theme: no theme "${name}".${hint} Known themes: ${known.join(", ")}`, "error");
		return;
	}
	const switched = ui.setTheme(name);
	if (!switched.success) {
		ui.notify(`/theme: could not switch to "${name}": ${switched.error}`, "error");
		return;
	}
	const settings = displayPath(globalSettingsPath(services.home));
	ui.notify(`Theme: ${name} for this run; to keep it, set "theme": "${name}" in ${settings}`, "info");
}

function pick(
	services: InteractiveServices,
	themes: readonly UIThemeInfo[],
	current: string,
): Promise<string | undefined> {
	const items = themes.map((theme) => {
		const about = [
			theme.name === current ? "current" : "",
			theme.appearance,
			theme.path ? displayPath(theme.path) : "built-in",
		].filter(Boolean);
		return { value: theme.name, label: theme.name, description: about.join(" · ") };
	});
	return services.ui.select("Choose a theme", items);
}
