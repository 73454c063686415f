/**
 * Project extensions run code from the folder weft was started in, so they
 * load only in folders the user trusts. When this folder has some and is not
 * trusted, the interactive UI asks once: trust it for good, load them this
 * time only, or skip them.
 */
import { displayPath, trustFile } from "../../base/paths.js";
import { discoverExtensions } from "../../extensions/sources.js";
import { addTrusted, isTrusted } from "../../extensions/trust.js";
import type { UIPort } from "../../kernel/ui-port.js";

export async function askAboutTrust(
	ui: UIPort,
	options: {
		cwd: string;
		home: string;
		extensions?: { cliPaths?: readonly string[]; noExtensions?: boolean };
	},
): Promise<boolean> {
	if (isTrusted(options.home, options.cwd)) return false;
	const project = discoverExtensions({
		cwd: options.cwd,
		home: options.home,
		cliPaths: options.extensions?.cliPaths,
		noExtensions: options.extensions?.noExtensions,
		trusted: () => true,
	}).filter((found) => found.project && found.status === "pending");
	if (project.length === 0) return false;
	const names = project.map((p) => p.name).join(", ");
	const choice = await ui.select(`This folder has ${project.length} project extension(s): ${names}`, [
		{
			value: "trust",
			label: "Trust this folder and load them",
			// The real file: under WEFT_HOME when that is set.
			description: `remembered in ${displayPath(trustFile(options.home))}`,
		},
		{ value: "once", label: "Load them this time only" },
		{ value: "skip", label: "Don't load them", description: "run `weft trust` or /trust later" },
	]);
	if (choice === "trust") {
		addTrusted(options.home, options.cwd);
		return true;
	}
	return choice === "once";
}
