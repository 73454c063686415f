/**
 * weft's own slash commands, registered through the kernel's command
 * registry exactly as extension commands are — under the built-in owner, so
 * they keep their names when an extension registers the same one.
 */
import type { CommandDefinition } from "../../../kernel/command.js";
import { BUILTIN_OWNER } from "../../../kernel/owner.js";
import { sessionCommands } from "../../commands/index.js";
import type { InteractiveServices } from "../services.js";
import { copyCommand } from "./copy.js";
import { extCommand } from "./ext.js";
import { forkCommand } from "./fork.js";
import { helpCommand } from "./help.js";
import { loginCommand } from "./login.js";
import { logoutCommand } from "./logout.js";
import { modelCommand } from "./model.js";
import { newCommand } from "./new.js";
import { quitCommand } from "./quit.js";
import { reloadCommand } from "./reload.js";
import { resumeCommand } from "./resume.js";
import { themeCommand } from "./theme.js";
import { thinkingCommand } from "./thinking.js";
import { treeCommand } from "./tree.js";
import { trustCommand } from "./trust.js";

export function registerBuiltinCommands(services: InteractiveServices): void {
	for (const [name, command] of builtinCommands(services))
		services.kernel.commands.register(name, command, BUILTIN_OWNER);
}

/**
 * The table of weft's own commands. The factories only close over
 * `services` (nothing is read until a handler runs), so `weft --help` lists
 * the same names and descriptions the UI registers.
 */
export function builtinCommands(services: InteractiveServices): Array<[string, CommandDefinition]> {
	return [
		["help", helpCommand(services)],
		["model", modelCommand(services)],
		["thinking", thinkingCommand(services)],
		["theme", themeCommand(services)],
		["login", loginCommand(services)],
		["logout", logoutCommand(services)],
		["new", newCommand(services)],
		["resume", resumeCommand(services)],
		// The commands every mode has (modes/commands): /compact, /session, /name, /export.
		...sessionCommands(services),
		["tree", treeCommand(services)],
		["fork", forkCommand(services)],
		["reload", reloadCommand(services)],
		["ext", extCommand(services)],
		["trust", trustCommand(services)],
		["copy", copyCommand(services)],
		["quit", quitCommand(services, "quit")],
		["exit", quitCommand(services, "exit")],
	];
}
