/**
 * Integrity hashes of installed extensions: an SRI sha512 of each file, and
 * one over the whole install (the sorted relative paths, each with its
 * file's hash), so the lockfile pins every byte and a mismatch can name the
 * file. A symbolic link (npm's node_modules/.bin) is hashed as its target
 * path, never followed.
 */
import { createHash } from "node:crypto";
import { lstatSync, readdirSync, readFileSync, readlinkSync } from "node:fs";
import { join } from "node:path";

/** SRI sha512 of one file (a link: of its target path). */
export function fileIntegrity(path: string): string {
	const stat = lstatSync(path);
	const data = stat.isSymbolicLink() ? Buffer.from(`symlink:${readlinkSync(path)}`) : readFileSync(path);
	return `sha512-${createHash("sha512").update(data).digest("base64")}`;
}

/** SRI sha512 over a file list: each sorted path, a NUL, its hash, a newline. */
export function treeIntegrity(files: Record<string, string>): string {
	const hash = createHash("sha512");
	for (const path of Object.keys(files).sort()) hash.update(`${path}\0${files[path]}\n`);
	return `sha512-${hash.digest("base64")}`;
}

/** Every file under `dir` ("/"-separated, sorted) with its hash; a .git folder is not part of an install. */
export function hashTree(dir: string): Record<string, string> {
	const files: Record<string, string> = {};
	const walk = (rel: string) => {
		for (const entry of readdirSync(join(dir, rel), { withFileTypes: true })) {
			const path = rel ? `${rel}/${entry.name}` : entry.name;
			if (entry.isDirectory()) {
				if (entry.name !== ".git") walk(path);
			} else files[path] = fileIntegrity(join(dir, path));
		}
	};
	walk("");
	return Object.fromEntries(
		Object.keys(files)
			.sort()
			.map((path) => [path, files[path]]),
	);
}
