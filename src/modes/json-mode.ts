/**
 * `weft --mode json`: one JSON object per line for every event, the session
 * header first. The same event objects the RPC mode will stream.
 */
import type { AgentSession } from "../agent/session.js";
import { runOutcome } from "./exit-codes.js";
import type { ModeIO } from "./print-mode.js";

export async function runJsonMode(session: AgentSession, prompt: string, io: ModeIO): Promise<number> {
	const write = (event: object) => io.stdout.write(`${JSON.stringify(event)}\n`);
	write({ ...session.store.header, type: "session", file: session.store.file ?? null });
	const unsubscribe = session.subscribe(write);
	session.start();
	try {
		const result = await session.prompt(prompt, { source: "cli" });
		const outcome = runOutcome(result);
		if (outcome.error) io.stderr.write(`weft: ${outcome.error}\n`);
		return outcome.code;
	} finally {
		unsubscribe();
	}
}
