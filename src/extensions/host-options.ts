/** How an ExtensionHost is built: where it looks, what it loads, its limits. */
import type { AgentSession } from "../agent/session.js";
import type { Settings } from "../ai/settings.js";
import type { Kernel } from "../kernel/kernel.js";
import type { UIPort } from "../kernel/ui-port.js";
import type { MuPlugin } from "./compat/mu/mu-adapter.js";
import type { LogLevel } from "./extension-log.js";
import type { RawFlag } from "./flags.js";
import type { SubprocessLimits } from "./subprocess/subprocess-host.js";
import type { ExtensionFactory } from "./types.js";
import type { Watchdog } from "./watchdog.js";

/** An extension given as a value instead of a path (the SDK, the test harness). */
export interface InlineExtension {
	name: string;
	/** What a module's default export would be: a factory function or a Mu-style plugin object. */
	extension: ExtensionFactory | MuPlugin;
}

export interface ExtensionHostOptions {
	kernel: Kernel;
	cwd: string;
	/** weft's home (`~/.weft`): global extensions, trust.json, logs. */
	home: string;
	/** Merged settings: `disabledExtensions` and `extensionOptions` are read here (sources from the files). */
	settings: Settings;
	/** For ExtensionContext.mode: "print", "json", "interactive", "rpc", "sdk", "test". */
	mode: string;
	/** `-e/--ext` paths (resolved against cwd); they load even with `noExtensions`. */
	cliPaths?: readonly string[];
	/**
	 * Extensions given as values. They load first, in the order given, and win
	 * over a discovered extension of the same name; a reload calls them again
	 * (there is no module to re-import, so module-level state is kept).
	 */
	inline?: readonly InlineExtension[];
	/** `--no-extensions`: skip settings, project and global extensions. */
	noExtensions?: boolean;
	/** `--trust`: load project extensions in this folder for this run. */
	trust?: boolean;
	/**
	 * Which session the code running now serves, where several sessions share
	 * this host (the SDK's pool knows it from the run's async context); the
	 * bound session where it answers undefined. Extensions' `ctx.sessionId`,
	 * `ctx.abort()`, `sendMessage` and `appendEntry` follow it.
	 */
	currentSession?: () => AgentSession | undefined;
	/** Default: a non-interactive port that only records (pass one with `stderr` to show notes). */
	ui?: UIPort;
	/** Options the CLI did not know, for `registerFlag` / `getFlag`. */
	flags?: readonly RawFlag[];
	/** For provider API keys (default process.env). */
	env?: NodeJS.ProcessEnv;
	/**
	 * The model asked for (`--provider` / `--model`): subprocess extensions'
	 * `hello_ack` names the model in effect before a session has one.
	 */
	model?: { provider?: string; model?: string };
	/** How long an extension's factory may take (default 10 s). */
	loadTimeoutMs?: number;
	/** Receives every `weft.log` line too (the CLI prints them with --verbose). */
	onLog?: (name: string, level: LogLevel, message: string) => void;
	/** Reports a synchronous call that does not return (default: the shared watchdog; false: off). */
	watchdog?: Watchdog | false;
	/** Time limits for subprocess extensions (start-up, tool calls, shutdown); defaults follow the protocol. */
	subprocess?: Partial<SubprocessLimits>;
}
