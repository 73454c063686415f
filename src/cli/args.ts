/**
 * Command-line parsing. Hand-written: the option set is small, start-up time
 * matters, and every mistake gets an error that names the option.
 *
 * Extensions may register flags of their own, which are only known once
 * they are loaded — and which extensions load depends on options (`-e`,
 * `--no-extensions`, `--trust`). So the command line is parsed twice: first
 * leniently, collecting unknown `--options` as written; then, after loading,
 * strictly against the flags the extensions registered.
 */

import type { RawFlag } from "../extensions/flags.js";
import type { HelpReference } from "../modes/interactive/help-reference.js";

export type Mode = "interactive" | "print" | "json" | "rpc" | "acp";

export interface CliArgs {
	mode: Mode;
	prompt: string[];
	provider?: string;
	model?: string;
	thinking?: string;
	continue: boolean;
	resume?: string;
	session?: string;
	/** `--fork ID`: start a new session holding that session's current branch. */
	fork?: string;
	/** `--export SESSION`: write that session as HTML (to the file named by the one positional argument) and exit. */
	export?: string;
	noSession: boolean;
	verbose: boolean;
	help: boolean;
	version: boolean;
	systemPrompt?: string;
	appendSystemPrompt?: string;
	tools?: string[];
	/** `-e/--ext` paths, in the order given. */
	extensions: string[];
	noExtensions: boolean;
	/** `--trust`: load project extensions in this folder for this run. */
	trust: boolean;
	/** `--channel ID`: registered channels to start beside the terminal, RPC or ACP, in the order given. */
	channels: string[];
	/** Options weft does not know itself, as written (for extension flags). */
	unknownFlags: RawFlag[];
	/** Extension flag values, set by the strict parse. */
	flags: Record<string, boolean | string>;
}

/** How to treat options weft does not know. */
export interface ParseOptions {
	/** Collect unknown `--options` instead of failing (the first parse, before extensions load). */
	lenient?: boolean;
	/** Flags registered by extensions: accepted as `--name` (boolean) or `--name value` / `--name=value` (string). */
	extensionFlags?: ReadonlyArray<{ name: string; type: "boolean" | "string" }>;
}

export class UsageError extends Error {}

interface OptionSpec {
	names: string[];
	value?: string;
	description: string;
	apply(args: CliArgs, value: string): void;
}

const MODES: readonly Mode[] = ["interactive", "print", "json", "rpc", "acp"];

