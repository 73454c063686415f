/**
 * The CLI's side of extensions: its arguments as extension sources, started
 * the way every host starts them (extensions/start-host.ts: cheap discovery
 * first, the host imported only when something was found). start-host.ts
 * itself is reached through the host's module, so a run without extensions
 * loads neither (docs/architecture.md, Start-up).
 */
import type { Settings } from "../ai/settings.js";
import type { ExtensionHost } from "../extensions/host.js";
import type { NonInteractiveUI } from "../extensions/non-interactive-ui.js";
import { type ExtensionSources, hasExtensionSources } from "../extensions/sources.js";
import { Kernel } from "../kernel/kernel.js";
import type { CliArgs } from "./args.js";

export interface StartOptions {
	cwd: string;
	home: string;
	settings: Settings;
	args: Pick<CliArgs, "extensions" | "noExtensions" | "trust" | "unknownFlags" | "verbose"> &
		Partial<Pick<CliArgs, "provider" | "model">>;
	mode: string;
	stderr: NodeJS.WritableStream;
	/** The UI extensions notify through (default: one writing to `stderr`); the JSON mode streams its notifications. */
	ui?: NonInteractiveUI;
	/** Wait until every subprocess extension is ready or failed (`weft ext list`), not only the quick ones. */
	waitForAll?: boolean;
}

/** How to build the extension host, or undefined when no extension source exists (nothing to load). */
export function extensionHostOptions(options: StartOptions): ExtensionSources | undefined {
	const sources = cliSources(options);
	return hasExtensionSources(sources) ? sources : undefined;
}

/** A loaded host, or undefined when no extension source exists. */
export async function startExtensions(options: StartOptions): Promise<ExtensionHost | undefined> {
	const sources = cliSources(options);
	if (!hasExtensionSources(sources)) return undefined;
	const { loadExtensionHost } = await import("../extensions/host.js");
	return loadExtensionHost({
		...sources,
		kernel: new Kernel(),
		mode: options.mode,
		ui: options.ui,
		stderr: options.stderr,
		waitForAll: options.waitForAll,
	});
}

/**
 * Extensions loaded into a host of their own to be reported on (`weft ext
 * list`, the manager's `info`): no session, every subprocess extension
 * waited for; undefined when no extension source exists.
 */
export function startForReport(
	where: { cwd: string; home: string; settings: Settings; stderr: NodeJS.WritableStream },
	args: Omit<StartOptions["args"], "unknownFlags">,
): Promise<ExtensionHost | undefined> {
	return startExtensions({ ...where, mode: "list", waitForAll: true, args: { ...args, unknownFlags: [] } });
}

/** The CLI's arguments as extension sources, whether or not any exists (ACP adds the mcp extension to them). */
export function cliSources(options: StartOptions): ExtensionSources {
	const { cwd, home, args, stderr } = options;
	return {
		cwd,
		home,
		settings: options.settings,
		cliPaths: args.extensions,
		noExtensions: args.noExtensions,
		trust: args.trust,
		flags: args.unknownFlags,
		model: { provider: args.provider, model: args.model },
		onLog: args.verbose
			? (name, level, message) => stderr.write(`weft: [${name}] ${level}: ${message}\n`)
			: undefined,
	};
}
