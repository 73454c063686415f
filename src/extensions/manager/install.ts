/**
 * Installing one extension: fetch into a staging folder beside the installs
 * (same file system, so the final move is a rename), check that it is an
 * extension and that its name is free, move it into `packages/<name>`, hash
 * its files into the lockfile and name its source in the settings'
 * `"extensions"` list so it loads. Nothing is changed until the fetch and the
 * checks have passed.
 */
import {
	cpSync,
	existsSync,
	mkdirSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	renameSync,
	rmSync,
	statSync,
} from "node:fs";
import { basename, dirname, extname, join, relative } from "node:path";
import { displayPath, installedExtensionsDir } from "../../base/paths.js";
import { piPackageEntries } from "../pi-sources.js";
import { discoverExtensions, inspectExtensionPath } from "../sources.js";
import { manifestPath, readManifest } from "../subprocess/manifest.js";
import { fetchGit } from "./fetch-git.js";
import { fetchNpm } from "./fetch-npm.js";
import { hashTree, treeIntegrity } from "./integrity.js";
import { type LockEntry, lockEntryFor, type Resolved, readLockfile, writeLockfile } from "./lockfile.js";
import type { Scope } from "./scope.js";
import { assertEditable, editList } from "./settings-file.js";
import type { SourceSpec } from "./source-spec.js";
import { recordVerified, statFigures } from "./verify.js";

export class InstallError extends Error {}

export interface InstallOptions {
	/** Reinstall over an install of the same name, whatever its source. */
	force?: boolean;
	allowScripts?: boolean;
	env?: NodeJS.ProcessEnv;
}

export interface Installed {
	name: string;
	entry: LockEntry;
	/** The entry it replaced, when it was installed before. */
	previous?: LockEntry;
}

export async function install(
	spec: SourceSpec,
	scope: Scope,
	options: InstallOptions = {},
): Promise<Installed> {
	const lock = readLockfile(scope.root);
	const already = lockEntryFor(lock, spec.source);
	if (already && !options.force) {
		throw new InstallError(
			`${already[0]} is already installed from ${spec.source} (${describeResolved(already[1].resolved)}); run weft ext update ${already[0]}${scope.project ? " --project" : ""}, or install --force to reinstall it`,
		);
	}
	assertEditable(scope.settingsFile);
	return installFetched(spec.source, (target) => fetchSpec(spec, target, options), scope, options);
}

/** Reinstalls exactly what the lockfile pins (the npm version, the git commit), keeping its settings entry. */
export async function installPinned(
	name: string,
	entry: LockEntry,
	scope: Scope,
	options: InstallOptions = {},
): Promise<Installed> {
	const pinned = entry.resolved;
	return installFetched(
		entry.source,
		async (target) => {
			if (pinned.type === "git") return fetchGit({ ...pinned, ref: pinned.commit }, target);
			if (pinned.type === "path") return fetchPath(pinned.path, target);
			const spec = entry.source.slice("npm:".length);
			const exact = /^(\/|[a-z]+:\/\/)/i.test(spec) ? spec : `${pinned.name}@${pinned.version}`;
			const got = await fetchNpm(exact, target, options);
			if (got.integrity !== pinned.integrity) {
				throw new InstallError(
					`the registry now serves different contents for ${pinned.name}@${pinned.version} (${got.integrity}, locked ${pinned.integrity}); refusing to install them. If that is expected, run weft ext install --force ${entry.source}`,
				);
			}
			return got;
		},
		scope,
		{ ...options, force: true, keepName: name },
	);
}

async function installFetched(
	source: string,
	fetch: (target: string) => Promise<Resolved>,
	scope: Scope,
	options: InstallOptions & { keepName?: string },
): Promise<Installed> {
	const packages = installedExtensionsDir(scope.root);
	mkdirSync(packages, { recursive: true });
	const staging = mkdtempSync(join(packages, ".staging-"));
	try {
		const fetched = join(staging, "fetched");
		const resolved = await fetch(fetched);
		const name = options.keepName ?? extensionName(fetched, resolved, source);
		const final = join(packages, folderFor(name));
		// Checked under its final folder name: discovery names an index.* folder after its folder.
		const checked = join(staging, folderFor(name));
		renameSync(fetched, checked);
		const problems = inspectExtensionPath(checked).filter((s) => s.status === "failed");
		if (problems.length > 0) {
			const reason = problems[0].reason?.split(displayPath(checked)).join(folderFor(name));
			throw new InstallError(`${source} is not a weft extension: ${reason}`);
		}
		const lock = readLockfile(scope.root);
		const previous = lock.extensions[name];
		if (previous && previous.source !== source && !options.force) {
			throw new InstallError(
				`an extension named "${name}" is already installed from ${previous.source}; run weft ext remove ${name}${scope.project ? " --project" : ""} first, or install --force to replace it`,
			);
		}
		if (!previous) assertNameFree(name, scope);
		const replaced = join(staging, "previous");
		if (existsSync(final)) renameSync(final, replaced);
		renameSync(checked, final);
		const files = hashTree(final);
		// Its data (files it wrote after the install, which the lockfile never listed) stays with it.
		if (previous && existsSync(replaced)) keepData(replaced, final, previous.files);
		const entry: LockEntry = {
			source,
			dir: relative(scope.root, final).split("\\").join("/"),
			resolved,
			integrity: treeIntegrity(files),
			files,
			installedAt: new Date().toISOString(),
		};
		// A replaced install may have been listed under another source; that entry goes with it.
		lock.extensions[name] = entry;
		writeLockfile(scope.root, lock);
		recordVerified(scope.root, name, entry.integrity, statFigures(final, files));
		editList(scope.settingsFile, "extensions", (list) => [
			...list.filter((e) => e !== previous?.source && e !== source),
			source,
		]);
		return { name, entry, previous };
	} finally {
		rmSync(staging, { recursive: true, force: true });
	}
}