export const OPTIONS: OptionSpec[] = [
	{
		names: ["-p", "--print"],
		description: "print the final answer and exit",
		apply: (a) => {
			a.mode = "print";
		},
	},
	{
		names: ["--mode"],
		value: "MODE",
		description:
			"interactive | print | json (one JSON event per line) | rpc (JSON commands on stdin, docs/rpc.md) | acp (Agent Client Protocol, docs/acp.md)",
		apply: (a, v) => {
			if (!MODES.includes(v as Mode))
				throw new UsageError(`--mode must be one of ${MODES.join(", ")} (got "${v}")`);
			a.mode = v as Mode;
		},
	},
	{
		names: ["--provider"],
		value: "NAME",
		description: "provider to use (see settings.providers)",
		apply: (a, v) => {
			a.provider = v;
		},
	},
	{
		names: ["-m", "--model"],
		value: "ID",
		description: "model id, or provider/model",
		apply: (a, v) => {
			a.model = v;
		},
	},
	{
		names: ["--thinking"],
		value: "LEVEL",
		description: "off | low | medium | high",
		apply: (a, v) => {
			if (!["off", "low", "medium", "high"].includes(v))
				throw new UsageError(`--thinking must be off, low, medium or high (got "${v}")`);
			a.thinking = v;
		},
	},
	{
		names: ["-c", "--continue"],
		description: "continue the most recent session of this folder",
		apply: (a) => {
			a.continue = true;
		},
	},
	{
		names: ["-r", "--resume"],
		value: "ID",
		description: "resume the session with this id (or unique prefix)",
		apply: (a, v) => {
			a.resume = v;
		},
	},
	{
		names: ["--session"],
		value: "FILE",
		description: "use this session file",
		apply: (a, v) => {
			a.session = v;
		},
	},
	{
		names: ["--fork"],
		value: "ID",
		description: "start a new session from a copy of session ID (or unique prefix)",
		apply: (a, v) => {
			a.fork = v;
		},
	},
	{
		names: ["--export"],
		value: "SESSION",
		description: "write session SESSION (id prefix or file) as HTML [to FILE] and exit",
		apply: (a, v) => {
			a.export = v;
		},
	},
	{
		names: ["--no-session"],
		description: "keep the session in memory only",
		apply: (a) => {
			a.noSession = true;
		},
	},
	{
		names: ["--tools"],
		value: "LIST",
		description: "comma-separated built-in tools to enable (default: all)",
		apply: (a, v) => {
			a.tools = v
				.split(",")
				.map((s) => s.trim())
				.filter(Boolean);
		},
	},
	{
		names: ["--system-prompt"],
		value: "TEXT",
		description: "replace the base system prompt, as SYSTEM.md does (a file's path: its contents)",
		apply: (a, v) => {
			a.systemPrompt = v;
		},
	},
	{
		names: ["--append-system-prompt"],
		value: "TEXT",
		description: "append to the system prompt (a file's path: its contents)",
		apply: (a, v) => {
			a.appendSystemPrompt = v;
		},
	},
	{
		names: ["-e", "--ext"],
		value: "PATH",
		description: "load this extension (file or folder) for this run; repeatable",
		apply: (a, v) => {
			a.extensions.push(v);
		},
	},
	{
		names: ["--channel"],
		value: "ID",
		description:
			"start this registered channel (an extension's, e.g. http) beside the UI, RPC or ACP; repeatable",
		apply: (a, v) => {
			a.channels.push(v);
		},
	},
	{
		names: ["--no-extensions"],
		description: "load no extensions except those given with -e",
		apply: (a) => {
			a.noExtensions = true;
		},
	},
	{
		names: ["--trust"],
		description: "load this folder's project extensions for this run",
		apply: (a) => {
			a.trust = true;
		},
	},
	{
		names: ["--verbose"],
		description: "show stack traces and retry details",
		apply: (a) => {
			a.verbose = true;
		},
	},
	{
		names: ["-v", "--version"],
		description: "print the version",
		apply: (a) => {
			a.version = true;
		},
	},
	{
		names: ["-h", "--help"],
		description: "show this help",
		apply: (a) => {
			a.help = true;
		},
	},
];

export function parseArgs(argv: readonly string[], parse: ParseOptions = {}): CliArgs {
	const args: CliArgs = {
		mode: "interactive",
		prompt: [],
		continue: false,
		noSession: false,
		verbose: false,
		help: false,
		version: false,
		extensions: [],
		noExtensions: false,
		trust: false,
		channels: [],
		unknownFlags: [],
		flags: {},
	};
	let explicitMode = false;
	for (let i = 0; i < argv.length; i++) {
		const token = argv[i];
		if (token === "--") {
			args.prompt.push(...argv.slice(i + 1));
			break;
		}
		if (!token.startsWith("-") || token === "-") {
			args.prompt.push(token);
			continue;
		}
		const eq = token.indexOf("=");
		const name = eq > 0 ? token.slice(0, eq) : token;
		const option = OPTIONS.find((o) => o.names.includes(name));
		if (!option) {
			const inline = eq > 0 ? token.slice(eq + 1) : undefined;
			const next = argv[i + 1] !== undefined && !argv[i + 1].startsWith("-") ? argv[i + 1] : undefined;
			const flag = parse.extensionFlags?.find((f) => `--${f.name}` === name);
			if (flag) {
				if (flag.type === "boolean")
					args.flags[flag.name] = inline === undefined || !/^(false|0|no|off)$/i.test(inline);
				else if (inline !== undefined) args.flags[flag.name] = inline;
				else if (next !== undefined) args.flags[flag.name] = argv[++i];
				else throw new UsageError(`${name} needs a value`);
				continue;
			}
			if (parse.lenient && name.startsWith("--") && name.length > 2) {
				args.unknownFlags.push({ name: name.slice(2), value: inline, next });
				continue;
			}
			throw new UsageError(`unknown option ${name} (see weft --help)`);
		}
		let value = eq > 0 ? token.slice(eq + 1) : "";
		if (option.value && eq < 0) {
			if (i + 1 >= argv.length) throw new UsageError(`${name} needs a value (${option.value})`);
			value = argv[++i];
		} else if (!option.value && eq > 0) {
			throw new UsageError(`${name} does not take a value`);
		}
		if (name === "--mode") explicitMode = true;
		if ((name === "-p" || name === "--print") && explicitMode && args.mode !== "print") continue;
		option.apply(args, value);
	}
	if (args.resume && args.continue) throw new UsageError("use either --continue or --resume, not both");
	if (args.session && (args.resume || args.continue))
		throw new UsageError("--session cannot be combined with --continue or --resume");
	if (args.noSession && (args.resume || args.continue || args.session))
		throw new UsageError("--no-session cannot be combined with --continue, --resume or --session");
	if (args.fork && (args.resume || args.continue || args.session || args.noSession))
		throw new UsageError(
			"--fork starts a new session file; it cannot be combined with --continue, --resume, --session or --no-session",
		);
	if (args.export !== undefined && args.prompt.length > 1)
		throw new UsageError(
			`--export takes one output file after the session (got ${args.prompt.length} arguments: ${args.prompt.join(" ")})`,
		);
	return args;
}

