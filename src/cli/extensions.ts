/**
 * The CLI's side of extensions: decide cheaply whether there are any (a
 * folder listing and the settings files), and only then import the host —
 * and with it jiti and TypeBox — so a run without extensions pays nothing.
 */
import type { Settings } from "../ai/settings.js";
import type { ExtensionHost } from "../extensions/host.js";
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
}

/** A loaded host, or undefined when no extension source exists. */
export async function startExtensions(options: StartOptions): Promise<ExtensionHost | undefined> {
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
	const [{ ExtensionHost }, { NonInteractiveUI }] = await Promise.all([
		import("../extensions/host.js"),
		import("../extensions/non-interactive-ui.js"),
	]);
	const host = new ExtensionHost({
		kernel: new Kernel(),
		cwd,
		home,
		settings: options.settings,
		mode: options.mode,
		cliPaths: args.extensions,
		noExtensions: args.noExtensions,
		trust: args.trust,
		ui: new NonInteractiveUI({ stderr }),
		flags: args.unknownFlags,
		onLog: args.verbose
			? (name, level, message) => stderr.write(`weft: [${name}] ${level}: ${message}\n`)
			: undefined,
	});
	await host.loadAll();
	return host;
}
