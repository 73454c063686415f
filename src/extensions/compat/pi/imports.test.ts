/**
 * The pi adapter is a bundle entry of its own: a value import of a module
 * the rest of weft bundles would split that module into a chunk of its own
 * and make `weft -p` load more files (pi-adapter.ts). Its files import
 * values only from each other, Node built-ins, and `runtime-exports.js`
 * dynamically (already an entry); types may come from anywhere.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const DIR = dirname(fileURLToPath(import.meta.url));

describe("the pi adapter's imports", () => {
	it("bring in no value from outside compat/pi except Node built-ins", () => {
		const outside: string[] = [];
		for (const file of readdirSync(DIR).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))) {
			const source = readFileSync(join(DIR, file), "utf8");
			for (const match of source.matchAll(/^import\s+(?!type\b)[^;]*?from\s+"([^"]+)";/gms)) {
				const specifier = match[1];
				if (specifier.startsWith("./") || specifier.startsWith("node:")) continue;
				outside.push(`${file}: ${specifier}`);
			}
		}
		expect(outside).toEqual([]);
	});
});
