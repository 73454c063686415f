/**
 * `/export [file]`: writes the session's current branch as one HTML page that
 * opens offline (modes/export). Without a file name it goes to
 * `weft-session-<id8>.html` in the working folder, or `-2`, `-3`… when that
 * exists; a file name that exists is refused, never overwritten.
 */
import { displayPath } from "../../../base/paths.js";
import type { CommandDefinition } from "../../../kernel/command.js";
import { exportSessionHtml } from "../../export/export-session.js";
import type { InteractiveServices } from "../services.js";
import { errorText } from "./arguments.js";

export function exportCommand(services: InteractiveServices): CommandDefinition {
	return {
		description: "Write this session as an HTML page",
		argumentHint: "[file]",
		handler: (args) => {
			const { ui } = services;
			const { store } = services.session();
			if (!store.pathToLeaf().some((entry) => entry.type === "message")) {
				ui.notify("Nothing to export yet: this session has no messages", "info");
				return;
			}
			try {
				const file = args.trim() === "" ? undefined : args.trim();
				const written = exportSessionHtml(store, { cwd: services.cwd, file });
				ui.notify(`Exported the session to ${displayPath(written)}`, "success");
			} catch (error) {
				ui.notify(`/export: ${errorText(error)}`, "error");
			}
		},
	};
}
