/**
 * `/help [command]`: every command in the registry — weft's own first, then
 * each extension's labelled with its name — and the key bindings that say
 * what they do. Read from the registries at the time of asking, so
 * extensions loaded or reloaded since start-up are included.
 */
import { closeMatches } from "../../../base/close-matches.js";
import type { CommandDefinition } from "../../../kernel/command.js";
import type { Kernel } from "../../../kernel/kernel.js";
import { BUILTIN_OWNER } from "../../../kernel/owner.js";
import type { Registration } from "../../../kernel/registry.js";
import type { InteractiveServices } from "../services.js";

/** Longer left columns are not padded further, so one long name doesn't push every description away. */
const MAX_COLUMN = 28;

export function helpCommand(services: InteractiveServices): CommandDefinition {
	return {
		description: "List the commands and keys",
		argumentHint: "[command]",
		handler: (args) => showHelp(services, args.trim().replace(/^\//, "")),
	};
}

function showHelp(services: InteractiveServices, name: string): void {
	if (name === "") listAll(services);
	else describeOne(services, name);
}

function describeOne({ kernel, ui }: InteractiveServices, name: string): void {
	const command = kernel.commands.get(name);
	if (!command) {
		const close = closeMatches(name, kernel.commands.names());
		const hint = close.length > 0 ? ` Did you mean ${close.map((c) => `/${c}`).join(", ")}?` : "";
		ui.notify(`/help: there is no command /${name}.${hint}`, "error");
		return;
	}
	const owner = kernel.commands.ownerOf(name);
	const lines = [usage(name, command), command.description || "(no description)"];
	if (owner !== BUILTIN_OWNER) lines.push(`from extension ${owner}`);
	ui.print({ kind: "info", title: `/${name}`, text: lines.join("\n") });
}

function listAll({ kernel, ui }: InteractiveServices): void {
	const commands = kernel.commands.list();
	const builtin = commands.filter((c) => c.owner === BUILTIN_OWNER).map((c) => commandRow(c));
	const extension = commands
		.filter((c) => c.owner !== BUILTIN_OWNER)
		.map((c) => commandRow(c, ` (${c.owner})`));
	const keys = keyRows(kernel);
	// One column width for every section, so the descriptions line up across headings.
	const width = Math.min(
		MAX_COLUMN,
		Math.max(0, ...[...builtin, ...extension, ...keys].map(([l]) => l.length)),
	);
	const sections = [columns(builtin, width)];
	if (extension.length > 0) sections.push(`Extension commands\n${columns(extension, width)}`);
	if (keys.length > 0) sections.push(`Keys\n${columns(keys, width)}`);
	ui.print({ kind: "info", title: "Commands", text: sections.join("\n\n") });
}

function usage(name: string, command: CommandDefinition): string {
	return command.argumentHint ? `/${name} ${command.argumentHint}` : `/${name}`;
}

function commandRow({ name, value }: Registration<CommandDefinition>, suffix = ""): [string, string] {
	return [usage(name, value), `${value.description}${suffix}`];
}

/** Bindings with a description; keys doing the same thing share a row ("shift+enter, ctrl+j"). */
function keyRows(kernel: Kernel): Array<[string, string]> {
	const rows = new Map<string, { keys: string[]; text: string }>();
	for (const binding of kernel.keymaps.list()) {
		if (!binding.description) continue;
		const text =
			binding.owner === BUILTIN_OWNER ? binding.description : `${binding.description} (${binding.owner})`;
		const row = rows.get(text) ?? { keys: [], text };
		if (!row.keys.includes(binding.key)) row.keys.push(binding.key);
		rows.set(text, row);
	}
	return [...rows.values()].map((row) => [row.keys.join(", "), row.text]);
}

function columns(rows: ReadonlyArray<[string, string]>, width: number): string {
	return rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`.trimEnd()).join("\n");
}
