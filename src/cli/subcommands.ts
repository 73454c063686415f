/**
 * `weft ext list [--json]`, `weft ext logs`, the manager's `weft ext …`
 * actions, `weft trust [DIR] | --list`, `weft untrust [DIR]`.
 * None of them needs a provider: `ext list` loads the extensions into a
 * kernel of their own, with no session, and reports on them.
 */
import { resolve } from "node:path";
import { loadSettings } from "../ai/settings.js";
import { weftHome } from "../base/paths.js";
import { isManagerAction, MANAGER_ACTIONS } from "../extensions/manager/actions.js";
import { addTrusted, isTrusted, readTrusted, removeTrusted } from "../extensions/trust.js";
import { EXIT_OK } from "../modes/exit-codes.js";
import { UsageError } from "./args.js";
import { formatExtList } from "./ext-list.js";
import { extLogs } from "./ext-logs.js";
import { runManager } from "./ext-manage.js";
import { startForReport } from "./extensions.js";

export const SUBCOMMANDS = ["ext", "trust", "untrust"] as const;
export type Subcommand = (typeof SUBCOMMANDS)[number];

export function subcommandOf(argv: readonly string[]): Subcommand | undefined {
	return SUBCOMMANDS.find((name) => name === argv[0]);
}

export interface SubcommandIO {
	stdout: NodeJS.WritableStream;
	stderr: NodeJS.WritableStream;
	cwd: string;
	env: NodeJS.ProcessEnv;
}

/** Runs a subcommand; `args` are the words after its name. Throws UsageError for a malformed call. */
export async function runSubcommand(
	name: Subcommand,
	args: readonly string[],
	io: SubcommandIO,
): Promise<number> {
	const home = weftHome(io.env);
	if (name === "ext") return extCommand(args, home, io);
	const { flags, words } = split(args, name === "trust" ? ["--list"] : []);
	if (words.length > 1)
		throw new UsageError(`weft ${name} takes one folder at most (got ${words.join(" ")})`);
	if (flags.has("--list")) {
		if (words.length > 0) throw new UsageError("weft trust --list takes no folder");
		const list = readTrusted(home);
		io.stdout.write(
			list.length > 0 ? `${list.join("\n")}\n` : "No folder is trusted yet. Run: weft trust [DIR]\n",
		);
		return EXIT_OK;
	}
	const dir = resolve(io.cwd, words[0] ?? ".");
	if (name === "trust") {
		const change = addTrusted(home, dir);
		io.stdout.write(
			change.changed
				? `Trusted ${change.dir}: its project extensions, all of its .weft/settings.json and its .weft/SYSTEM.md will be used (see docs/security.md).\n`
				: `${change.dir} is already trusted${change.by !== change.dir ? ` (through ${change.by})` : ""}.\n`,
		);
		return EXIT_OK;
	}
	const change = removeTrusted(home, dir);
	const still = change.by ? ` It is still trusted through ${change.by}; run: weft untrust ${change.by}` : "";
	io.stdout.write(
		change.changed
			? `No longer trusting ${change.dir}.${still}\n`
			: `${change.dir} was not listed as trusted.${still}\n`,
	);
	return EXIT_OK;
}

async function extCommand(args: readonly string[], home: string, io: SubcommandIO): Promise<number> {
	const [action, ...rest] = args;
	if (action === "logs") return extLogs(rest, home, io);
	if (isManagerAction(action)) {
		return runManager(action, rest, home, io);
	}
	if (action !== "list") {
		throw new UsageError(
			`weft ext: expected list, logs, ${MANAGER_ACTIONS.join(", ")} (usage: weft ext list [--json] [-e PATH] [--trust] [--no-extensions], weft ext logs NAME [-f], weft ext install SOURCE [--project]; see docs/extensions.md)`,
		);
	}
	const extensions: string[] = [];
	const flags = new Set<string>();
	for (let i = 0; i < rest.length; i++) {
		const word = rest[i];
		if (word === "-e" || word === "--ext") {
			if (rest[i + 1] === undefined) throw new UsageError(`${word} needs a value (PATH)`);
			extensions.push(rest[++i]);
		} else if (["--json", "--trust", "--no-extensions", "--verbose"].includes(word)) flags.add(word);
		else
			throw new UsageError(
				`weft ext list: unknown argument ${word} (usage: weft ext list [--json] [-e PATH] [--trust] [--no-extensions])`,
			);
	}
	const projectTrusted = flags.has("--trust") || isTrusted(home, io.cwd);
	const { settings, warnings } = loadSettings({ cwd: io.cwd, home, projectTrusted });
	for (const warning of warnings) io.stderr.write(`weft: ${warning}\n`);
	const host = await startForReport(
		{ cwd: io.cwd, home, settings, stderr: io.stderr },
		{
			extensions,
			noExtensions: flags.has("--no-extensions"),
			trust: flags.has("--trust"),
			verbose: flags.has("--verbose"),
		},
	);
	const report = {
		running: host?.running() ?? null,
		notices: host?.notices() ?? [],
		extensions: host?.diagnostics() ?? [],
	};
	await host?.unloadAll();
	io.stdout.write(
		flags.has("--json") ? `${JSON.stringify(report, null, 2)}\n` : `${formatExtList(report)}\n`,
	);
	return EXIT_OK;
}

function split(args: readonly string[], known: string[]): { flags: Set<string>; words: string[] } {
	const flags = new Set<string>();
	const words: string[] = [];
	for (const arg of args) {
		if (!arg.startsWith("-")) words.push(arg);
		else if (known.includes(arg)) flags.add(arg);
		else throw new UsageError(`unknown option ${arg} (see weft --help)`);
	}
	return { flags, words };
}
