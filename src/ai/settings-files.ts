/**
 * The settings files of a start-up, read once. `loadSettings` merges them;
 * extension discovery and the first-party catalog's checks look at each
 * file's own keys (`extensions`, `piExtensions`, `mcpServers`,
 * `permissions`) in the same texts instead of reading the files again: the
 * settings loaded remember the texts they were made from.
 */
import { resolve } from "node:path";
import { errorMessage } from "../base/error-message.js";
import { SettingsError } from "../base/jsonc.js";
import { globalSettingsPath, projectSettingsPath } from "../base/paths.js";
import { readTextIfExists } from "../base/read-text.js";

export interface SettingsFileText {
	/** Absolute path. */
	file: string;
	/** The project's file (`<cwd>/.weft/settings.json`) rather than the global one. */
	project: boolean;
	/** undefined: there is no such file. */
	text: string | undefined;
}

/**
 * The global file, then the project's; when the project folder is weft's
 * home, its one file counts once, as the global one. Throws a SettingsError
 * for a file that exists but cannot be read.
 */
export function readSettingsFiles(home: string, cwd: string): SettingsFileText[] {
	return settingsPaths(home, cwd).map((place) => ({ ...place, text: readIfExists(place.file) }));
}

const madeFrom = new WeakMap<object, { home: string; cwd: string; files: readonly SettingsFileText[] }>();

/** Records the texts `settings` were made from, for `home` and `cwd` (loadSettings does). */
export function rememberSettingsFiles(
	settings: object,
	where: { home: string; cwd: string },
	files: readonly SettingsFileText[],
): void {
	madeFrom.set(settings, { home: where.home, cwd: where.cwd, files });
}

/**
 * The settings files of `home` and `cwd`: the texts `settings` were loaded
 * from when loadSettings made them for these folders, otherwise (settings
 * passed in by an embedding host, or other folders) read now.
 */
export function settingsFilesFor(
	home: string,
	cwd: string,
	settings: object | undefined,
): readonly SettingsFileText[] {
	const remembered = settings ? madeFrom.get(settings) : undefined;
	// Compared as given, not resolved: start-up path work is what this saves (docs/architecture.md).
	if (remembered?.home === home && remembered.cwd === cwd) return remembered.files;
	return readSettingsFiles(home, cwd);
}

function settingsPaths(home: string, cwd: string): Array<{ file: string; project: boolean }> {
	const global = resolve(globalSettingsPath(home));
	const project = resolve(projectSettingsPath(cwd));
	return project === global
		? [{ file: global, project: false }]
		: [
				{ file: global, project: false },
				{ file: project, project: true },
			];
}

function readIfExists(file: string): string | undefined {
	try {
		return readTextIfExists(file);
	} catch (error) {
		throw new SettingsError(
			file,
			`cannot be read (${(error as NodeJS.ErrnoException).code ?? errorMessage(error)})`,
		);
	}
}
