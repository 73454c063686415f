/**
 * Commands of subprocess extensions: `/name args` sends `command_invoked`
 * and applies the `command_response`:
 *   prompt     start a turn with `prompt` (empty is ignored)
 *   insert     put `insert` into the composer (the terminal UI's `insert`; elsewhere shown as a note)
 *   display    show `display` as a note: no model call, not in the transcript
 *   open_panel open the panel in `open_panel`
 *   noop / ""  nothing
 * A non-empty `error` is shown as an error and nothing else happens, as in
 * the original protocol (an extension answering `action: "prompt"` with an
 * error has not prepared a prompt worth sending).
 */
import type { CommandContext, CommandDefinition } from "../../kernel/command.js";
import type { Link } from "./link.js";
import { type Frame, isRecord, str } from "./protocol.js";
import { formatSeconds } from "./tools.js";

export function commandDefinition(link: Link, name: string, description: string): CommandDefinition {
	return { description, handler: (args, ctx) => runCommand(link, name, args, ctx) };
}

async function runCommand(link: Link, name: string, args: string, ctx: CommandContext): Promise<void> {
	const ui = link.state.ui;
	if (!link.running) {
		ui.notify(`/${name} is unavailable: extension "${link.name}" ${link.unavailable}`, "error");
		return;
	}
	let response: Frame;
	try {
		response = await link.request(
			"command",
			`command /${name}`,
			(id) => ({ type: "command_invoked", id, name, args: args.trim() }),
			{
				timeoutMs: link.limits.commandTimeoutMs,
				timeoutMessage: `extension "${link.name}" did not answer /${name} within ${formatSeconds(link.limits.commandTimeoutMs)}`,
			},
		);
	} catch (error) {
		link.report(`command /${name}`, (error as Error).message);
		return;
	}
	applyResponse(link, name, response, ctx);
}

function applyResponse(link: Link, name: string, response: Frame, ctx: CommandContext): void {
	const ui = link.state.ui;
	const error = str(response, "error");
	if (error) {
		ui.notify(`/${name}: ${error}`, "error");
		return;
	}
	const action = str(response, "action") ?? "";
	switch (action) {
		case "":
		case "noop":
			return;
		case "prompt": {
			const text = str(response, "prompt")?.trim();
			if (text) startTurn(link, name, text);
			return;
		}
		case "insert": {
			const text = str(response, "insert") ?? "";
			const insert = (ctx as { insert?: unknown }).insert;
			if (typeof insert === "function") insert(text);
			else link.insert(text);
			return;
		}
		case "display": {
			const text = str(response, "display") ?? "";
			if (text) ui.print({ kind: "info", text, title: `/${name}` });
			return;
		}
		case "open_panel": {
			const spec = response.open_panel;
			const problem = isRecord(spec)
				? link.panels.openFrom({ name: link.name, send: (frame) => link.send(frame) }, spec)
				: 'open_panel needs a panel spec { "id", "title", "lines", "footer" }';
			if (problem) link.report(`command /${name}`, problem);
			return;
		}
		default:
			link.report(
				`command /${name}`,
				`unknown command_response action "${action}" (expected prompt, insert, display, open_panel or noop)`,
			);
	}
}

function startTurn(link: Link, name: string, text: string): void {
	const session = link.session();
	if (!session) {
		link.report(`command /${name}`, "cannot start a turn: no session is running");
		return;
	}
	session.prompt(text, { source: "extension" }).catch((error: unknown) => {
		link.report(`command /${name}`, `the turn it started failed: ${(error as Error).message}`);
	});
}
