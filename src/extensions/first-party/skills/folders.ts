/** The skill folders, in the order they are read: the project's first, so a project skill wins a name clash. */
import { join } from "node:path";
import type { Folder, Places } from "../places.js";

export function skillFolders({ cwd, home, userHome }: Places): Folder[] {
	return [
		{ dir: join(cwd, ".weft", "skills"), scope: "project" },
		{ dir: join(cwd, ".claude", "skills"), scope: "project" },
		{ dir: join(cwd, ".agents", "skills"), scope: "project" },
		{ dir: join(home, "skills"), scope: "user" },
		{ dir: join(userHome, ".claude", "skills"), scope: "user" },
	];
}
