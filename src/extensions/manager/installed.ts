/**
 * What discovery asks of the lockfile: is this settings `"extensions"` entry
 * an installed extension, and are its files still the ones installed? Read
 * on every start, so it only stats files on the common path (see verify.ts).
 */
import { join } from "node:path";
import { errorMessage } from "../../base/error-message.js";
import { displayPath, extensionsLockPath } from "../../base/paths.js";
import { lockEntryFor, readLockfile } from "./lockfile.js";
import { verifyInstalled } from "./verify.js";

export type Installed = { name: string; dir: string } | { name: string; reason: string };

/** `root` is the settings file's folder (the home, or a project's .weft folder). Undefined: not installed. */
export function installedExtension(root: string, source: string, project = false): Installed | undefined {
	let found: ReturnType<typeof lockEntryFor>;
	try {
		found = lockEntryFor(readLockfile(root), source);
	} catch (error) {
		return { name: source, reason: errorMessage(error) };
	}
	if (!found) return undefined;
	const [name, entry] = found;
	const dir = join(root, entry.dir);
	let verdict: ReturnType<typeof verifyInstalled>;
	try {
		verdict = verifyInstalled(root, name, entry);
	} catch (error) {
		return { name, reason: `cannot verify ${displayPath(dir)} (${errorMessage(error)})` };
	}
	if (verdict.ok) return { name, dir };
	const what =
		verdict.problem === "inconsistent"
			? `its entry in ${displayPath(extensionsLockPath(root))} was edited (its files' hashes no longer add up to its integrity)`
			: `${displayPath(join(dir, verdict.file))} is ${verdict.problem} since it was installed`;
	const flag = project ? " --project" : "";
	return {
		name,
		reason: `refused: ${what}; run weft ext verify ${name}${flag} to reinstall it, or weft ext install --force${flag} ${source}`,
	};
}
