/**
 * `weft --mode json`: one JSON object per line, the session header first,
 * then every session event and every notification (extensions' and weft's
 * own, also written to stderr), through to `session_shutdown` when the CLI
 * shuts the session down. The same event objects the RPC mode will stream.
 * A prompt naming a registered command runs it (commands/prompt-command.ts);
 * its effects stream the same way, and what weft's own commands print (the
 * /session report) is streamed as a notification.
 */

import type { AgentSession } from "../agent/session.js";
import type { SessionHeader } from "../agent/session-entries.js";
import type { SessionEvent } from "../agent/session-events.js";
import { NonInteractiveUI } from "../extensions/non-interactive-ui.js";
import { decoratePort, type NotifyLevel } from "../kernel/ui-port.js";
import { runPromptCommand } from "./commands/lazy.js";
import { runOutcome } from "./exit-codes.js";
import type { ModeIO } from "./print-mode.js";

/** A notification as streamed; `extension` is null for weft's own. */
export interface NotificationLine {
	type: "notification";
	extension: string | null;
	level: NotifyLevel;
	message: string;
}

/** One line of the stream. `file` is null when the session is kept in memory (`--no-session`). */
export type JsonStreamLine = (SessionHeader & { file: string | null }) | SessionEvent | NotificationLine;

/** Where notifications come from: those made so far, and a subscription to the rest. */
export type NotificationSource = Pick<NonInteractiveUI, "notifications" | "onNotification">;

export async function runJsonMode(
	session: AgentSession,
	prompt: string,
	io: ModeIO,
	notes?: NotificationSource,
): Promise<number> {
	const write = (line: JsonStreamLine) => io.stdout.write(`${JSON.stringify(line)}\n`);
	const note = ({ extension, level, message }: NotificationSource["notifications"][number]) =>
		write({ type: "notification", extension: extension ?? null, level, message });
	write({ ...session.store.header, file: session.store.file ?? null });
	// Extensions may have notified while loading, before there was a stream to write to.
	for (const notification of notes?.notifications ?? []) note(notification);
	const stopNotes = notes?.onNotification(note);
	// Open until the session shuts down (after this returns), so session_shutdown is the stream's last line.
	const stopEvents = session.subscribe((event) => {
		write(event);
		if (event.type === "session_shutdown") {
			stopEvents();
			stopNotes?.();
		}
	});
	session.start();
	// weft's own commands report through this UI, streamed as the extensions' notifications are.
	const own = new NonInteractiveUI({ stderr: io.stderr });
	own.onNotification(note);
	const ui = decoratePort(own, {
		print: (block) => own.notify(block.title ? `${block.title}:\n${block.text}` : block.text, "info"),
	});
	const code = await runPromptCommand(session, prompt, ui);
	if (code !== undefined) return code;
	const result = await session.prompt(prompt, { source: "cli" });
	const outcome = runOutcome(result);
	if (outcome.error) io.stderr.write(`weft: ${outcome.error}\n`);
	return outcome.code;
}
