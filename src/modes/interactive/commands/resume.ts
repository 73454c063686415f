/**
 * `/resume [id-prefix]`: continues an earlier session of this project,
 * picked from a list (newest first) or named by the start of its id. A
 * prefix no session of this project has is looked up in every project, as
 * `weft --resume` does.
 */
import { findSessionById, listSessions, type SessionInfo } from "../../../agent/session-list.js";
import type { CommandDefinition } from "../../../kernel/command.js";
import type { InteractiveServices } from "../services.js";
import { errorText } from "./arguments.js";
import { plural, relativeAge } from "./format.js";

export function resumeCommand(services: InteractiveServices): CommandDefinition {
	return {
		description: "Resume an earlier session of this project",
		argumentHint: "[session id]",
		handler: (args) => resume(services, args.trim()),
	};
}

async function resume(services: InteractiveServices, prefix: string): Promise<void> {
	const { ui } = services;
	const currentId = services.session().id;
	let sessions: SessionInfo[];
	try {
		sessions = listSessions({ home: services.home, cwd: services.cwd }).filter((s) => s.id !== currentId);
	} catch (error) {
		ui.notify(`/resume: the sessions cannot be listed: ${errorText(error)}`, "error");
		return;
	}
	let file: string | undefined;
	if (prefix === "") {
		if (sessions.length === 0) {
			ui.notify("No earlier sessions in this project yet", "info");
			return;
		}
		file = await pick(services, "Resume which session?", sessions);
	} else {
		const matches = sessions.filter((s) => s.id.startsWith(prefix));
		if (matches.length === 0 && currentId.startsWith(prefix)) {
			ui.notify(`Session ${currentId.slice(0, 8)} is the one you are in`, "info");
			return;
		}
		if (matches.length === 1) file = matches[0].file;
		else if (matches.length > 1) file = await pick(services, `Sessions starting with "${prefix}"`, matches);
		else file = elsewhere(services, prefix);
	}
	if (!file) return;
	if (await services.switchSession({ kind: "resume", file })) {
		const shown = sessions.find((s) => s.file === file);
		const title = shown?.name ?? shown?.firstMessage;
		ui.notify(`Resumed ${title ? `"${title}"` : "the session"}`, "info");
	}
}

async function pick(
	services: InteractiveServices,
	title: string,
	sessions: readonly SessionInfo[],
): Promise<string | undefined> {
	const items = sessions.map((s) => ({
		value: s.file,
		label: s.name ?? (s.firstMessage || "(no messages yet)"),
		// A named session's label no longer shows how it began; the description does.
		description: [
			relativeAge(s.modified),
			plural(s.messageCount, "message"),
			s.id.slice(0, 8),
			...(s.name !== undefined && s.firstMessage ? [s.firstMessage] : []),
		].join(" · "),
	}));
	return services.ui.select(title, items);
}

/** A session of another project, or undefined after telling the user why there is none. */
function elsewhere(services: InteractiveServices, prefix: string): string | undefined {
	try {
		const file = findSessionById({ home: services.home, id: prefix });
		if (file) return file;
		services.ui.notify(
			`/resume: no session id starts with "${prefix}"; type /resume to pick from this project's sessions`,
			"error",
		);
	} catch (error) {
		// Several sessions share the prefix: the first line says so; the file list is too long for a notice.
		const first = errorText((error as Error).message.split("\n")[0]).replace(/:$/, "");
		services.ui.notify(`/resume: ${first}; give more characters of the id`, "error");
	}
	return undefined;
}
