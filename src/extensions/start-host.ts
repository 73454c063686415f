/**
 * How weft starts its extensions, shared by the CLI's modes, `weft ext
 * list` and the embeddable host: decide cheaply whether there are any (a
 * folder listing and the settings files: `hasExtensionSources`, which lives
 * in sources.ts), and only then import the host — and with it jiti and
 * TypeBox — so a run without extensions pays nothing. Trust is the host's to
 * decide (`trust` or trust.json), the same for all.
 *
 * The CLI reaches this module through host.js (its re-export) once sources
 * were found, so a run without extensions does not load it; a module only
 * the CLI and the SDK imported would be a chunk of its own in every `-p`
 * run (docs/architecture.md, Start-up). Hence no value import of the kernel
 * here: the caller hands one in.
 */
import type { Settings } from "../ai/settings.js";
import type { Kernel } from "../kernel/kernel.js";
import type { UIPort } from "../kernel/ui-port.js";
import type { ExtensionHost } from "./host.js";
import { type ExtensionSources, hasExtensionSources } from "./sources.js";

export { type ExtensionSources, hasExtensionSources } from "./sources.js";

export interface StartHostOptions extends ExtensionSources {
	settings: Settings;
	mode: string;
	kernel: Kernel;
	/** What extensions notify and ask through (default: a non-interactive port writing notes to `stderr`, if given). */
	ui?: UIPort;
	stderr?: NodeJS.WritableStream;
	/** Wait until every subprocess extension is ready or failed (`weft ext list`), not only the quick ones. */
	waitForAll?: boolean;
}

/** A loaded host, or undefined when no extension source exists. */
export async function startExtensionHost(options: StartHostOptions): Promise<ExtensionHost | undefined> {
	if (!hasExtensionSources(options)) return undefined;
	return loadExtensionHost(options);
}

/** A loaded host, for a caller that found sources already (`hasExtensionSources`). */
export async function loadExtensionHost(options: StartHostOptions): Promise<ExtensionHost> {
	const [{ ExtensionHost }, { NonInteractiveUI }] = await Promise.all([
		import("./host.js"),
		import("./non-interactive-ui.js"),
	]);
	const { kernel, ui, stderr, waitForAll, ...sources } = options;
	const host = new ExtensionHost({
		...sources,
		kernel,
		ui: ui ?? new NonInteractiveUI({ stderr }),
	});
	await host.loadAll({ waitForAll });
	return host;
}
