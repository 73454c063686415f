/**
 * Whether an extension is written for pi: its entry (or a module it imports
 * by a relative path) names one of pi's packages, or the nearest
 * package.json declares it a pi package (a `"pi"` manifest or the
 * `pi-package` keyword). Read from the source, not from what the module
 * imports at run time: most pi extensions import only types
 * (`import type { ExtensionAPI } …`), which vanish when jiti transpiles them.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, extname, join, resolve } from "node:path";

const PI_SPECIFIER = /(?:from\s*|import\s*\(\s*|require\s*\(\s*|import\s+)["']@mariozechner\/pi-[a-z-]+/;
const RELATIVE_IMPORT = /(?:from\s*|import\s*\(\s*|import\s+)["'](\.{1,2}\/[^"']+)["']/g;
/** Enough for a multi-file extension; a bound so a huge tree is never walked on every load. */
const MAX_FILES = 20;
const EXTENSIONS = [".ts", ".mts", ".js", ".mjs", ".tsx", ".cts", ".cjs"];

export function isPiExtension(entry: string): boolean {
	return declaresPiPackage(entry) || importsPi(entry);
}

function importsPi(entry: string): boolean {
	const seen = new Set<string>();
	const queue = [entry];
	while (queue.length > 0 && seen.size < MAX_FILES) {
		const file = queue.shift() as string;
		if (seen.has(file)) continue;
		seen.add(file);
		let source: string;
		try {
			source = readFileSync(file, "utf8");
		} catch {
			continue;
		}
		if (PI_SPECIFIER.test(source)) return true;
		for (const match of source.matchAll(RELATIVE_IMPORT)) {
			const found = resolveRelative(dirname(file), match[1]);
			if (found) queue.push(found);
		}
	}
	return false;
}

/** `./utils.js` written for a `utils.ts` file, `./dir` for `dir/index.ts`, or the exact file. */
function resolveRelative(from: string, specifier: string): string | undefined {
	const base = resolve(from, specifier);
	const stem = EXTENSIONS.includes(extname(base)) ? base.slice(0, -extname(base).length) : base;
	const candidates = [
		base,
		...EXTENSIONS.map((e) => stem + e),
		...EXTENSIONS.map((e) => join(base, `index${e}`)),
	];
	return candidates.find(isFile);
}

/** The nearest package.json above the entry (stopping at the first one found). */
function declaresPiPackage(entry: string): boolean {
	let dir = dirname(entry);
	for (;;) {
		const file = join(dir, "package.json");
		if (existsSync(file)) {
			try {
				const pkg = JSON.parse(readFileSync(file, "utf8")) as { pi?: unknown; keywords?: unknown };
				return (
					(pkg.pi !== null && typeof pkg.pi === "object") ||
					(Array.isArray(pkg.keywords) && pkg.keywords.includes("pi-package"))
				);
			} catch {
				return false;
			}
		}
		const parent = dirname(dir);
		if (parent === dir) return false;
		dir = parent;
	}
}

function isFile(path: string): boolean {
	try {
		return statSync(path).isFile();
	} catch {
		return false;
	}
}
