/** The agent folders, in the order they are read: the project's first, so a project agent wins a name clash. */
import { join } from "node:path";
import type { Folder, Places } from "../places.js";

export function agentFolders({ cwd, home, userHome }: Places): Folder[] {
	return [
		{ dir: join(cwd, ".weft", "agents"), scope: "project" },
		{ dir: join(cwd, ".claude", "agents"), scope: "project" },
		{ dir: join(home, "agents"), scope: "user" },
		{ dir: join(userHome, ".claude", "agents"), scope: "user" },
	];
}
