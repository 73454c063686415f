/**
 * `/name [NAME]`: names the session (a `session_info` entry, the latest of
 * which wins), shown by /resume and /session; without a name, says the
 * current one.
 */
import { checkSessionName, sessionNameOf } from "../../agent/session-name.js";
import type { CommandDefinition } from "../../kernel/command.js";
import type { SessionCommandServices } from "./services.js";

export function nameCommand(services: SessionCommandServices): CommandDefinition {
	return {
		description: "Name the session, or show its name",
		argumentHint: "[name]",
		handler: (args) => name(services, args),
	};
}

function name({ ui, session }: SessionCommandServices, args: string): void {
	const { store } = session();
	if (args.trim() === "") {
		const current = sessionNameOf(store.entries);
		ui.notify(
			current === undefined
				? "This session has no name yet; /name NAME gives it one"
				: `This session is named "${current}"`,
			"info",
		);
		return;
	}
	const checked = checkSessionName(args);
	if ("error" in checked) {
		ui.notify(`/name: ${checked.error}`, "error");
		return;
	}
	store.append({ type: "session_info", name: checked.name });
	// The file is created with the first message; a name given before it waits in memory until then.
	const later = store.persists && !store.writesToFile ? " (saved with the first message)" : "";
	ui.notify(`Named this session "${checked.name}"${later}`, "info");
}
