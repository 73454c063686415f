/** `/new`: leaves the current session (it stays on disk for /resume) and starts a fresh one. */
import type { CommandDefinition } from "../../../kernel/command.js";
import type { InteractiveServices } from "../services.js";
import { noArguments } from "./arguments.js";

export function newCommand(services: InteractiveServices): CommandDefinition {
	return {
		description: "Start a new session",
		handler: async (args) => {
			if (!noArguments(services.ui, "new", args)) return;
			// false: an extension cancelled the switch, and the user was already told why.
			if (await services.switchSession({ kind: "new" })) services.ui.notify("Started a new session", "info");
		},
	};
}
