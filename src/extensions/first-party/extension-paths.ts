/**
 * The paths extensions hand in through `resources_discover` (pi's
 * skillPaths / promptPaths), as absolute paths: `~` is the user's home,
 * anything relative is from the working folder. They are trusted as far
 * as the extension that named them: a project's extension only runs in a
 * trusted folder.
 */
import { homedir } from "node:os";
import { isAbsolute, join, resolve } from "node:path";

/** What resources_discover collected (its payload). */
export interface ResourcePaths {
	cwd: string;
	skillPaths: string[];
	promptPaths: string[];
	themePaths: string[];
}

/** Handlers adding paths run first; the first-party extensions take them last. */
export const TAKE_PATHS_PRIORITY = -1000;

export function absolutePaths(paths: readonly string[], cwd: string, userHome = homedir()): string[] {
	const out = new Set<string>();
	for (const path of paths) {
		const expanded = path === "~" ? userHome : path.startsWith("~/") ? join(userHome, path.slice(2)) : path;
		out.add(isAbsolute(expanded) ? expanded : resolve(cwd, expanded));
	}
	return [...out];
}
