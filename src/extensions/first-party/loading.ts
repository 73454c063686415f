/**
 * What first-party extensions share as they load: the places they read
 * files from, and how they report a problem the user should fix (an
 * invalid file, a name clash, a setting out of range). Apart from
 * `places.ts`, which the catalog reads before any extension loads.
 */
import { homedir } from "node:os";
import type { ExtensionAPI } from "../types.js";
import type { Places } from "./places.js";

/** The places of an extension loaded in `cwd`; `userHome` defaults to `os.homedir()`. */
export function placesOf(cwd: string, options: { home: string; userHome?: string }): Places {
	return { cwd, home: options.home, userHome: options.userHome ?? homedir() };
}

/** A warning notice, and the same line in the extension's log. */
export function warn(weft: Pick<ExtensionAPI, "ui" | "log">, line: string): void {
	weft.ui.notify(line, "warning");
	weft.log(line, "warn");
}
