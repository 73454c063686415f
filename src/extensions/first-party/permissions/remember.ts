/**
 * "Yes, and always": the allow rule written to your own settings file
 * (`~/.weft/settings.json`, never the project's, which a repository could
 * share). Settings are JSONC and weft has no writer that keeps comments, so
 * a file with comments or trailing commas is left alone and the error says
 * what to add by hand.
 */
import { mkdirSync, statSync } from "node:fs";
import { dirname } from "node:path";
import { writeFileAtomic } from "../../../base/atomic-write.js";
import { displayPath } from "../../../base/paths.js";
import { readTextIfExists } from "../../../base/read-text.js";

/** Adds `rule` to `permissions.allow` in `file`. Throws, saying what to do, when the file cannot be rewritten. */
export function rememberAllow(file: string, rule: string): void {
	const byHand = `add "${rule}" to "permissions": { "allow": [...] } in ${displayPath(file)} yourself`;
	const text = readTextIfExists(file);
	let settings: unknown = {};
	if (text !== undefined && text.trim() !== "") {
		try {
			settings = JSON.parse(text);
		} catch {
			throw new Error(
				`${displayPath(file)} has comments or trailing commas, which weft would lose by rewriting it; ${byHand}`,
			);
		}
	}
	if (!isObject(settings)) throw new Error(`${displayPath(file)} does not hold a JSON object; ${byHand}`);
	const permissions = settings.permissions ?? {};
	if (!isObject(permissions)) throw new Error(`its "permissions" is not an object; ${byHand}`);
	const allow = permissions.allow ?? [];
	if (!Array.isArray(allow)) throw new Error(`its "permissions.allow" is not a list; ${byHand}`);
	if (allow.includes(rule)) return;
	permissions.allow = [...allow, rule];
	settings.permissions = permissions;
	let mode = 0o600;
	try {
		mode = statSync(file).mode & 0o777;
	} catch {
		mkdirSync(dirname(file), { recursive: true });
	}
	writeFileAtomic(file, `${JSON.stringify(settings, null, 2)}\n`, mode);
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === "object" && value !== null && !Array.isArray(value);
}
