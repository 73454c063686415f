/**
 * Discovery: which extensions exist, in the deterministic load order that
 * also decides dispatch order among equal priorities —
 *   1. `-e/--ext PATH`, in the order given;
 *   2. settings `"extensions"` entries: the global file's, then the project file's;
 *   3. `<cwd>/.weft/extensions/`, sorted by name;
 *   4. `<home>/extensions/`, sorted by name;
 *   4b. pi's extension folders, when settings `"piExtensions"` asks for them (pi-sources.ts);
 *   5. first-party extensions shipped with weft (`first-party/catalog.ts`), each only
 *      where it has something to do (skills: a skills folder exists).
 * Names are unique: a `-e` extension wins over any other copy of its name,
 * otherwise the first in load order wins. Nothing is imported here; this only
 * reads folders and settings files, so it is cheap enough to run on every
 * start-up to decide whether the extension host is needed at all.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { basename, dirname, extname, join, resolve } from "node:path";
import type { Settings } from "../ai/settings.js";
import { type SettingsFileText, settingsFilesFor } from "../ai/settings-files.js";
import { errorMessage } from "../base/error-message.js";
import { parseJsonc } from "../base/jsonc.js";
import { displayPath, globalExtensionsDir, projectExtensionsDir } from "../base/paths.js";
import { isNotFound, readTextIfExists } from "../base/read-text.js";
import { BUILTIN_OWNER } from "../kernel/owner.js";
import { stringList } from "./extension-settings.js";
import { FIRST_PARTY } from "./first-party/catalog.js";
import type { ExtensionHostOptions } from "./host-options.js";
import { installedExtension } from "./manager/installed.js";
import { piFolders, piPackageEntries } from "./pi-sources.js";
import { manifestPath, readManifest } from "./subprocess/manifest.js";

/** Where an extension was found. */
export type ExtensionOrigin = "cli" | "settings" | "project" | "global" | "first-party";

export type SourceStatus = "pending" | "failed" | "disabled" | "untrusted" | "shadowed";

export interface ExtensionSource {
	name: string;
	/** What the user pointed at (a file or folder, or the settings entry as written). */
	source: string;
	/** The module to import (for a subprocess extension: its extension.json); set for loadable sources. */
	entry?: string;
	/** A subprocess extension (a folder with extension.json) rather than a module. */
	kind?: "subprocess";
	origin: ExtensionOrigin;
	/** From the project (its `.weft/extensions/` or its settings file): loads only in a trusted folder. */
	project: boolean;
	/** "pending" means loadable; anything else comes with a reason. */
	status: SourceStatus;
	reason?: string;
}

export interface DiscoverOptions {
	cwd: string;
	home: string;
	/** `-e/--ext` paths, resolved against `cwd`. */
	cliPaths?: readonly string[];
	/** `--no-extensions`: only `-e` paths are used. */
	noExtensions?: boolean;
	/** Whether project extensions may load (the folder is trusted, or `--trust`); asked only when there are some. */
	trusted: () => boolean;
	/** Names from settings `disabledExtensions` (a `-e` path is loaded regardless). */
	disabled?: readonly string[];
	/** The user's home directory, where first-party extensions find `~/.claude/…` (default `os.homedir()`). */
	userHome?: string;
	/** The settings loaded for this start-up: their files' texts are looked into, not read again (ai/settings-files.ts). */
	settings?: Settings;
}

const MODULE_EXTENSIONS = [".ts", ".js", ".mjs"];
/** Settings entry schemes that name something `weft ext install` fetches. */
const INSTALLABLE = ["npm", "git", "github"];
const INDEX_FILES = MODULE_EXTENSIONS.map((ext) => `index${ext}`);

