/**
 * Loading one in-process extension: its module imported (top-level code and
 * top-level await included) and its factory run — all of it as the
 * extension's code (its async context, so a fault in anything it starts is
 * charged to it) and all of it within its load limit (`extensionOptions.
 * <name>.loadTimeoutMs`, default 10 s). Past the limit the extension has
 * failed: a factory whose import finishes later is not run, and whatever it
 * registers late is ignored (the host tears it down, and its API ignores
 * calls once it is no longer alive).
 */
import type { OwnerScopes } from "../kernel/owner-context.js";
import { accessOf } from "./api.js";
import { adaptMuPlugin, isMuPlugin } from "./compat/mu/mu-adapter.js";
import { isPiExtension } from "./compat/pi/detect.js";
import { DeadlineError, withDeadline } from "./deadline.js";
import type { ExtensionState } from "./extension-state.js";
import { describeLoadError, importExtension, runtimePath } from "./loader.js";
import type { ExtensionAPI } from "./types.js";
import type { Watchdog } from "./watchdog.js";

export const DEFAULT_LOAD_TIMEOUT_MS = 10_000;

export interface InProcessLoad {
	state: ExtensionState;
	api: ExtensionAPI;
	/** The module to import; absent for an inline extension. */
	entry?: string;
	/** An inline extension's value (what a module's default export would be). */
	inline?: unknown;
	/** What the user pointed at, for messages. */
	source: string;
	limitMs: number;
	scopes: OwnerScopes;
	watchdog: Watchdog;
}

/** Resolves once the extension is loaded; rejects with one line saying why it is not. */
export async function loadInProcess(load: InProcessLoad): Promise<void> {
	const { state, limitMs } = load;
	try {
		await load.scopes.run(state.name, () =>
			withDeadline(importAndActivate(load), limitMs, "loading (import, factory and top-level await)"),
		);
	} catch (error) {
		if (error instanceof DeadlineError) {
			throw new Error(
				`${error.message}; if it needs longer, raise extensionOptions."${state.name}".loadTimeoutMs in settings`,
			);
		}
		throw new Error(describeLoadError(error, load.entry ?? load.source));
	}
}

async function importAndActivate({ state, api, entry, inline, watchdog }: InProcessLoad): Promise<void> {
	if (entry && isPiExtension(entry)) {
		// Only a pi extension pays for loading the adapter and pi's modules.
		const { loadPiExtension } = await import("./compat/pi/pi-adapter.js");
		return loadPiExtension({
			entry,
			api,
			state,
			watchdog,
			access: accessOf(api),
			importExtension,
			runtimePath,
		});
	}
	const exported = entry ? await importExtension(entry) : inline;
	// Past the limit the extension has already failed: its factory must not run now.
	if (!state.alive) return;
	if (typeof exported === "function") {
		await watchdog.run(watchdog.slot(state.name, "its factory"), () => exported(api));
	} else if (isMuPlugin(exported)) {
		state.plugin = await adaptMuPlugin(exported, api);
	} else {
		throw new Error(
			`the default export must be a function (weft) => { … } or a plugin object { name, tools, hooks, … }; got ${describeValue(exported)}`,
		);
	}
}

function describeValue(value: unknown): string {
	if (value === undefined) return "nothing (is there a default export?)";
	if (value === null) return "null";
	if (typeof value === "object")
		return `an object without plugin keys (${Object.keys(value).slice(0, 5).join(", ") || "empty"})`;
	return `a ${typeof value}`;
}
