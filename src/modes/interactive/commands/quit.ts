/** `/quit` and `/exit`: leave weft; the terminal is restored and the session stays on disk. */
import type { CommandDefinition } from "../../../kernel/command.js";
import type { InteractiveServices } from "../services.js";
import { noArguments } from "./arguments.js";

export function quitCommand(services: InteractiveServices, name: "quit" | "exit"): CommandDefinition {
	return {
		description: name === "quit" ? "Exit weft" : "Exit weft (same as /quit)",
		handler: (args) => {
			if (noArguments(services.ui, name, args)) services.exit();
		},
	};
}
