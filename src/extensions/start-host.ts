/**
 * How weft starts its extensions, shared by the CLI's modes, `weft ext
 * list` and the embeddable host: decide cheaply whether there are any (a
 * folder listing and the settings files), and only then import the host —
 * and with it jiti and TypeBox — so a run without extensions pays nothing.
 * Trust is the host's to decide (`trust` or trust.json), the same for all.
 */
import type { Settings } from "../ai/settings.js";
import { Kernel } from "../kernel/kernel.js";
import type { UIPort } from "../kernel/ui-port.js";
import { stringList } from "./extension-settings.js";
import type { ExtensionHost } from "./host.js";
import type { ExtensionHostOptions } from "./host-options.js";
import { discoverExtensions } from "./sources.js";

/** Where to look and what to load: everything of ExtensionHostOptions but the kernel, UI and mode. */
export type ExtensionSources = Omit<ExtensionHostOptions, "kernel" | "ui" | "mode">;

export interface StartHostOptions extends ExtensionSources {
	settings: Settings;
	mode: string;
	/** Default: a fresh kernel. */
	kernel?: Kernel;
	/** What extensions notify and ask through (default: a non-interactive port writing notes to `stderr`, if given). */
	ui?: UIPort;
	stderr?: NodeJS.WritableStream;
	/** Wait until every subprocess extension is ready or failed (`weft ext list`), not only the quick ones. */
	waitForAll?: boolean;
}

/** Whether any extension could load (inline ones, or any source on disk, trusted or not). */
export function hasExtensionSources(sources: ExtensionSources): boolean {
	if ((sources.inline?.length ?? 0) > 0) return true;
	const found = discoverExtensions({
		cwd: sources.cwd,
		home: sources.home,
		cliPaths: sources.cliPaths,
		noExtensions: sources.noExtensions,
		// Only whether anything exists matters here; the host decides trust.
		trusted: () => true,
		disabled: stringList(sources.settings.disabledExtensions),
	});
	// A disabled first-party extension is no reason to load the host; a user's disabled one is listed by `weft ext list`.
	return found.some((s) => s.origin !== "first-party" || s.status !== "disabled");
}

/** A loaded host, or undefined when no extension source exists. */
export async function startExtensionHost(options: StartHostOptions): Promise<ExtensionHost | undefined> {
	if (!hasExtensionSources(options)) return undefined;
	const [{ ExtensionHost }, { NonInteractiveUI }] = await Promise.all([
		import("./host.js"),
		import("./non-interactive-ui.js"),
	]);
	const { kernel, ui, stderr, waitForAll, ...sources } = options;
	const host = new ExtensionHost({
		...sources,
		kernel: kernel ?? new Kernel(),
		ui: ui ?? new NonInteractiveUI({ stderr }),
	});
	await host.loadAll({ waitForAll });
	return host;
}
