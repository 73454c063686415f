/**
 * How `-p` and `--mode json` reach prompt-command.ts: only a prompt that
 * starts with "/" can name a command, so any other prompt loads none of the
 * commands. They are loaded through interactive-mode.js, an existing bundle
 * entry that holds them anyway, so this adds no entry that would split -p's
 * chunks (docs/architecture.md, Start-up).
 */
import type { AgentSession } from "../../agent/session.js";
import type { UIPort } from "../../kernel/ui-port.js";

/** The exit code of the command the prompt names, or undefined when it names none (send it to the model). */
export async function runPromptCommand(
	session: AgentSession,
	prompt: string,
	ui: UIPort,
): Promise<number | undefined> {
	// The test parseCommandLine starts with: a command line is "/name …" once trimmed.
	if (!prompt.trim().startsWith("/")) return undefined;
	const { runPromptCommand: run } = await import("../interactive/interactive-mode.js");
	return run(session, prompt, ui);
}
