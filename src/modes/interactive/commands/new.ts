/** `/new`: leaves the current session (it stays on disk for /resume) and starts a fresh one. */
import type { CommandDefinition } from "../../../kernel/command.js";
import type { InteractiveServices } from "../services.js";
import { noArguments } from "./arguments.js";

export function newCommand(services: InteractiveServices): CommandDefinition {
	return {
		description: "Start a new session",
		handler: async (args, ctx) => {
			if (!noArguments(services.ui, "new", args)) return;
			// Not an argument users type: pi's ctx.newSession({ parentSession }) passes it in the command's context.
			const parentSession = typeof ctx.parentSession === "string" ? ctx.parentSession : undefined;
			// false: an extension cancelled the switch, and the user was already told why.
			if (await services.switchSession({ kind: "new", parentSession }))
				services.ui.notify("Started a new session", "info");
		},
	};
}
