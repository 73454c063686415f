/**
 * Whether the permissions extension has anything to do: a settings file
 * (the user's or the project's) that mentions `"permissions"`. Run on every
 * start-up, so it only looks for the word; the extension parses the files
 * when it loads, and does nothing when the key is not really there.
 */
import { globalSettingsPath, projectSettingsPath } from "../../../base/paths.js";
import { readTextIfExists } from "../../../base/read-text.js";
import type { Places } from "../places.js";

export function mentionsPermissions({ cwd, home }: Places): boolean {
	return [globalSettingsPath(home), projectSettingsPath(cwd)].some((file) => {
		try {
			return readTextIfExists(file)?.includes('"permissions"') === true;
		} catch {
			// An unreadable settings file stops weft with its own error before this matters.
			return false;
		}
	});
}
