#!/usr/bin/env node
// Entry point. `--version` is answered without loading the CLI so it costs
// little more than starting Node.
import { existsSync, readFileSync } from "node:fs";

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === "--version" || args[0] === "-v")) {
	const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
	process.stdout.write(`${pkg.version}\n`);
} else {
	const main = new URL("../dist/cli/main.js", import.meta.url);
	if (!existsSync(main)) {
		process.stderr.write(
			"weft: not built yet. Run `npm run build` (or `npm ci`, which builds) in the weft folder.\n",
		);
		process.exit(1);
	}
	const { main: run } = await import(main.href);
	await run(args);
}
