/**
 * `/export [file]`: writes the session's current branch as one HTML page that
 * opens offline (modes/export), in every mode (`weft -c -p "/export"` too).
 * Without a file name it goes to `weft-session-<id8>.html` in the session's
 * folder, or `-2`, `-3`… when that exists; a file name that exists is
 * refused, never overwritten.
 */
import { errorMessage } from "../../base/error-message.js";
import { displayPath } from "../../base/paths.js";
import type { CommandDefinition } from "../../kernel/command.js";
import type { SessionCommandServices } from "./services.js";

export function exportCommand(services: SessionCommandServices): CommandDefinition {
	return {
		description: "Write this session as an HTML page",
		argumentHint: "[file]",
		handler: async (args) => {
			const { ui } = services;
			const session = services.session();
			if (!session.store.pathToLeaf().some((entry) => entry.type === "message")) {
				ui.notify("Nothing to export yet: this session has no messages", "info");
				return;
			}
			try {
				// The page uses the terminal UI's markdown lexer: loaded through the interactive mode's chunk, as
				// `weft --export` does, so `-p` pays nothing for it (docs/architecture.md: a new dynamic import
				// of modules -p shares would split its chunks).
				const { exportSessionHtml } = await import("../interactive/interactive-mode.js");
				const file = args.trim() === "" ? undefined : args.trim();
				const written = exportSessionHtml(session.store, { cwd: session.cwd, file });
				ui.notify(`Exported the session to ${displayPath(written)}`, "success");
			} catch (error) {
				ui.notify(`/export: ${errorMessage(error)}`, "error");
			}
		},
	};
}
