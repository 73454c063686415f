/**
 * The extensions shipped in weft's package (first-party), as discovery
 * sees them: a name and a cheap test of whether there is anything for it
 * to do here (a few folder checks). Discovery lists one only when it
 * applies, so a run with no skills and no templates never imports the
 * extension host for them; their code lives in `factories.ts`, which only
 * the host imports.
 */

import { isFolder } from "../../base/read-text.js";
import { mentionsMcpServers } from "./mcp/applies.js";
import { mentionsPermissions } from "./permissions/configured.js";
import type { Places } from "./places.js";
import { templateFolders } from "./prompt-templates/folders.js";
import { skillFolders } from "./skills/folders.js";
import { agentFolders } from "./subagents/folders.js";

export interface FirstPartyEntry {
	name: string;
	/** Whether it has something to do in these places; only folder checks, run on every start-up. */
	applies(places: Places): boolean;
}

export const FIRST_PARTY: readonly FirstPartyEntry[] = [
	{ name: "skills", applies: (places) => skillFolders(places).some((f) => isFolder(f.dir)) },
	{ name: "prompt-templates", applies: (places) => templateFolders(places).some((f) => isFolder(f.dir)) },
	// Only where an agents folder exists (an empty ~/.weft/agents turns the task tool on everywhere): otherwise every run would load the extension host.
	{ name: "subagents", applies: (places) => agentFolders(places).some((f) => isFolder(f.dir)) },
	{ name: "mcp", applies: mentionsMcpServers },
	{ name: "permissions", applies: mentionsPermissions },
];
