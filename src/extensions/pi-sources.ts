/**
 * Where discovery finds pi's extensions: the entries of a pi package's
 * `package.json` (a `"pi": { "extensions": [...] }` manifest, or the
 * `pi-package` keyword with pi's conventional `extensions/` folder), and,
 * when settings `"piExtensions"` asks for them, the folders a pi user keeps
 * extensions in (`~/.pi/agent/extensions/`, or `$PI_CODING_AGENT_DIR/extensions/`,
 * and the project's `.pi/extensions/`). What they are loaded as is decided
 * later, by the pi adapter's detection; this only says which files exist.
 */
import { readdirSync } from "node:fs";
import { homedir } from "node:os";
import { extname, join, resolve } from "node:path";
import { displayPath } from "../base/paths.js";
import { isFile, isFolder } from "../base/read-text.js";

/** A package's extension entries (relative to the package), or why they cannot be read. */
export type PackageEntries = { key: string; entries: string[] } | { key: string; error: string };

const ENTRY_FILES = [".ts", ".js", ".mjs"];
const GLOB = /[*?[\]{}!]/;

/** pi's manifest (or its convention folder for a package tagged `pi-package`); undefined: not a pi package. */
export function piPackageEntries(
	dir: string,
	pkg: { pi?: unknown; keywords?: unknown },
): PackageEntries | undefined {
	const key = "pi.extensions";
	const manifest =
		pkg.pi !== null && typeof pkg.pi === "object" ? (pkg.pi as { extensions?: unknown }) : undefined;
	const tagged = Array.isArray(pkg.keywords) && pkg.keywords.includes("pi-package");
	if (!manifest && !tagged) return undefined;
	const listed = manifest?.extensions;
	if (listed === undefined) {
		// pi's convention, for a package without a manifest: an extensions/ folder.
		if (manifest || !isFolder(join(dir, "extensions"))) return undefined;
		return expand(dir, ["extensions"], key);
	}
	if (
		!Array.isArray(listed) ||
		listed.length === 0 ||
		!listed.every((e) => typeof e === "string" && e !== "")
	) {
		return {
			key,
			error: `${displayPath(join(dir, "package.json"))}: "${key}" must be a non-empty array of relative paths`,
		};
	}
	const globbed = listed.find((e) => GLOB.test(e));
	if (globbed) {
		return {
			key,
			error: `${displayPath(join(dir, "package.json"))}: "${key}" has the pattern "${globbed}"; weft does not expand pi's globs and exclusions, so list the files or folders themselves`,
		};
	}
	return expand(dir, listed, key);
}

/**
 * A folder entry stands for its extensions, as in pi: its module files and
 * its subfolders with an index file, sorted by name. A missing entry is kept,
 * so discovery reports it.
 */
function expand(dir: string, listed: string[], key: string): PackageEntries {
	const entries: string[] = [];
	for (const rel of listed) {
		const path = resolve(dir, rel);
		if (!isFolder(path)) {
			entries.push(rel);
			continue;
		}
		const found = readdirSync(path)
			.sort()
			.filter((name) => !name.startsWith(".") && name !== "node_modules")
			.flatMap((name) => {
				const child = join(path, name);
				if (isFolder(child)) {
					const index = ENTRY_FILES.map((e) => join(child, `index${e}`)).find(isFile);
					return index ? [index] : [];
				}
				return ENTRY_FILES.includes(extname(name)) && !name.endsWith(".d.ts") ? [child] : [];
			});
		if (found.length === 0) {
			return { key, error: `${displayPath(path)} (named in "${key}") holds no .ts, .js or .mjs extension` };
		}
		entries.push(...found);
	}
	return { key, entries };
}

export interface PiFolder {
	dir: string;
	/** The project's own folder, or any folder a project settings file asked for: loads only when trusted. */
	project: boolean;
}

/**
 * The pi folders a settings file's `"piExtensions"` asks for: `true` both,
 * `{ "global": true, "project": true }` each. Asked for by a project file,
 * even pi's global folder counts as the project's (trusted folders only).
 */
export function piFolders(
	value: unknown,
	cwd: string,
	fromProject: boolean,
	env: NodeJS.ProcessEnv = process.env,
): PiFolder[] {
	const wants =
		value === true
			? { global: true, project: true }
			: value !== null && typeof value === "object"
				? (value as { global?: unknown; project?: unknown })
				: {};
	const out: PiFolder[] = [];
	if (wants.global === true) out.push({ dir: join(piAgentDir(env), "extensions"), project: fromProject });
	if (wants.project === true) out.push({ dir: join(cwd, ".pi", "extensions"), project: true });
	return out;
}

/**
 * pi's global themes folder when `"piExtensions"` asks for pi's global
 * folder. Themes are colours, not code, so no folder needs trusting for them.
 */
export function piThemeFolders(value: unknown, env: NodeJS.ProcessEnv = process.env): string[] {
	const global =
		value === true ||
		(value !== null && typeof value === "object" && (value as { global?: unknown }).global === true);
	return global ? [join(piAgentDir(env), "themes")] : [];
}

/** pi's own rule: `PI_CODING_AGENT_DIR`, else `~/.pi/agent`. */
export function piAgentDir(env: NodeJS.ProcessEnv = process.env): string {
	const set = env.PI_CODING_AGENT_DIR;
	if (set === "~" || set?.startsWith("~/")) return join(homedir(), set.slice(1));
	return set || join(homedir(), ".pi", "agent");
}
