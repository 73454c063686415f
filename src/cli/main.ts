/**
 * The `weft` command: parses arguments, loads extensions (only when there
 * are any), builds a session, runs a mode, and turns every failure into one
 * line the user can act on (stack traces only with --verbose). A fault
 * nobody caught is an extension's when it came from one (that extension
 * fails, weft goes on) and ends weft with one line otherwise
 * (extensions/process-guard.ts), in every mode and subcommand.
 */
import { readFileSync } from "node:fs";
import { ConfigError, createAgentSession } from "../agent/create-session.js";
import { loadSettings, SettingsError } from "../ai/settings.js";
import { weftHome } from "../base/paths.js";
import type { ExtensionHost } from "../extensions/host.js";
import { NonInteractiveUI } from "../extensions/non-interactive-ui.js";
import { installProcessGuard } from "../extensions/process-guard.js";
import { isTrusted } from "../extensions/trust.js";
import { EXIT_ABORTED, EXIT_ERROR, EXIT_USAGE, oneLine } from "../modes/exit-codes.js";
import { runJsonMode } from "../modes/json-mode.js";
import { runPrintMode } from "../modes/print-mode.js";
import { combinePrompt, readPipedStdin } from "../modes/stdin.js";
import { type CliArgs, helpText, type ParseOptions, parseArgs, UsageError } from "./args.js";
import { cliSources, extensionHostOptions, startExtensions } from "./extensions.js";
import { promptText } from "./prompt-text.js";
import { runSubcommand, subcommandOf } from "./subcommands.js";
import { keepWasmOnBaselineCompiler } from "./wasm-tiering.js";

function version(): string {
	const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
		version: string;
	};
	return pkg.version;
}

export async function main(argv: readonly string[]): Promise<void> {
	keepWasmOnBaselineCompiler();
	const subcommand = subcommandOf(argv);
	let verbose = argv.includes("--verbose");
	installProcessGuard({
		stderr: process.stderr,
		verbose,
		exit: (code) => process.exit(code),
		exitCode: EXIT_ERROR,
	});
	let code: number;
	try {
		if (subcommand) {
			const io = { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env };
			code = await runSubcommand(subcommand, argv.slice(1), io);
		} else {
			// First pass: unknown --options may be extension flags, checked once extensions are loaded.
			const args = parseArgs(argv, { lenient: true });
			verbose = args.verbose;
			if (args.version) return void process.stdout.write(`${version()}\n`);
			if (args.help) {
				const { helpReference } = await import("../modes/interactive/interactive-mode.js");
				return void process.stdout.write(`${helpText(version(), helpReference())}\n`);
			}
			code = args.export !== undefined ? await exportSession(args, args.export) : await run(args, argv);
		}
	} catch (error) {
		code = error instanceof UsageError ? usage(error) : report(error, verbose);
	}
	// Exit as soon as output is flushed: idle keep-alive sockets and unref'd
	// timers would otherwise hold the process open for no one.
	await Promise.all([flush(process.stdout), flush(process.stderr)]);
	process.exit(code);
}

/** `--export`: no extensions, no model; the session is only read. */
async function exportSession(args: CliArgs, session: string): Promise<number> {
	const { runExport } = await import("../modes/interactive/interactive-mode.js");
	const io = {
		cwd: process.cwd(),
		home: weftHome(process.env),
		stdout: process.stdout,
		stderr: process.stderr,
	};
	runExport(session, args.prompt[0], io);
	return 0;
}

function usage(error: UsageError): number {
	process.stderr.write(`weft: ${error.message}\n`);
	return EXIT_USAGE;
}

function flush(stream: NodeJS.WriteStream): Promise<void> {
	return new Promise((resolve) => stream.write("", () => resolve()));
}

