// Builds weft: an esbuild bundle with code splitting (lazy imports stay lazy,
// start-up reads few files), then TypeScript declarations for the SDK entries.
// `--js-only` skips declarations (used before tests). `--metafile` also
// writes dist/metafile.json, esbuild's account of which module went into
// which chunk (to see what a change does to the chunks `-p` loads).
import { execFileSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { resolve, sep } from "node:path";
import { build } from "esbuild";

const jsOnly = process.argv.includes("--js-only");
const withMetafile = process.argv.includes("--metafile");
rmSync("dist", { recursive: true, force: true });

const result = await build({
	entryPoints: [
		"src/index.ts",
		"src/cli/main.ts",
		"src/testing/index.ts",
		"src/testing/mock-llm/cli.ts",
		"src/extensions/subprocess/sdk.ts",
		"src/modes/rpc/client.ts",
	],
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
	// CommonJS dependencies inside an ESM bundle need a real `require` for Node built-ins.
	banner: {
		js: 'import { createRequire as __weftCreateRequire } from "node:module"; const require = __weftCreateRequire(import.meta.url);',
	},
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
});

if (withMetafile) writeFileSync("dist/metafile.json", JSON.stringify(result.metafile));

if (!jsOnly) {
	execFileSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.build.json"], {
		stdio: "inherit",
	});
}
