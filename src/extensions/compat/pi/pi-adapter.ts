/**
 * Loading a pi extension (detect.ts says which): pi's modules published,
 * the module imported with pi's package names aliased to them, and its
 * default export — pi's `(pi: ExtensionAPI) => void | Promise<void>` —
 * called with the pi-shaped API built on the extension's weft API.
 */
import { accessOf } from "../../api.js";
import type { ExtensionState } from "../../extension-state.js";
import { importExtension } from "../../loader.js";
import type { ExtensionAPI } from "../../types.js";
import type { Watchdog } from "../../watchdog.js";
import { createPiAPI } from "./pi-api.js";
import { bindModelCalls } from "./pi-model-calls.js";
import { installPiModules, piFlavour } from "./pi-modules.js";

export interface PiLoad {
	entry: string;
	api: ExtensionAPI;
	state: ExtensionState;
	watchdog: Watchdog;
}

export async function loadPiExtension({ entry, api, state, watchdog }: PiLoad): Promise<void> {
	installPiModules();
	const exported = await importExtension(entry, piFlavour());
	// Past the load limit the extension has already failed: its factory must not run now.
	if (!state.alive) return;
	if (typeof exported !== "function") {
		throw new Error(
			`a pi extension's default export must be a function (pi: ExtensionAPI) => { … }; got ${exported === undefined ? "nothing" : typeof exported}`,
		);
	}
	const access = accessOf(api);
	bindModelCalls(access.kernel);
	const pi = createPiAPI({ weft: api, access, ctx: state.ctx });
	await watchdog.run(watchdog.slot(state.name, "its factory"), () => exported(pi));
}
