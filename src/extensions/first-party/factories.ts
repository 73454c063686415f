/**
 * The code of the first-party extensions, by name (see `catalog.ts` for
 * when each loads). Only the extension host imports this, so their code is
 * loaded with the host, never by a run that has no extensions to load.
 */
import type { Settings } from "../../ai/settings.js";
import type { ExtensionFactory } from "../types.js";
import type { ResourcePaths } from "./extension-paths.js";
import { permissionsExtension } from "./permissions/index.js";
import { promptTemplatesExtension } from "./prompt-templates/index.js";
import { skillsExtension } from "./skills/index.js";
import { subagentsExtension } from "./subagents/index.js";

/** What a first-party extension is given besides the API: weft's home (the API has only the project folder). */
export interface FirstPartyOptions {
	home: string;
	/** The settings in effect (an untrusted project's held back): MCP reads its servers there. */
	settings: Settings;
	/** Set when it loads after resources_discover ran (skills, prompt templates): the paths extensions added. */
	discovered?: ResourcePaths;
}

const FACTORIES: Record<string, (options: FirstPartyOptions) => ExtensionFactory> = {
	skills: skillsExtension,
	"prompt-templates": promptTemplatesExtension,
	permissions: permissionsExtension,
	subagents: subagentsExtension,
	// Imported when it loads: the MCP SDK is large, and a run with skills but no servers must not pay for it.
	mcp: (options) => async (weft) =>
		(await import("./mcp/index.js")).mcpExtension({ settings: options.settings })(weft),
};

/** The factory of the first-party extension `name` (a catalog entry always has one). */
export function firstPartyFactory(name: string, options: FirstPartyOptions): ExtensionFactory {
	const factory = FACTORIES[name];
	if (!factory) throw new Error(`no first-party extension is called "${name}"; this is a bug in weft`);
	return factory(options);
}
