/**
 * `weft -p`: runs one prompt and prints the final answer as the user would
 * see it (after display rewrites), nothing else on stdout. Each retry is one
 * line on stderr as it starts. A prompt naming a registered command runs it
 * instead (commands/prompt-command.ts): what weft's own commands print (the
 * /session report) is their answer, on stdout; notifications go to stderr.
 */
import type { AgentSession } from "../agent/session.js";
import { NonInteractiveUI } from "../extensions/non-interactive-ui.js";
import { decoratePort } from "../kernel/ui-port.js";
import { runPromptCommand } from "./commands/lazy.js";
import { runOutcome } from "./exit-codes.js";
import { retryNotice } from "./retry-notice.js";

export interface ModeIO {
	stdout: NodeJS.WritableStream;
	stderr: NodeJS.WritableStream;
}

export async function runPrintMode(session: AgentSession, prompt: string, io: ModeIO): Promise<number> {
	let display = "";
	const unsubscribe = session.subscribe((event) => {
		if (event.type === "assistant_message") {
			display = event.outcome?.hide ? "" : event.text;
		} else if (event.type === "retry") {
			io.stderr.write(`weft: ${retryNotice(event)}\n`);
		}
	});
	const write = (text: string) => io.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
	try {
		// weft's own commands report through this UI (extensions' commands through their own, on stderr too).
		const ui = decoratePort(new NonInteractiveUI({ stderr: io.stderr }), {
			print: (block) => write(block.text),
		});
		const code = await runPromptCommand(session, prompt, ui);
		if (code !== undefined) {
			// The answer of a turn the command started, if it started one.
			if (display) write(display);
			return code;
		}
		const result = await session.prompt(prompt, { source: "cli" });
		const outcome = runOutcome(result);
		// A stream that failed midway still produced an answer: what arrived goes to stdout, the error to stderr.
		const answer = result.reason === "error" && result.response ? result.response : display;
		if (answer) write(answer);
		if (outcome.error) io.stderr.write(`weft: ${outcome.error}\n`);
		return outcome.code;
	} finally {
		unsubscribe();
	}
}
