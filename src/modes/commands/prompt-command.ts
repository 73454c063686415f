/**
 * `weft -p "/compact"`, `weft --mode json "/name release"`: a prompt that
 * names a registered command (weft's session commands, an extension's) runs
 * that command instead of going to the model. Dialogs cancel and
 * notifications go where the mode sends them (stderr, the JSON stream). A
 * prompt naming no registered command goes to the model as written.
 */
import type { AgentSession } from "../../agent/session.js";
import type { UIPort } from "../../kernel/ui-port.js";
import { EXIT_ERROR, EXIT_OK } from "../exit-codes.js";
import { parseCommandLine, runCommandLine } from "./command-line.js";
import { registerSessionCommands } from "./index.js";

/** The exit code of the command the prompt names, or undefined when it names none (send it to the model). */
export async function runPromptCommand(
	session: AgentSession,
	prompt: string,
	ui: UIPort,
): Promise<number | undefined> {
	const { kernel } = session;
	registerSessionCommands(kernel, { ui, session: () => session });
	const line = parseCommandLine(prompt);
	if (!line || !kernel.commands.has(line.name)) return undefined;
	// Extensions hear session_start before a command of theirs runs, as they would before a prompt.
	session.start();
	const run = runCommandLine(kernel, prompt, { cwd: session.cwd, ui, session });
	if (run.status !== "started") return undefined;
	try {
		await run.done;
	} catch (error) {
		ui.notify((error as Error).message, "error");
		return EXIT_ERROR;
	}
	// A command may start a turn (an extension's sendUserMessage, a subprocess command's prompt action);
	// the mode shuts the session down when this returns, so the turn is seen through first.
	await whenIdle(session);
	return EXIT_OK;
}

async function whenIdle(session: AgentSession): Promise<void> {
	while (!session.isIdle) {
		await new Promise<void>((resolve) => {
			const stop = session.subscribe((event) => {
				if (event.type !== "agent_end") return;
				stop();
				resolve();
			});
		});
	}
}