async function run(lenient: CliArgs, argv: readonly string[]): Promise<number> {
	const cwd = process.cwd();
	const env = process.env;
	const home = weftHome(env);
	const projectTrusted = lenient.trust || isTrusted(home, cwd);
	const { settings, warnings: settingsWarnings } = loadSettings({ cwd, home, projectTrusted });
	for (const warning of settingsWarnings) process.stderr.write(`weft: ${warning}\n`);
	// RPC reads its commands from stdin, so it is not read here as a piped prompt.
	if (lenient.mode === "rpc") return runRpc(lenient, argv, { cwd, home, env, settings }, projectTrusted);
	if (lenient.mode === "acp") return runAcp(lenient, argv, { cwd, home, env, settings }, projectTrusted);
	const piped = await readPipedStdin();
	const mode = lenient.mode === "interactive" && piped !== undefined ? "print" : lenient.mode;
	if (lenient.channels.length > 0 && mode !== "interactive")
		throw new UsageError(
			`--channel starts a channel beside the terminal UI, --mode rpc or --mode acp; ${mode === "json" ? "--mode json" : "-p (or a piped prompt)"} runs one prompt and exits, so it starts none`,
		);
	if (mode === "interactive")
		return runInteractive(lenient, argv, { cwd, home, env, settings }, projectTrusted);
	const ui = new NonInteractiveUI({ stderr: process.stderr });
	const host = await startExtensions({
		cwd,
		home,
		settings,
		args: lenient,
		mode,
		stderr: process.stderr,
		ui,
	});
	try {
		for (const notice of host?.notices() ?? []) process.stderr.write(`weft: ${notice}\n`);
		// Second pass: what is still unknown now is a mistake.
		const args = parseArgs(argv, { extensionFlags: host?.flagSpecs() ?? [] });
		return await runSession(args, { mode, piped, settings, host, ui, projectTrusted });
	} finally {
		await host?.unloadAll();
	}
}

interface RunContext {
	mode: CliArgs["mode"];
	piped: string | undefined;
	settings: ReturnType<typeof loadSettings>["settings"];
	host: ExtensionHost | undefined;
	/** What extensions notify through; the JSON mode streams it. */
	ui: NonInteractiveUI;
	projectTrusted: boolean;
}

/** Where a mode runs: the folder, weft's home, the environment and the settings read for them. */
interface Where {
	cwd: string;
	home: string;
	env: NodeJS.ProcessEnv;
	settings: ReturnType<typeof loadSettings>["settings"];
}

/**
 * What the modes that load their own extensions (terminal, RPC, ACP) are
 * given alike: how to load them, the second check of the command line once
 * they registered their flags, and the process's streams.
 */
function hostedModeOptions(
	args: CliArgs,
	argv: readonly string[],
	where: Where,
	mode: "interactive" | "rpc" | "acp",
) {
	return {
		extensions: extensionHostOptions({ ...where, args, mode, stderr: process.stderr }),
		checkArgs: (flags: ParseOptions["extensionFlags"]) => void parseArgs(argv, { extensionFlags: flags }),
		channels: args.channels,
		stdin: process.stdin,
		stdout: process.stdout,
		stderr: process.stderr,
	};
}

/** The terminal UI, loaded only when it runs so `-p` never pays for it. */
async function runInteractive(
	args: CliArgs,
	argv: readonly string[],
	where: Where,
	projectTrusted: boolean,
): Promise<number> {
	const { runInteractiveMode } = await import("../modes/interactive/interactive-mode.js");
	return runInteractiveMode({
		...where,
		session: { ...sessionOptions(args), projectTrusted },
		trust: args.trust,
		...hostedModeOptions(args, argv, where, "interactive"),
		// The prompt as the second pass reads it: the word after an extension's string flag is the flag's value.
		checkArgs: (flags) =>
			combinePrompt(parseArgs(argv, { extensionFlags: flags }).prompt, undefined) || undefined,
		version: version(),
	});
}

/** `--mode rpc`, loaded only when it runs so `-p` never pays for it. */
async function runRpc(
	args: CliArgs,
	argv: readonly string[],
	where: Where,
	projectTrusted: boolean,
): Promise<number> {
	const { runRpcMode } = await import("../modes/rpc/rpc-mode.js");
	const stopped = new Promise((resolve) => {
		process.once("SIGINT", resolve);
		process.once("SIGTERM", resolve);
	});
	return runRpcMode({
		...where,
		projectTrusted,
		session: sessionOptions(args),
		...hostedModeOptions(args, argv, where, "rpc"),
		// Once extensions registered their flags: the word after a string flag is its value, not a prompt.
		checkArgs: (flags) => {
			const { prompt } = parseArgs(argv, { extensionFlags: flags });
			if (prompt.length > 0)
				throw new UsageError(
					`--mode rpc takes its prompts as commands on stdin, not as arguments (got "${prompt.join(" ")}")`,
				);
		},
		stopped,
	});
}

