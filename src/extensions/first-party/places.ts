/**
 * Where first-party extensions read project and user files: the project
 * folder, weft's home (`WEFT_HOME` or `~/.weft`) and the user's home
 * directory (for conventions other agents keep there, like `~/.claude`).
 */
import type { SettingsFileText } from "../../ai/settings-files.js";
import { globalSettingsPath, projectSettingsPath } from "../../base/paths.js";
import { readTextIfExists } from "../../base/read-text.js";

export interface Places {
	cwd: string;
	/** weft's home. */
	home: string;
	/** The user's home directory (`os.homedir()`): `~/.claude/…` lives there, not under weft's home. */
	userHome: string;
	/** The settings files as this start-up read them (discovery passes them); otherwise they are read here. */
	settingsFiles?: readonly SettingsFileText[];
}

/** One folder a first-party extension reads, and whether it belongs to the project (project ones come first). */
export interface Folder {
	dir: string;
	scope: "project" | "user";
}

const settingsTextCache = new WeakMap<Places, Array<{ file: string; text: string | undefined }>>();

/**
 * The text of the user's and the project's settings files (undefined: no
 * file, or unreadable: settings loading reports that) for the catalog checks
 * that look into them (mcp, permissions): the start-up's own read when
 * discovery passed it, otherwise read once per discovery.
 */
export function settingsTexts(places: Places): ReadonlyArray<{ file: string; text: string | undefined }> {
	if (places.settingsFiles) return places.settingsFiles;
	let texts = settingsTextCache.get(places);
	if (!texts) {
		texts = [globalSettingsPath(places.home), projectSettingsPath(places.cwd)].map((file) => {
			try {
				return { file, text: readTextIfExists(file) };
			} catch {
				return { file, text: undefined };
			}
		});
		settingsTextCache.set(places, texts);
	}
	return texts;
}
