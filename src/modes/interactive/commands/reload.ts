/** `/reload`: fresh instances of every extension; the services report what loaded and what failed. */
import type { CommandDefinition } from "../../../kernel/command.js";
import type { InteractiveServices } from "../services.js";
import { noArguments } from "./arguments.js";

export function reloadCommand(services: InteractiveServices): CommandDefinition {
	return {
		description: "Reload the extensions",
		handler: async (args) => {
			if (noArguments(services.ui, "reload", args)) await services.reloadExtensions();
		},
	};
}
