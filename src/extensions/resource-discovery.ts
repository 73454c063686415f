/**
 * resources_discover, once a load's in-process extensions have their
 * handlers: the paths extensions add for skills and prompt templates. The
 * first-party skills and prompt-templates extensions take them; one that
 * was not loaded (it had no folders to read) is loaded now when paths for it
 * came, unless the user turned it off.
 */
import type { EventBus } from "../kernel/event-bus.js";
import type { ExtensionRecord } from "./diagnostics.js";
import type { ResourcePaths } from "./first-party/extension-paths.js";
import type { ExtensionHostOptions } from "./host-options.js";
import { configureOwners } from "./load-plan.js";

export async function collectResourcePaths(
	bus: EventBus,
	cwd: string,
	reason: "startup" | "reload",
): Promise<ResourcePaths> {
	const payload = { cwd, reason, skillPaths: [], promptPaths: [], themePaths: [] };
	return (await bus.emit("resources_discover", payload)).payload;
}

/**
 * The first-party extensions to load now for `paths`: added to the load's
 * `records`, after the others, their owners configured like theirs.
 */
export function firstPartyForPaths(
	paths: ResourcePaths,
	bus: EventBus,
	options: ExtensionHostOptions,
	records: ExtensionRecord[],
): ExtensionRecord[] {
	const disabled = options.settings.disabledExtensions ?? [];
	const added: ExtensionRecord[] = [];
	for (const [name, wanted] of [
		["skills", paths.skillPaths],
		["prompt-templates", paths.promptPaths],
	] as const) {
		if (wanted.length === 0 || options.noExtensions || disabled.includes(name)) continue;
		if (records.some((r) => r.name === name)) continue;
		const record: ExtensionRecord = {
			name,
			source: "(first-party)",
			origin: "first-party",
			project: false,
			status: "loaded",
		};
		records.push(record);
		added.push(record);
	}
	configureOwners(bus, options, { records, toLoad: added });
	return added;
}
