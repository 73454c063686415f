/**
 * `/name args` typed in the composer: runs a registered command (built-in or
 * an extension's) with the interactive context. Returns false when no such
 * command exists, so the text is sent to the model as written ("/usr/bin is
 * where…" is a prompt, not a mistake) — unless it looks like a command name,
 * in which case the user is told.
 */
import type { Kernel } from "../../kernel/kernel.js";
import type { UIPort } from "../../kernel/ui-port.js";
import { runCommandLine } from "../commands/command-line.js";
import type { InteractiveServices } from "./services.js";

export function runUserCommand(
	kernel: Kernel,
	text: string,
	context: { cwd: string; ui: UIPort; services: InteractiveServices },
): boolean {
	const run = runCommandLine(kernel, text, { cwd: context.cwd, ui: context.ui, services: context.services });
	switch (run.status) {
		case "text":
			return false;
		case "unknown":
			if (!run.likelyCommand) return false;
			context.ui.notify(`unknown command /${run.name} — type / to see the commands`, "error");
			return true;
		case "started":
			run.done.catch((error: Error) => context.ui.notify(error.message, "error"));
			return true;
	}
}