/** Moves every file under `from` that `installed` does not list, and `to` does not have, into `to`. */
function keepData(from: string, to: string, installed: Record<string, string>): void {
	const walk = (rel: string) => {
		for (const entry of readdirSync(join(from, rel), { withFileTypes: true })) {
			const path = rel ? `${rel}/${entry.name}` : entry.name;
			if (entry.isDirectory() && !entry.isSymbolicLink()) walk(path);
			else if (!(path in installed) && !existsSync(join(to, path))) {
				mkdirSync(dirname(join(to, path)), { recursive: true });
				renameSync(join(from, path), join(to, path));
			}
		}
	};
	walk("");
}

function fetchSpec(spec: SourceSpec, target: string, options: InstallOptions): Promise<Resolved> {
	if (spec.kind === "npm") return fetchNpm(spec.spec, target, options);
	if (spec.kind === "git") return fetchGit(spec, target);
	return Promise.resolve(fetchPath(spec.path, target));
}

/** A folder is copied whole (less .git); a single module file becomes the folder's index file. */
function fetchPath(path: string, target: string): Extract<Resolved, { type: "path" }> {
	let isDir: boolean;
	try {
		isDir = statSync(path).isDirectory();
	} catch {
		throw new InstallError(`not found: ${displayPath(path)}`);
	}
	if (isDir) cpSync(path, target, { recursive: true, filter: (p) => basename(p) !== ".git" });
	else {
		mkdirSync(target, { recursive: true });
		cpSync(path, join(target, `index${extname(path)}`));
	}
	return { type: "path", path };
}

/** The name discovery will give it: the manifest's, the package's (with weft.extensions, or a pi package's), else its source's base name. */
function extensionName(dir: string, resolved: Resolved, source: string): string {
	if (existsSync(manifestPath(dir))) {
		const read = readManifest(dir);
		if (read.ok) return read.manifest.name;
	}
	try {
		const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as {
			name?: unknown;
			weft?: { extensions?: unknown };
			pi?: unknown;
			keywords?: unknown;
		};
		const listed = pkg.weft?.extensions !== undefined || piPackageEntries(dir, pkg) !== undefined;
		if (listed && typeof pkg.name === "string" && pkg.name) return pkg.name;
	} catch {
		// no package.json, or not one that names the extension
	}
	if (resolved.type === "npm") return resolved.name.replace(/^@[^/]+\//, "");
	const base = resolved.type === "git" ? (resolved.subdir ?? resolved.url) : resolved.path;
	const last = basename(base.replace(/\/+$/, "")).replace(/\.git$/, "");
	const name = last.slice(0, last.length - extname(last).length) || last;
	if (!name) throw new InstallError(`cannot tell what to call the extension from ${source}`);
	return name;
}

/** "@scope/name" installs into "@scope+name". */
function folderFor(name: string): string {
	return name.replace(/\//g, "+");
}

/** An extension of this name found anywhere else (an extensions folder, a -e path in settings) would shadow or be shadowed. */
function assertNameFree(name: string, scope: Scope): void {
	const clash = discoverExtensions({ cwd: scope.cwd, home: scope.home, trusted: () => true }).find(
		// A first-party extension is replaced by a namesake of the user's, so it does not count.
		(s) =>
			(s.name === name || s.name.startsWith(`${name}/`)) &&
			s.status !== "failed" &&
			s.origin !== "first-party",
	);
	if (clash) {
		throw new InstallError(
			`an extension named "${name}" already exists (${displayPath(clash.entry ?? clash.source)}, ${clash.origin}); remove or rename it first`,
		);
	}
}

export function describeResolved(resolved: Resolved): string {
	if (resolved.type === "npm") return `${resolved.name}@${resolved.version}`;
	if (resolved.type === "git") return `commit ${resolved.commit.slice(0, 12)}`;
	return `copied from ${displayPath(resolved.path)}`;
}
