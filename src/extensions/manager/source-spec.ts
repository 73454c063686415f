/**
 * What `weft ext install SOURCE` may name, parsed: a path, `npm:SPEC` (any
 * spec npm accepts), `git:URL[@REF][//SUBDIR]` or
 * `github:OWNER/REPO[@REF][//SUBDIR]`. `source` is the normalised text that
 * settings' `"extensions"` list and the lockfile record (relative paths made
 * absolute, so the entry means the same from any folder).
 */
import { isAbsolute, resolve } from "node:path";

export type SourceSpec =
	| { kind: "path"; source: string; path: string }
	| { kind: "npm"; source: string; spec: string }
	| { kind: "git"; source: string; url: string; ref?: string; subdir?: string };

export class SourceError extends Error {}

export function parseSource(text: string, cwd: string): SourceSpec {
	const input = text.trim();
	if (input === "") throw new SourceError("no source given (a path, npm:SPEC, git:URL or github:OWNER/REPO)");
	const scheme = /^([a-z][a-z0-9+.-]+):/i.exec(input)?.[1]?.toLowerCase();
	if (scheme === undefined || scheme === "path") {
		const path = resolve(cwd, scheme === "path" ? input.slice("path:".length) : input);
		return { kind: "path", source: `path:${path}`, path };
	}
	const rest = input.slice(scheme.length + 1);
	if (scheme === "npm") {
		if (rest === "") throw new SourceError("npm: needs a package spec, e.g. npm:weft-guard@^1");
		// A local tarball or folder: absolute, so `weft ext sync` finds it from anywhere.
		const local = /^(\.{1,2}\/|\/|~\/)/.test(rest) || /\.(tgz|tar\.gz)$/.test(rest);
		const spec = local && !/^[a-z]+:\/\//i.test(rest) && !isAbsolute(rest) ? resolve(cwd, rest) : rest;
		return { kind: "npm", source: `npm:${spec}`, spec };
	}
	if (scheme === "git") {
		const { url, ref, subdir } = splitGit(rest);
		if (url === "") throw new SourceError(`git: needs a repository URL, e.g. git:https://host/repo.git@v1`);
		const localUrl = /^(\.{1,2}\/|\/)/.test(url) ? resolve(cwd, url) : url;
		return { kind: "git", source: `git:${join3(localUrl, ref, subdir)}`, url: localUrl, ref, subdir };
	}
	if (scheme === "github") {
		const { url: repo, ref, subdir } = splitGit(rest);
		if (!/^[\w.-]+\/[\w.-]+$/.test(repo)) {
			throw new SourceError(`github: needs OWNER/REPO (got "${repo}"), e.g. github:owner/repo@v1//subdir`);
		}
		const url = `https://github.com/${repo.replace(/\.git$/, "")}.git`;
		return { kind: "git", source: `github:${join3(repo, ref, subdir)}`, url, ref, subdir };
	}
	throw new SourceError(
		`unknown source "${scheme}:" in ${input}; use a path, npm:SPEC, git:URL[@REF][//SUBDIR] or github:OWNER/REPO[@REF][//SUBDIR]`,
	);
}

/**
 * `URL[@REF][//SUBDIR]`: the subfolder follows the first "//" after the URL's
 * own "://"; the ref follows the last "@" after the last "/" (so `git@host:`
 * and `user@host` in the URL are not refs).
 */
function splitGit(text: string): { url: string; ref?: string; subdir?: string } {
	const schemeEnd = text.indexOf("://");
	const from = schemeEnd >= 0 ? schemeEnd + 3 : 0;
	const slashes = text.indexOf("//", from);
	let url = slashes >= 0 ? text.slice(0, slashes) : text;
	const subdir = slashes >= 0 ? text.slice(slashes + 2).replace(/^\/+|\/+$/g, "") || undefined : undefined;
	if (subdir?.split("/").includes(".."))
		throw new SourceError(`the subfolder "${subdir}" may not contain ".."`);
	const at = url.lastIndexOf("@");
	let ref: string | undefined;
	if (at > url.lastIndexOf("/") && at > url.lastIndexOf(":")) {
		ref = url.slice(at + 1) || undefined;
		url = url.slice(0, at);
	}
	return { url, ref, subdir };
}

function join3(url: string, ref: string | undefined, subdir: string | undefined): string {
	return `${url}${ref ? `@${ref}` : ""}${subdir ? `//${subdir}` : ""}`;
}