/** The session choices ACP leaves to its client, by their option. */
const ACP_REFUSED: Record<string, string> = {
	continue: "--continue",
	resume: "--resume",
	file: "--session",
	fork: "--fork",
};

/** `--mode acp`, loaded only when it runs so `-p` never pays for it. The client opens the sessions. */
async function runAcp(
	args: CliArgs,
	argv: readonly string[],
	where: Where,
	projectTrusted: boolean,
): Promise<number> {
	const { session, ...options } = sessionOptions(args);
	const chosen = Object.entries(session)
		.filter(([key, value]) => key !== "persist" && value)
		.map(([key]) => ACP_REFUSED[key] ?? key);
	const refuse = (what: string[]) =>
		new UsageError(
			`--mode acp takes prompts and sessions from its client (session/new, session/load), not ${what.join(", ")}`,
		);
	if (chosen.length > 0) throw refuse(args.prompt.length > 0 ? ["a prompt", ...chosen] : chosen);
	const { runAcpMode } = await import("../modes/acp/acp-mode.js");
	return runAcpMode({
		...where,
		projectTrusted,
		session: { ...options, session: { persist: session.persist } },
		...hostedModeOptions(args, argv, where, "acp"),
		// Once extensions registered their flags: the word after a string flag is its value, not a prompt.
		checkArgs: (flags) => {
			if (parseArgs(argv, { extensionFlags: flags }).prompt.length > 0) throw refuse(["a prompt"]);
		},
		// Always the sources: the mcp extension loads for the MCP servers the editor passes (acp-mode.ts).
		extensions: cliSources({ ...where, args, mode: "acp", stderr: process.stderr }),
		version: version(),
	});
}

function sessionOptions(args: CliArgs) {
	return {
		provider: args.provider,
		model: args.model,
		thinking: args.thinking as never,
		tools: args.tools,
		systemPrompt: promptText(args.systemPrompt, "--system-prompt", process.cwd()),
		appendSystemPrompt: promptText(args.appendSystemPrompt, "--append-system-prompt", process.cwd()),
		session: {
			continue: args.continue,
			resume: args.resume,
			file: args.session,
			fork: args.fork,
			persist: !args.noSession,
		},
	};
}

async function runSession(
	args: CliArgs,
	{ mode, piped, settings, host, ui, projectTrusted }: RunContext,
): Promise<number> {
	const prompt = combinePrompt(args.prompt, piped);
	if (!prompt) {
		process.stderr.write(
			`weft: no prompt given. Usage: weft ${mode === "json" ? "--mode json" : "-p"} "your prompt" (or pipe text on stdin)\n`,
		);
		return EXIT_USAGE;
	}

	const { session, warnings } = await createAgentSession({
		...sessionOptions(args),
		mode,
		kernel: host?.kernel,
		settings,
		projectTrusted,
	});
	for (const warning of warnings) process.stderr.write(`weft: ${warning}\n`);
	host?.bind(session);

	const io = { stdout: process.stdout, stderr: process.stderr };
	let interrupted = false;
	const onSignal = () => {
		if (interrupted) process.exit(EXIT_ABORTED);
		interrupted = true;
		void session.abort();
	};
	process.on("SIGINT", onSignal);
	process.on("SIGTERM", onSignal);
	try {
		return mode === "json"
			? await runJsonMode(session, prompt, io, ui)
			: await runPrintMode(session, prompt, io);
	} finally {
		await session.shutdown(interrupted ? "signal" : "exit");
		process.off("SIGINT", onSignal);
		process.off("SIGTERM", onSignal);
	}
}

function report(error: unknown, verbose: boolean): number {
	if (error instanceof ConfigError) {
		process.stderr.write(`${error.message.includes("\n") ? error.message : `weft: ${error.message}`}\n`);
	} else if (error instanceof SettingsError || error instanceof Error) {
		process.stderr.write(`weft: ${oneLine(error.message)}\n`);
		if (verbose && error.stack) process.stderr.write(`${error.stack}\n`);
	} else {
		process.stderr.write(`weft: ${String(error)}\n`);
	}
	return EXIT_ERROR;
}
