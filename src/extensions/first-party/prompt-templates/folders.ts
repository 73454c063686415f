/** The prompt template folders, in the order they are read: the project's first, so a project template wins a name clash. */
import { join } from "node:path";
import type { Folder, Places } from "../places.js";

export function templateFolders({ cwd, home, userHome }: Places): Folder[] {
	return [
		{ dir: join(cwd, ".weft", "prompts"), scope: "project" },
		{ dir: join(cwd, ".claude", "commands"), scope: "project" },
		{ dir: join(home, "prompts"), scope: "user" },
		// Claude Code's personal commands, as ~/.claude/skills and ~/.claude/agents are read.
		{ dir: join(userHome, ".claude", "commands"), scope: "user" },
	];
}
