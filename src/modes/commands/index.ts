/**
 * The commands that work in every mode (terminal UI, `-p`, `--mode json`, and
 * RPC next): they act on the session and report through the UI port, which
 * is all every mode has. The interactive mode lists them with its own
 * built-ins; the other modes register them with `registerSessionCommands`.
 */
import type { CommandDefinition } from "../../kernel/command.js";
import type { Kernel } from "../../kernel/kernel.js";
import { BUILTIN_OWNER } from "../../kernel/owner.js";
import { compactCommand } from "./compact.js";
import { exportCommand } from "./export.js";
import { nameCommand } from "./name.js";
import type { SessionCommandServices } from "./services.js";
import { sessionCommand } from "./show-session.js";

export function sessionCommands(services: SessionCommandServices): Array<[string, CommandDefinition]> {
	return [
		["compact", compactCommand(services)],
		["session", sessionCommand(services)],
		["name", nameCommand(services)],
		["export", exportCommand(services)],
	];
}

/** Registers the session commands under weft's owner (so an extension's command of the same name does not replace them). */
export function registerSessionCommands(kernel: Kernel, services: SessionCommandServices): void {
	for (const [name, command] of sessionCommands(services))
		kernel.commands.register(name, command, BUILTIN_OWNER);
}