export function helpText(version: string, reference: HelpReference): string {
	const row = (left: string, right: string) => `${`  ${left}`.padEnd(32)} ${right}`;
	const rows = (table: Array<[string, string]>) => table.map(([left, right]) => row(left, right));
	const options = OPTIONS.map((o) =>
		row(`${o.names.join(", ")}${o.value ? ` ${o.value}` : ""}`, o.description),
	);
	return [
		`weft ${version} — a terminal coding agent whose every part is an extension point`,
		"",
		"Modes:",
		"  weft [options] [prompt…]          interactive: a chat in the terminal; a prompt given here is sent first",
		'  weft -p "prompt"                  print the final answer and exit; stdin is read when piped',
		'  weft --mode json "prompt"         print one JSON object per event (for scripts and editors)',
		"  weft --mode rpc                   serve JSON commands on stdin, events on stdout (docs/rpc.md)",
		"  weft --mode acp                   serve the Agent Client Protocol on stdin/stdout, for editors (docs/acp.md)",
		"  weft --export SESSION [FILE]      write a session as one HTML page (default weft-session-<id>.html) and exit",
		"",
		"Subcommands:",
		"  weft ext list [--json]            extensions: status, registrations, handler time, errors",
		"  weft ext logs NAME [-f]           an extension's log (subprocess stderr, host notes); -f follows it",
		"  weft ext install SOURCE           install a path, npm:SPEC, git:URL[@REF][//DIR] or github:OWNER/REPO",
		"                                    (--project, --force, --allow-scripts); pinned in extensions-lock.json",
		"  weft ext remove|enable|disable|info NAME, update [NAME], outdated, verify, sync, init NAME",
		"                                    manage installed extensions (docs/extensions.md)",
		"  weft trust [DIR] | --list         let DIR's project extensions load (default: this folder)",
		"  weft untrust [DIR]                stop trusting DIR",
		"",
		"Options:",
		...options,
		"",
		"Commands in the interactive UI (extensions add more; /help lists them all):",
		...rows(reference.commands),
		"",
		"Keys in the interactive UI (rebind them in ~/.weft/keybindings.json):",
		...rows(reference.appKeys),
		"",
		"Editing keys in the composer:",
		...rows(reference.composerKeys),
		"",
		"Extensions add their own --flags. A prompt starting with ext, trust or untrust needs -- first.",
		"Configuration: ~/.weft/settings.json and .weft/settings.json (WEFT_HOME overrides ~/.weft).",
		"No provider yet? Run weft and type /login, or set ANTHROPIC_API_KEY, OPENAI_API_KEY or GEMINI_API_KEY.",
	].join("\n");
}
