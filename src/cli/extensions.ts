/**
 * The CLI's side of extensions: decide cheaply whether there are any (a
 * folder listing and the settings files), and only then import the host —
 * and with it jiti and TypeBox — so a run without extensions pays nothing.
 */
import type { Settings } from "../ai/settings.js";
import type { ExtensionHost, ExtensionHostOptions } from "../extensions/host.js";
import type { NonInteractiveUI } from "../extensions/non-interactive-ui.js";
import { discoverExtensions } from "../extensions/sources.js";
import { Kernel } from "../kernel/kernel.js";
import type { CliArgs } from "./args.js";

export interface StartOptions {
	cwd: string;
	home: string;
	settings: Settings;
	args: Pick<CliArgs, "extensions" | "noExtensions" | "trust" | "unknownFlags" | "verbose">;
	mode: string;
	stderr: NodeJS.WritableStream;
	/** The UI extensions notify through (default: one writing to `stderr`); the JSON mode streams its notifications. */
	ui?: NonInteractiveUI;
	/** Wait until every subprocess extension is ready or failed (`weft ext list`), not only the quick ones. */
	waitForAll?: boolean;
}

/** How to build the extension host, or undefined when no extension source exists (nothing to load). */
export function extensionHostOptions(
	options: StartOptions,
): Omit<ExtensionHostOptions, "kernel" | "ui" | "mode"> | undefined {
	const { cwd, home, args, stderr } = options;
	const found = discoverExtensions({
		cwd,
		home,
		cliPaths: args.extensions,
		noExtensions: args.noExtensions,
		// Only whether anything exists matters here; the host decides trust.
		trusted: () => true,
	});
	if (found.length === 0) return undefined;
	return {
		cwd,
		home,
		settings: options.settings,
		cliPaths: args.extensions,
		noExtensions: args.noExtensions,
		trust: args.trust,
		flags: args.unknownFlags,
		onLog: args.verbose
			? (name, level, message) => stderr.write(`weft: [${name}] ${level}: ${message}\n`)
			: undefined,
	};
}

/** A loaded host, or undefined when no extension source exists. */
export async function startExtensions(options: StartOptions): Promise<ExtensionHost | undefined> {
	const hostOptions = extensionHostOptions(options);
	if (!hostOptions) return undefined;
	const [{ ExtensionHost }, { NonInteractiveUI }] = await Promise.all([
		import("../extensions/host.js"),
		import("../extensions/non-interactive-ui.js"),
	]);
	const host = new ExtensionHost({
		...hostOptions,
		kernel: new Kernel(),
		mode: options.mode,
		ui: options.ui ?? new NonInteractiveUI({ stderr: options.stderr }),
	});
	await host.loadAll({ waitForAll: options.waitForAll });
	return host;
}
