/**
 * `/trust [off]`: whether project extensions and project settings of this
 * folder may load. Trusting asks first (they run code from the folder);
 * either change offers to reload so it takes effect now.
 */
import { displayPath, trustFile } from "../../../base/paths.js";
import { addTrusted, removeTrusted, trustedBy } from "../../../extensions/trust.js";
import type { CommandDefinition } from "../../../kernel/command.js";
import type { InteractiveServices } from "../services.js";
import { errorText } from "./arguments.js";

export function trustCommand(services: InteractiveServices): CommandDefinition {
	return {
		description: "Trust this folder's project extensions and settings (or stop: /trust off)",
		argumentHint: "[off]",
		handler: async (args) => {
			const mode = args.trim().toLowerCase();
			if (mode !== "" && mode !== "on" && mode !== "off") {
				services.ui.notify(`/trust: expected nothing, "on" or "off" (got "${args.trim()}")`, "error");
				return;
			}
			try {
				await (mode === "off" ? untrust(services) : trust(services));
			} catch (error) {
				services.ui.notify(`/trust: ${errorText(error)}`, "error");
			}
		},
	};
}

async function trust(services: InteractiveServices): Promise<void> {
	const { ui, home, cwd } = services;
	const by = trustedBy(home, cwd);
	if (by) {
		ui.notify(`This folder is trusted (${displayPath(trustFile(home))} lists ${displayPath(by)})`, "info");
		return;
	}
	const yes = await ui.confirm(
		"Trust this folder?",
		`Project extensions (.weft/extensions) and project settings in ${displayPath(cwd)} will load; they run with your permissions. Only trust code you would run yourself.`,
	);
	if (!yes) {
		ui.notify("This folder is not trusted; nothing changed", "info");
		return;
	}
	addTrusted(home, cwd);
	ui.notify(`Trusted ${displayPath(cwd)} (saved in ${displayPath(trustFile(home))})`, "success");
	await offerReload(services, "Load the project extensions now?");
}

async function untrust(services: InteractiveServices): Promise<void> {
	const { ui, home, cwd } = services;
	const change = removeTrusted(home, cwd);
	const still = change.by
		? ` It is still trusted through ${displayPath(change.by)}; run /trust off there to change that.`
		: "";
	if (!change.changed) {
		ui.notify(`This folder was not listed as trusted.${still}`, change.by ? "warning" : "info");
		return;
	}
	ui.notify(`No longer trusting ${displayPath(change.dir)}.${still}`, still ? "warning" : "success");
	if (!change.by) await offerReload(services, "Unload the project extensions now?");
}

async function offerReload(services: InteractiveServices, question: string): Promise<void> {
	if (!(await services.ui.confirm(question, "Reloads the settings and every extension."))) return;
	services.reloadSettings();
	await services.reloadExtensions();
}
