/**
 * `weft -p`: runs one prompt and prints the final answer as the user would
 * see it (after display rewrites), nothing else on stdout. Each retry is one
 * line on stderr as it starts.
 */
import type { AgentSession } from "../agent/session.js";
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
	try {
		const result = await session.prompt(prompt, { source: "cli" });
		const outcome = runOutcome(result);
		// A stream that failed midway still produced an answer: what arrived goes to stdout, the error to stderr.
		const answer = result.reason === "error" && result.response ? result.response : display;
		if (answer) io.stdout.write(answer.endsWith("\n") ? answer : `${answer}\n`);
		if (outcome.error) io.stderr.write(`weft: ${outcome.error}\n`);
		return outcome.code;
	} finally {
		unsubscribe();
	}
}
