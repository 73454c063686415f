/**
 * Loading a pi extension (detect.ts says which): pi's modules published,
 * the module imported with pi's package names aliased to them, and its
 * default export — pi's `(pi: ExtensionAPI) => void | Promise<void>` —
 * called with the pi-shaped API built on the extension's weft API.
 *
 * The adapter is its own bundle entry (in-process-load.ts imports it on
 * demand), so it must not import modules the rest of weft bundles: a module
 * shared with a new entry is split into chunks of its own, and `weft -p`
 * would load more files (docs/architecture.md, Start-up). What it needs of
 * weft is handed in (PiLoad), read through the kernel, or taken from the
 * runtime entry that extensions already load.
 */
import type { AdapterAccess } from "../../api.js";
import type { ExtensionState } from "../../extension-state.js";
import type { ImportFlavour } from "../../loader.js";
import type { ExtensionAPI } from "../../types.js";
import type { Watchdog } from "../../watchdog.js";
import { bindKernel } from "./bound-kernel.js";
import { createPiAPI } from "./pi-api.js";
import { installPiModules, piFlavour } from "./pi-modules.js";
import { bindProviderRuntime } from "./pi-providers.js";

export interface PiLoad {
	entry: string;
	api: ExtensionAPI;
	state: ExtensionState;
	watchdog: Watchdog;
	access: AdapterAccess;
	importExtension(entry: string, flavour: ImportFlavour): Promise<unknown>;
	runtimePath(...parts: string[]): string;
}

export async function loadPiExtension(load: PiLoad): Promise<void> {
	const { entry, api, state, watchdog, access } = load;
	const { runtimeExports } = await import("../../runtime-exports.js");
	installPiModules(runtimeExports.Type);
	bindKernel(access.kernel);
	bindProviderRuntime({ ProviderError: runtimeExports.ProviderError, apiProvider: access.provider });
	const exported = await load.importExtension(entry, piFlavour(load.runtimePath));
	// Past the load limit the extension has already failed: its factory must not run now.
	if (!state.alive) return;
	if (typeof exported !== "function") {
		throw new Error(
			`a pi extension's default export must be a function (pi: ExtensionAPI) => { … }; got ${exported === undefined ? "nothing" : typeof exported}`,
		);
	}
	const pi = createPiAPI({ weft: api, access, ctx: state.ctx });
	await watchdog.run(watchdog.slot(state.name, "its factory"), () => exported(pi));
}
