/**
 * Imports an extension's module with jiti: TypeScript without a build step,
 * a fresh module instance per import (`moduleCache: false`, so a reload
 * starts from clean module state and two extensions never share one), and
 * "weft" aliased to the running copy (runtime/weft.cjs). jiti is loaded —
 * through Node's own `require`, so bundling weft doesn't break jiti's lazy
 * loading of its transformer — on the first extension import only. An
 * adapter (compat/pi) imports with aliases of its own (a separate jiti
 * instance, so they never apply to other extensions).
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Jiti } from "jiti";

/** Extra module aliases for one kind of extension, under a name that keys its jiti instance. */
export interface ImportFlavour {
	name: string;
	aliases: Record<string, string>;
}

const loaders = new Map<string, Jiti>();

/** The module's default export (or the module itself when it is a CommonJS export). */
export async function importExtension(entry: string, flavour?: ImportFlavour): Promise<unknown> {
	const loader = await getJiti(flavour);
	const mod = await loader.import<Record<string, unknown> | undefined>(entry);
	if (mod !== null && typeof mod === "object" && "default" in mod) return mod.default;
	return mod;
}

async function getJiti(flavour?: ImportFlavour): Promise<Jiti> {
	const key = flavour?.name ?? "weft";
	const existing = loaders.get(key);
	if (existing) return existing;
	const { installRuntime } = await import("./runtime-exports.js");
	installRuntime();
	const requireHere = createRequire(import.meta.url);
	const { createJiti } = requireHere("jiti") as typeof import("jiti");
	const jiti = createJiti(import.meta.url, {
		moduleCache: false,
		fsCache: true,
		interopDefault: true,
		alias: { ...flavour?.aliases, weft: runtimePath("weft.cjs") },
	});
	loaders.set(key, jiti);
	return jiti;
}

/** A file under weft's runtime/ folder (what aliased imports resolve to). */
export function runtimePath(...parts: string[]): string {
	return join(weftRoot(), "runtime", ...parts);
}

let root: string | undefined;

/** weft's package folder: the nearest ancestor of this module whose package.json is named "weft". */
function weftRoot(): string {
	if (root) return root;
	let dir = dirname(fileURLToPath(import.meta.url));
	for (;;) {
		const pkg = join(dir, "package.json");
		if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, "utf8")) as { name?: string }).name === "weft") {
			root = dir;
			return dir;
		}
		const parent = dirname(dir);
		if (parent === dir)
			throw new Error(`cannot find weft's package.json above ${fileURLToPath(import.meta.url)}`);
		dir = parent;
	}
}

/**
 * One line for a load failure, with the extension's file:line when the error
 * carries it (jiti's syntax errors name it in the message; runtime errors in
 * the stack).
 */
export function describeLoadError(error: unknown, entry: string): string {
	if (!(error instanceof Error)) return String(error);
	const message = error.message.replace(/\s*\n\s*/g, " ").trim();
	if (message.includes(entry)) return message;
	const folder = dirname(entry);
	const frame = error.stack
		?.split("\n")
		.map((line) => /\(?((?:file:\/\/)?\/[^():]+):(\d+):(\d+)\)?\s*$/.exec(line))
		.find((m) => m?.[1].replace(/^file:\/\//, "").startsWith(folder));
	return frame ? `${message} (at ${frame[1].replace(/^file:\/\//, "")}:${frame[2]})` : message;
}
