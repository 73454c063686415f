/**
 * Where an install goes: globally (the home: `<home>/packages/`, its
 * lockfile and settings) or for one project (`.weft/` in the working
 * folder, which loads only when the folder is trusted).
 */
import { dirname } from "node:path";
import { globalSettingsPath, projectDir, projectSettingsPath } from "../../base/paths.js";

export interface Scope {
	/** The folder holding the lockfile, `packages/` and the settings file. */
	root: string;
	settingsFile: string;
	project: boolean;
	home: string;
	cwd: string;
}

export function scopeOf(home: string, cwd: string, project: boolean): Scope {
	const settingsFile = project ? projectSettingsPath(cwd) : globalSettingsPath(home);
	return { root: project ? projectDir(cwd) : dirname(settingsFile), settingsFile, project, home, cwd };
}
