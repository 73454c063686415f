/**
 * `/fork`: starts a new session from an earlier point of this one. The user
 * picks one of the current branch's messages (newest first); the new session
 * holds everything before it, and the message waits in the composer to be
 * edited and sent. This session stays as it was, for /resume.
 */
import { forkPoints } from "../../../agent/session-fork.js";
import type { CommandDefinition } from "../../../kernel/command.js";
import type { InteractiveServices } from "../services.js";
import { errorText, noArguments } from "./arguments.js";
import { relativeAge } from "./format.js";

const PREVIEW_LENGTH = 100;

export function forkCommand(services: InteractiveServices): CommandDefinition {
	return {
		description: "Start a new session from an earlier message of this one",
		handler: (args) => fork(services, args),
	};
}

async function fork(services: InteractiveServices, args: string): Promise<void> {
	const { ui } = services;
	if (!noArguments(ui, "fork", args)) return;
	const { store } = services.session();
	if (!store.persists) {
		ui.notify(
			"/fork: this session is kept in memory only (--no-session), so there is no file to fork",
			"error",
		);
		return;
	}
	const points = forkPoints(store);
	if (points.length === 0) {
		ui.notify("Nothing to fork yet: this session has no messages", "info");
		return;
	}
	const items = points.map((point) => ({
		value: point.entryId,
		label: preview(point.text) || "(a message without text)",
		description: relativeAge(new Date(point.timestamp)),
	}));
	const entryId = await ui.select("Fork from which message? (the new session starts just before it)", items);
	if (!entryId) return;
	try {
		if (await services.switchSession({ kind: "fork", entryId })) {
			ui.notify(
				`Forked into session ${services.session().id.slice(0, 8)}; edit the message and send it (the old session stays for /resume)`,
				"info",
			);
		}
	} catch (error) {
		ui.notify(`/fork: ${errorText(error)}`, "error");
	}
}

function preview(text: string): string {
	const flat = text.replace(/\s+/g, " ").trim();
	return flat.length > PREVIEW_LENGTH ? `${flat.slice(0, PREVIEW_LENGTH - 1)}…` : flat;
}
