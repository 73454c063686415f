/**
 * Whether the permissions extension has anything to do: a settings file
 * (the user's or the project's) that mentions `"permissions"`. Run on every
 * start-up, so it only looks for the word; the extension parses the files
 * when it loads, and does nothing when the key is not really there.
 */
import { type Places, settingsTexts } from "../places.js";

export function mentionsPermissions(places: Places): boolean {
	// An unreadable settings file stops weft with its own error before this matters.
	return settingsTexts(places).some(({ text }) => text?.includes('"permissions"') === true);
}
