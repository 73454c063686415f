/**
 * The interactive part of `weft --help`, read from the tables the terminal
 * UI itself uses — the built-in command table and the stock key bindings —
 * so the help cannot drift from what the UI does. Loaded only for --help,
 * through the interactive mode's own chunk: a separate entry point would make
 * the bundler split the modules `-p` shares with the UI into more chunks,
 * which costs every `-p` run memory.
 */
import { APP_BINDINGS } from "../../tui/app/keybindings.js";
import { COMPOSER_BINDINGS } from "../../tui/chat/composer/bindings.js";
import { builtinCommands } from "./commands/index.js";
import type { InteractiveServices } from "./services.js";

/** What the interactive UI offers, from its own tables. Rows are [left, description]. */
export interface HelpReference {
	commands: Array<[string, string]>;
	appKeys: Array<[string, string]>;
	composerKeys: Array<[string, string]>;
}

/** Command factories only close over their services; any read here is a bug worth naming. */
const describeOnly = new Proxy({} as InteractiveServices, {
	get(_target, key) {
		throw new Error(`a built-in command read services.${String(key)} while --help only lists descriptions`);
	},
});

export function helpReference(): HelpReference {
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
