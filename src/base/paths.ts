/**
 * Where weft keeps its files: the global home (`~/.weft`, or `WEFT_HOME`) and
 * the per-project `.weft` folder. Every other module asks here instead of
 * joining paths itself, so the layout lives in one place.
 */
import { homedir } from "node:os";
import { join, resolve, sep } from "node:path";

/** The global home: `$WEFT_HOME` when set (a leading `~` expands), else `~/.weft`. */
export function weftHome(env: NodeJS.ProcessEnv = process.env): string {
	const override = env.WEFT_HOME?.trim();
	if (override) return resolve(expandTilde(override));
	return join(homedir(), ".weft");
}

/** The project folder: `<cwd>/.weft`. */
export function projectDir(cwd: string): string {
	return join(cwd, ".weft");
}

export function globalSettingsPath(home: string): string {
	return join(home, "settings.json");
}

export function projectSettingsPath(cwd: string): string {
	return join(projectDir(cwd), "settings.json");
}

/** API keys stored by `/login`; kept at mode 0600. */
export function authPath(home: string): string {
	return join(home, "auth.json");
}

export function sessionsDir(home: string): string {
	return join(home, "sessions");
}

export function logsDir(home: string): string {
	return join(home, "logs");
}

/** The folders weft trusts (`weft trust`); kept at mode 0600. */
export function trustFile(home: string): string {
	return join(home, "trust.json");
}

/** Where subprocess extensions kept their files before `data_dir` became their own folder (moved from here when they start). */
export function extensionDataDir(home: string): string {
	return join(home, "extension-data");
}

/** JSON themes the `theme` setting can name. */
export function themesDir(home: string): string {
	return join(home, "themes");
}

/** The composer's prompt history (Up/Down); kept at mode 0600. */
export function historyPath(home: string): string {
	return join(home, "history.jsonl");
}

export function keybindingsPath(home: string): string {
	return join(home, "keybindings.json");
}

export function globalExtensionsDir(home: string): string {
	return join(home, "extensions");
}

export function projectExtensionsDir(cwd: string): string {
	return join(projectDir(cwd), "extensions");
}

/** Where `weft ext install` puts extensions, one folder each; `root` is the home or a project's .weft folder. */
export function installedExtensionsDir(root: string): string {
	return join(root, "packages");
}

/** What `weft ext install` installed under `root`: sources, what they resolved to, integrity hashes. */
export function extensionsLockPath(root: string): string {
	return join(root, "extensions-lock.json");
}

/** A path as users should read it in messages: the home directory shown as `~`. */
export function displayPath(file: string, home: string = homedir()): string {
	if (home && (file === home || file.startsWith(home + sep))) return "~" + file.slice(home.length);
	return file;
}

function expandTilde(path: string): string {
	if (path === "~") return homedir();
	if (path.startsWith("~/") || path.startsWith(`~${sep}`)) return join(homedir(), path.slice(2));
	return path;
}
