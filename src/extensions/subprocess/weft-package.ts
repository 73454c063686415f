/**
 * The running weft's package folder and version, for `hello_ack` and for
 * pointing children at the SDKs shipped with it. Found by walking up from
 * this module (it may be bundled into a chunk, so no fixed relative path).
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export interface WeftPackage {
	root: string;
	version: string;
}

let found: WeftPackage | undefined;

export function weftPackage(): WeftPackage {
	if (found) return found;
	let dir = dirname(fileURLToPath(import.meta.url));
	for (;;) {
		const file = join(dir, "package.json");
		if (existsSync(file)) {
			const pkg = JSON.parse(readFileSync(file, "utf8")) as { name?: string; version?: string };
			if (pkg.name === "weft") {
				found = { root: dir, version: pkg.version ?? "0.0.0" };
				return found;
			}
		}
		const parent = dirname(dir);
		if (parent === dir) {
			found = { root: dirname(fileURLToPath(import.meta.url)), version: "0.0.0" };
			return found;
		}
		dir = parent;
	}
}
