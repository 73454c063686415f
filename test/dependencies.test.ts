/**
 * Every runtime dependency in package.json is imported somewhere in what
 * weft ships or builds (src/, runtime/, sdk/, bin/, scripts/; tests do not
 * count). A dependency nothing imports is only install time and attack
 * surface for every user: remove it, or move it to devDependencies.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const SHIPPED = ["src", "runtime", "sdk", "bin", "scripts"];
const SOURCE = /\.(?:[cm]?[jt]s|tsx)$/;

/** The package a bare specifier names (`@scope/name/sub` → `@scope/name`); undefined for relative paths and Node built-ins. */
function packageOf(specifier: string): string | undefined {
	if (specifier.startsWith(".") || specifier.startsWith("/") || specifier.startsWith("node:"))
		return undefined;
	const parts = specifier.split("/");
	return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

/** Every package a file's source imports, re-exports, requires or loads with import(), type-only imports included. */
function packagesImportedBy(source: string): string[] {
	const info = ts.preProcessFile(source, true, true);
	return info.importedFiles.map((f) => packageOf(f.fileName)).filter((p): p is string => p !== undefined);
}

function shippedFiles(): string[] {
	return SHIPPED.map((dir) => join(ROOT, dir))
		.filter((dir) => existsSync(dir))
		.flatMap((dir) =>
			readdirSync(dir, { recursive: true, encoding: "utf8" })
				.filter((f) => SOURCE.test(f) && !/\.test\.[cm]?[jt]s$/.test(f) && !f.endsWith(".d.ts"))
				.map((f) => join(dir, f)),
		);
}

describe("runtime dependencies", () => {
	it("reads package names from import, export-from, require and import() specifiers", () => {
		const source = [
			'import { a } from "@ai-sdk/openai/internal";',
			'import type { B } from "typebox";',
			'export { c } from "marked";',
			'const d = await import("diff");',
			'const e = require("jiti");',
			'import { f } from "node:fs";',
			'import { g } from "./local.js";',
			'// import "commented-out";',
		].join("\n");
		expect(packagesImportedBy(source)).toEqual(["@ai-sdk/openai", "typebox", "marked", "diff", "jiti"]);
	});

	it("are each imported by a file weft ships or builds", () => {
		const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
			dependencies?: Record<string, string>;
		};
		const imported = new Set(
			shippedFiles().flatMap((file) => packagesImportedBy(readFileSync(file, "utf8"))),
		);
		const unused = Object.keys(pkg.dependencies ?? {}).filter((name) => !imported.has(name));
		expect(unused, `in package.json "dependencies" but imported nowhere: ${unused.join(", ")}`).toEqual([]);
	});
});
