/**
 * Fetching from npm with the npm CLI itself, so the user's registry,
 * scopes, auth and proxy settings (.npmrc, npm_config_*) apply as they do
 * for npm: `npm pack SPEC` downloads the tarball and reports the exact
 * version and the registry's integrity; the tarball is unpacked with `tar`;
 * the package's own dependencies are installed beside it with
 * `npm install --omit=dev`. Install scripts run only with `--allow-scripts`.
 * Peers weft itself provides (`weft`, pi's packages, TypeBox: what pi
 * packages list as `"*"` peers) are never fetched: the running weft supplies them.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Resolved } from "./lockfile.js";
import { runTool, ToolError } from "./run-tool.js";

export interface NpmFetchOptions {
	allowScripts?: boolean;
	env?: NodeJS.ProcessEnv;
}

interface PackInfo {
	name: string;
	version: string;
	integrity: string;
	filename: string;
}

/** Unpacks `spec` into `target` (created) and installs its dependencies; returns what it resolved to. */
export async function fetchNpm(
	spec: string,
	target: string,
	options: NpmFetchOptions = {},
): Promise<Extract<Resolved, { type: "npm" }>> {
	const work = mkdtempSync(join(tmpdir(), "weft-npm-"));
	try {
		const doing = `fetching npm:${spec}`;
		const out = await runTool(
			"npm",
			["pack", spec, "--json", "--ignore-scripts", "--prefer-online", "--pack-destination", work],
			{
				cwd: work,
				env: options.env,
				doing,
			},
		);
		const info = packInfo(out, doing);
		mkdirSync(target, { recursive: true });
		// npm tarballs hold one top folder ("package/" by convention, not always by that name).
		await runTool("tar", ["-xzf", join(work, info.filename), "-C", target, "--strip-components=1"], {
			doing,
		});
		// Without dependencies there is nothing to install, unless the package's own install scripts may run.
		if (hasDependencies(target) || options.allowScripts) {
			await runTool(
				"npm",
				[
					"install",
					"--omit=dev",
					"--no-package-lock",
					"--no-audit",
					"--no-fund",
					...(options.allowScripts ? [] : ["--ignore-scripts"]),
					// npm would otherwise install peers too: pi itself, or a registry's 404 for it.
					...(peersWeftProvides(target) ? ["--legacy-peer-deps"] : []),
				],
				{
					cwd: target,
					env: options.env,
					doing: `installing the dependencies of ${info.name}@${info.version}`,
				},
			);
		}
		return { type: "npm", name: info.name, version: info.version, integrity: info.integrity };
	} finally {
		rmSync(work, { recursive: true, force: true });
	}
}

/**
 * The version `spec` (a name, range or tag) installs now; undefined for
 * tarballs and paths. Asked of `npm pack --dry-run`, the resolver an install
 * uses (the latest tag when it is in range, else the highest match), so
 * `outdated` never names a version `update` would not install.
 */
export async function latestNpmVersion(spec: string, env?: NodeJS.ProcessEnv): Promise<string | undefined> {
	if (/^(\/|\.{1,2}\/|[a-z]+:\/\/)/i.test(spec) || /\.(tgz|tar\.gz)$/.test(spec)) return undefined;
	const doing = `asking npm about ${spec}`;
	const work = mkdtempSync(join(tmpdir(), "weft-npm-"));
	try {
		const out = await runTool(
			"npm",
			["pack", spec, "--dry-run", "--json", "--ignore-scripts", "--prefer-online"],
			{ cwd: work, env, doing },
		);
		return packInfo(out, doing).version;
	} finally {
		rmSync(work, { recursive: true, force: true });
	}
}

function packInfo(out: string, doing: string): PackInfo {
	let list: unknown;
	try {
		list = JSON.parse(out);
	} catch {
		throw new ToolError(`${doing}: npm pack printed something other than JSON: ${out.slice(0, 200)}`);
	}
	const info = (Array.isArray(list) ? list[0] : undefined) as Partial<PackInfo> | undefined;
	if (!info?.name || !info.version || !info.filename || !info.integrity) {
		throw new ToolError(`${doing}: npm pack did not report the package's name, version and integrity`);
	}
	return info as PackInfo;
}

const PROVIDED = /^(weft|typebox|@sinclair\/typebox|@mariozechner\/pi-[a-z-]+)$/;

function peersWeftProvides(dir: string): boolean {
	try {
		const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { peerDependencies?: object };
		return Object.keys(pkg.peerDependencies ?? {}).some((name) => PROVIDED.test(name));
	} catch {
		return false;
	}
}

function hasDependencies(dir: string): boolean {
	try {
		const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { dependencies?: object };
		return !!pkg.dependencies && Object.keys(pkg.dependencies).length > 0;
	} catch {
		return false;
	}
}
