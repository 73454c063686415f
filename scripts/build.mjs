// Builds weft: an esbuild bundle with code splitting (lazy imports stay lazy,
// start-up reads few files), then TypeScript declarations for the SDK entries.
// `--js-only` skips declarations (used before tests). `--metafile` also
// writes dist/metafile.json, esbuild's account of which module went into
// which chunk (to see what a change does to the chunks `-p` loads).
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve, sep } from "node:path";
import { build } from "esbuild";

// CommonJS dependencies inside an ESM bundle need a real `require` for Node built-ins.
const REQUIRE_BANNER =
	'import { createRequire as __weftCreateRequire } from "node:module"; const require = __weftCreateRequire(import.meta.url);';

const jsOnly = process.argv.includes("--js-only");
const withMetafile = process.argv.includes("--metafile");
rmSync("dist", { recursive: true, force: true });

const options = {
	outbase: "src",
	outdir: "dist",
	bundle: true,
	splitting: true,
	format: "esm",
	platform: "node",
	target: "node20.19",
	sourcemap: "linked",
	chunkNames: "chunks/[name]-[hash]",
	// ripgrep locates its binary with require.resolve relative to its own package.
	external: ["@vscode/ripgrep"],
	banner: { js: REQUIRE_BANNER },
	logLevel: "warning",
	metafile: withMetafile,
	plugins: [
		{
			// Keep the AI SDK's zod dependency to what weft uses; see the stub files for why.
			name: "zod-trim",
			setup(b) {
				b.onResolve({ filter: /^zod\/v3$/ }, () => ({ path: resolve("scripts/zod-v3-stub.mjs") }));
				b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
					args.importer.includes(`${sep}zod${sep}v4${sep}`)
						? { path: resolve("scripts/zod-locales-stub.mjs") }
						: undefined,
				);
			},
		},
	],
};

// weft itself, and what runs in its process: the SDK and the test helpers.
const main = await build({
	...options,
	entryPoints: ["src/index.ts", "src/cli/main.ts", "src/testing/index.ts"],
});
// What never runs in weft's process: the mock LLM server (a program), the
// subprocess extensions' SDK (in each extension's process) and the RPC client
// (in the program driving weft). Bundled apart because each small module
// they share with the CLI (framing, error text) would otherwise be a chunk of
// its own that `-p` loads, one more import to resolve each
// (docs/architecture.md, Start-up). Their copies of those modules never meet
// the CLI's, so nothing depends on them being the same instances.
const programs = await build({
	...options,
	entryPoints: ["src/testing/mock-llm/cli.ts", "src/extensions/subprocess/sdk.ts", "src/modes/rpc/client.ts"],
	chunkNames: "chunks/programs-[name]-[hash]",
});

dropUnusedRequire("dist");

if (withMetafile) {
	const merged = {
		inputs: { ...main.metafile.inputs, ...programs.metafile.inputs },
		outputs: { ...main.metafile.outputs, ...programs.metafile.outputs },
	};
	writeFileSync("dist/metafile.json", JSON.stringify(merged));
}

if (!jsOnly) {
	execFileSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.build.json"], {
		stdio: "inherit",
	});
}

/**
 * esbuild puts the banner in every file, but only a file that names
 * `require` uses it (the chunk defining esbuild's `__require`, and few
 * others). Each `createRequire` costs path work while modules load, which
 * adds up over the chunks `-p` loads (docs/architecture.md, Start-up), so
 * it is removed from the rest. The line break after it stays, so source
 * maps still line up.
 */
function dropUnusedRequire(dir) {
	// `require` as an identifier: not part of a longer name or of a flag like --no-require-git.
	const usesRequire = /(?<![\w$.-])require(?![\w$-])/;
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) {
			dropUnusedRequire(path);
			continue;
		}
		if (!entry.name.endsWith(".js")) continue;
		const text = readFileSync(path, "utf8");
		if (!text.startsWith(REQUIRE_BANNER) || usesRequire.test(text.slice(REQUIRE_BANNER.length))) continue;
		writeFileSync(path, text.slice(REQUIRE_BANNER.length));
	}
}
