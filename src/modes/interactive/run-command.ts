/**
 * `/name args` typed in the composer: runs a registered command (built-in or
 * an extension's) with the interactive context. Returns false when no such
 * command exists, so the text is sent to the model as written ("/usr/bin is
 * where…" is a prompt, not a mistake) — unless it looks like a command name,
 * in which case the user is told.
 */
import type { Kernel } from "../../kernel/kernel.js";
import type { UIPort } from "../../kernel/ui-port.js";
import type { InteractiveServices } from "./services.js";

export function runUserCommand(
	kernel: Kernel,
	text: string,
	context: { cwd: string; ui: UIPort; services: InteractiveServices },
): boolean {
	const match = /^\/([^\s/]+)(?:\s+([\s\S]*))?$/.exec(text.trim());
	if (!match) return false;
	const [, name, args = ""] = match;
	const command = kernel.commands.get(name);
	if (!command) {
		if (!/^[\w:.-]+$/.test(name)) return false;
		context.ui.notify(`unknown command /${name} — type / to see the commands`, "error");
		return true;
	}
	Promise.resolve()
		.then(() =>
			command.handler(args.trim(), { cwd: context.cwd, ui: context.ui, services: context.services }),
		)
		.catch((error: unknown) =>
			context.ui.notify(`/${name} failed: ${(error as Error).message ?? error}`, "error"),
		);
	return true;
}