/** Every extension source in load order, each with the status discovery could decide. */
export function discoverExtensions(options: DiscoverOptions): ExtensionSource[] {
	const found: ExtensionSource[] = [];
	for (const path of options.cliPaths ?? []) {
		found.push(...fromPath(resolve(options.cwd, path), path, "cli", false, true));
	}
	if (!options.noExtensions) {
		const texts = settingsFilesFor(options.home, options.cwd, options.settings);
		const files = settingsObjects(texts);
		for (const { file, project, value } of files) {
			for (const entry of settingsEntries(value)) found.push(...fromSettingsEntry(entry, file, project));
		}
		found.push(...fromFolder(projectExtensionsDir(options.cwd), "project", true));
		found.push(...fromFolder(globalExtensionsDir(options.home), "global", false));
		found.push(...fromPiFolders(files, options.cwd));
		found.push(...firstParty(options, texts));
	}
	const trusted = found.some((s) => s.project) && options.trusted();
	for (const source of found) {
		if (source.project && !trusted) {
			source.status = "untrusted";
			source.reason = "this folder is not trusted (weft trust, or --trust for one run)";
		} else if (source.status === "pending" && source.name === BUILTIN_OWNER) {
			fail(source, `the name "${BUILTIN_OWNER}" is reserved for weft itself; rename the extension`);
		} else if (
			source.status === "pending" &&
			source.origin !== "cli" &&
			options.disabled?.includes(source.name)
		) {
			source.status = "disabled";
			source.reason = "listed in settings disabledExtensions";
		}
	}
	applyShadowing(found);
	return found;
}

/** Last in load order, so an extension of the user's with the same name replaces one. */
function firstParty(options: DiscoverOptions, settingsFiles: readonly SettingsFileText[]): ExtensionSource[] {
	const places = {
		cwd: options.cwd,
		home: options.home,
		userHome: options.userHome ?? homedir(),
		settingsFiles,
	};
	return FIRST_PARTY.filter((entry) => entry.applies(places)).map((entry) => ({
		name: entry.name,
		source: "(first-party)",
		origin: "first-party",
		project: false,
		status: "pending",
	}));
}

/** A `-e` source claims its name first; then the first loadable source of each name wins. */
function applyShadowing(sources: ExtensionSource[]): void {
	const winners = new Map<string, ExtensionSource>();
	const loadable = sources.filter((s) => s.status === "pending");
	for (const source of [
		...loadable.filter((s) => s.origin === "cli"),
		...loadable.filter((s) => s.origin !== "cli"),
	]) {
		const winner = winners.get(source.name);
		if (!winner) {
			winners.set(source.name, source);
			continue;
		}
		source.status = "shadowed";
		source.reason = `shadowed by ${displayPath(winner.entry ?? winner.source)} (${winner.origin})`;
	}
}

interface SettingsObject {
	file: string;
	project: boolean;
	/** The file's top-level keys; empty for a missing or empty file. */
	value: Record<string, unknown>;
}

/** Each settings file parsed once (a broken file throws, as settings loading reported it first). */
function settingsObjects(texts: readonly SettingsFileText[]): SettingsObject[] {
	return texts.map(({ file, project, text }) => {
		const value = text === undefined || text.trim() === "" ? undefined : parseJsonc(text, file);
		const object = value !== null && typeof value === "object" ? (value as Record<string, unknown>) : {};
		return { file, project, value: object };
	});
}

/** The `"extensions"` array of one settings file. */
function settingsEntries(value: Record<string, unknown>): string[] {
	const list = value.extensions;
	return Array.isArray(list) ? list.filter((e): e is string => typeof e === "string" && e.trim() !== "") : [];
}

/** Each pi folder once; one a project file asked for loads only in a trusted folder. */
function fromPiFolders(files: readonly SettingsObject[], cwd: string): ExtensionSource[] {
	const folders = new Map<string, boolean>();
	for (const { project, value } of files) {
		for (const folder of piFolders(value.piExtensions, cwd, project)) {
			folders.set(folder.dir, (folders.get(folder.dir) ?? true) && folder.project);
		}
	}
	return [...folders].flatMap(([dir, project]) => fromFolder(dir, project ? "project" : "global", project));
}

