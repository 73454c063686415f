/**
 * The interactive part of `weft --help`, read from the tables the terminal
 * UI itself uses — the built-in command table and the stock key bindings —
 * so the help cannot drift from what the UI does. Loaded only for --help.
 */
import type { InteractiveServices } from "../modes/interactive/services.js";
import { APP_BINDINGS } from "../tui/app/keybindings.js";
import { COMPOSER_BINDINGS } from "../tui/chat/composer/bindings.js";
import type { HelpReference } from "./args.js";

/** Command factories only close over their services; any read here is a bug worth naming. */
const describeOnly = new Proxy({} as InteractiveServices, {
	get(_target, key) {
		throw new Error(`a built-in command read services.${String(key)} while --help only lists descriptions`);
	},
});

export async function helpReference(): Promise<HelpReference> {
	const { builtinCommands } = await import("../modes/interactive/commands/index.js");
	const commands = builtinCommands(describeOnly).map(([name, command]): [string, string] => [
		command.argumentHint ? `/${name} ${command.argumentHint}` : `/${name}`,
		command.description,
	]);
	const keyRow = (b: { keys: readonly string[]; description: string }): [string, string] => [
		b.keys.join(", "),
		b.description,
	];
	return {
		commands,
		appKeys: APP_BINDINGS.filter((b) => b.keys.length > 0).map(keyRow),
		composerKeys: COMPOSER_BINDINGS.filter((b) => b.keys.length > 0).map(keyRow),
	};
}
