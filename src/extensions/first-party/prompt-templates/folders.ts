/** The prompt template folders, in the order they are read: the project's first, so a project template wins a name clash. */
import { join } from "node:path";
import type { Folder, Places } from "../places.js";

export function templateFolders({ cwd, home }: Places): Folder[] {
	return [
		{ dir: join(cwd, ".weft", "prompts"), scope: "project" },
		{ dir: join(cwd, ".claude", "commands"), scope: "project" },
		{ dir: join(home, "prompts"), scope: "user" },
	];
}