function fromSettingsEntry(entry: string, file: string, project: boolean): ExtensionSource[] {
	const scheme = /^([a-z][a-z0-9+.-]+):/i.exec(entry)?.[1];
	const origin: ExtensionOrigin = "settings";
	// Installed by `weft ext install`: the settings file's folder holds its lockfile and the install.
	const installed = installedExtension(dirname(file), entry, project);
	if (installed && "reason" in installed) {
		return [
			{ name: installed.name, source: entry, origin, project, status: "failed", reason: installed.reason },
		];
	}
	if (installed) return fromPath(installed.dir, entry, origin, project, true);
	if (scheme === undefined || scheme === "path") {
		const path = scheme === "path" ? entry.slice("path:".length) : entry;
		return fromPath(resolve(dirname(file), expandHome(path)), entry, origin, project, true);
	}
	return [
		{
			name: entry,
			source: entry,
			origin,
			project,
			status: "failed",
			reason: INSTALLABLE.includes(scheme)
				? `not installed (listed in ${displayPath(file)}); run: weft ext sync${project ? " --project" : ""}`
				: `unknown source "${scheme}:" in ${displayPath(file)}; use path:, npm:, git: or github:`,
		},
	];
}

/** Every entry of an extensions folder, sorted by name; files that are not extensions are skipped. */
function fromFolder(dir: string, origin: ExtensionOrigin, project: boolean): ExtensionSource[] {
	let names: string[];
	try {
		names = readdirSync(dir);
	} catch (error) {
		if (isNotFound(error)) return [];
		// A folder weft may not list must not look like one without extensions.
		const reason = `cannot list ${displayPath(dir)} (${errorMessage(error)}); fix its permissions`;
		return [{ name: stem(dir), source: dir, origin, project, status: "failed", reason }];
	}
	const out: ExtensionSource[] = [];
	for (const name of names.sort()) {
		if (name.startsWith(".") || name === "node_modules") continue;
		out.push(...fromPath(join(dir, name), join(dir, name), origin, project, false));
	}
	return out;
}

/**
 * One path: a module file, a folder with an index file, a package with
 * `weft.extensions`, or a subprocess extension folder. `explicit` paths that
 * are none of these are reported; stray files in an extensions folder are not.
 */
function fromPath(
	path: string,
	source: string,
	origin: ExtensionOrigin,
	project: boolean,
	explicit: boolean,
): ExtensionSource[] {
	const base = { source, origin, project, status: "pending" as SourceStatus };
	let isDir: boolean;
	try {
		isDir = statSync(path).isDirectory();
	} catch (error) {
		const reason = isNotFound(error)
			? `not found: ${displayPath(path)}`
			: `cannot read ${displayPath(path)} (${errorMessage(error)})`;
		return [{ ...base, name: stem(path), status: "failed", reason }];
	}
	if (!isDir) {
		if (isModuleFile(path)) return [{ ...base, name: stem(path), entry: path }];
		if (!explicit) return [];
		return [
			{
				...base,
				name: stem(path),
				status: "failed",
				reason: `${displayPath(path)} is not an extension file (expected .ts, .js or .mjs)`,
			},
		];
	}
	const folderName = basename(path);
	if (existsSync(manifestPath(path))) return [fromManifest(path, base)];
	const pkg = readPackage(path);
	if (pkg.error) return [{ ...base, name: folderName, status: "failed", reason: pkg.error }];
	if (pkg.entries) {
		const name = pkg.name ?? folderName;
		return pkg.entries.map((rel) => {
			const entry = resolve(path, rel);
			const entryName = pkg.entries!.length === 1 ? name : `${name}/${stem(entry)}`;
			if (!existsSync(entry)) {
				return {
					...base,
					name: entryName,
					status: "failed" as const,
					reason: `${displayPath(join(path, "package.json"))} lists "${rel}" in ${pkg.key}, but it does not exist`,
				};
			}
			return { ...base, name: entryName, entry };
		});
	}
	const index = INDEX_FILES.map((f) => join(path, f)).find((f) => existsSync(f));
	if (index) return [{ ...base, name: folderName, entry: index }];
	return [
		{
			...base,
			name: folderName,
			status: "failed",
			reason: `${displayPath(path)} has no index.ts, index.js or index.mjs, and no package.json with "weft": { "extensions": [...] }`,
		},
	];
}

