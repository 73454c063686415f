/**
 * `/logout [provider]`: removes a provider's stored API key or login from
 * auth.json. Keys in settings or the environment are not weft's to remove;
 * the user is told when one of them is still there.
 */
import { ENV_KEYS, readAuth, removeAuthEntry } from "../../../ai/auth-store.js";
import { authPath, displayPath } from "../../../base/paths.js";
import type { CommandDefinition } from "../../../kernel/command.js";
import type { InteractiveServices } from "../services.js";
import { errorText } from "./arguments.js";

export function logoutCommand(services: InteractiveServices): CommandDefinition {
	return {
		description: "Remove a provider's stored API key or login",
		argumentHint: "[provider]",
		handler: (args) => logout(services, args.trim()),
	};
}

async function logout(services: InteractiveServices, named: string): Promise<void> {
	const { ui } = services;
	const stored = displayPath(authPath(services.home));
	let entries: ReturnType<typeof readAuth>;
	try {
		entries = readAuth(services.home);
	} catch (error) {
		ui.notify(`/logout: ${errorText(error)}`, "error");
		return;
	}
	const names = Object.keys(entries);
	if (names.length === 0) {
		ui.notify(`/logout: no key or login is stored in ${stored}`, "info");
		return;
	}
	const items = names.map((name) => ({
		value: name,
		label: name,
		description: entries[name].type === "oauth" ? "login" : "API key",
	}));
	const name = named || (await ui.select("Log out of which provider?", items));
	if (!name) return;
	try {
		if (!removeAuthEntry(services.home, name)) {
			ui.notify(`/logout: nothing is stored for "${name}" (stored: ${names.join(", ")})`, "error");
			return;
		}
	} catch (error) {
		ui.notify(`/logout: ${errorText(error)}`, "error");
		return;
	}
	ui.notify(`Removed what was stored for ${name} in ${stored}`, "success");
	const variable = (ENV_KEYS[name] ?? []).find((v) => services.env[v]?.trim());
	if (variable) ui.notify(`$${variable} is still set and is still used for ${name}`, "warning");
}
