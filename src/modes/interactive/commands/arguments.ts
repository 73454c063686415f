/** Argument checks shared by the built-in commands: user mistakes become an error notice, never a throw. */
import { errorMessage } from "../../../base/error-message.js";
import type { UIPort } from "../../../kernel/ui-port.js";

/** True when `args` is empty; otherwise tells the user that `/name` takes none. */
export function noArguments(ui: UIPort, name: string, args: string): boolean {
	const extra = args.trim();
	if (extra === "") return true;
	ui.notify(`/${name} takes no arguments (got "${extra}")`, "error");
	return false;
}

/** The message of anything thrown, on one line. */
export function errorText(error: unknown): string {
	const text = errorMessage(error);
	return text.replace(/\s+/g, " ").trim();
}