/** A subprocess extension: named by its manifest, which may also switch it off. */
function fromManifest(
	folder: string,
	base: Pick<ExtensionSource, "source" | "origin" | "project" | "status">,
): ExtensionSource {
	const read = readManifest(folder);
	if (!read.ok)
		return { ...base, kind: "subprocess", name: basename(folder), status: "failed", reason: read.reason };
	const { name, file, enabled } = read.manifest;
	if (!enabled) {
		return {
			...base,
			kind: "subprocess",
			name,
			entry: file,
			status: "disabled",
			reason: `"enabled": false in ${displayPath(file)}`,
		};
	}
	return { ...base, kind: "subprocess", name, entry: file };
}

function readPackage(dir: string): { name?: string; entries?: string[]; key?: string; error?: string } {
	const file = join(dir, "package.json");
	let text: string | undefined;
	try {
		text = readTextIfExists(file);
	} catch (error) {
		return { error: `${displayPath(file)} cannot be read (${errorMessage(error)})` };
	}
	if (text === undefined) return {};
	let pkg: { name?: unknown; weft?: { extensions?: unknown }; pi?: unknown; keywords?: unknown };
	try {
		pkg = JSON.parse(text);
	} catch (error) {
		return { error: `${displayPath(file)} is not valid JSON: ${(error as Error).message}` };
	}
	const list = pkg?.weft?.extensions;
	const name = typeof pkg?.name === "string" && pkg.name ? pkg.name : undefined;
	if (list === undefined) {
		const pi = pkg && typeof pkg === "object" ? piPackageEntries(dir, pkg) : undefined;
		return pi ? { name, ...pi } : {};
	}
	if (!Array.isArray(list) || list.length === 0 || !list.every((e) => typeof e === "string" && e !== "")) {
		return {
			error: `${displayPath(file)}: "weft.extensions" must be a non-empty array of relative entry paths`,
		};
	}
	return { name, entries: list, key: "weft.extensions" };
}

function isModuleFile(path: string): boolean {
	return MODULE_EXTENSIONS.includes(extname(path)) && !path.endsWith(".d.ts");
}

/** File name without its extension; the folder name for folders and for `index.*` entry files. */
function stem(path: string): string {
	const name = basename(path);
	const ext = extname(name);
	const base = ext ? name.slice(0, -ext.length) : name;
	return base === "index" && ext ? basename(dirname(path)) : base;
}

function expandHome(path: string): string {
	if (path === "~" || path.startsWith("~/")) return join(homedir(), path.slice(1));
	return path;
}

function fail(source: ExtensionSource, reason: string): void {
	source.status = "failed";
	source.reason = reason;
}

/** What discovery makes of a file or folder named explicitly; `weft ext install` checks what it fetched with it. */
export function inspectExtensionPath(path: string): ExtensionSource[] {
	return fromPath(path, path, "settings", false, true);
}

/** Where to look and what to load: everything of ExtensionHostOptions but the kernel, UI and mode. */
export type ExtensionSources = Omit<ExtensionHostOptions, "kernel" | "ui" | "mode">;

/**
 * Whether any extension could load (inline ones, or any source on disk,
 * trusted or not): the cheap check every start-up makes before importing
 * the host (start-host.ts). Here rather than there so a run without
 * extensions loads no module for it (docs/architecture.md, Start-up).
 */
export function hasExtensionSources(sources: ExtensionSources): boolean {
	if ((sources.inline?.length ?? 0) > 0) return true;
	const found = discoverExtensions({
		cwd: sources.cwd,
		home: sources.home,
		cliPaths: sources.cliPaths,
		noExtensions: sources.noExtensions,
		// Only whether anything exists matters here; the host decides trust.
		trusted: () => true,
		disabled: stringList(sources.settings.disabledExtensions),
		settings: sources.settings,
	});
	// A disabled first-party extension is no reason to load the host; a user's disabled one is listed by `weft ext list`.
	return found.some((s) => s.origin !== "first-party" || s.status !== "disabled");
}
