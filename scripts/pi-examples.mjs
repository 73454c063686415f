#!/usr/bin/env node
/**
 * Tries each example extension shipped in pi's npm package in weft and
 * prints a Markdown table: loads or fails (with the reason), and what it
 * uses that weft does not support (the adapter's warnings). Each example
 * is loaded alone (`weft ext list --json --no-extensions -e <it>`), so one
 * example's registrations never collide with another's.
 *
 *   npm pack @mariozechner/pi-coding-agent@0.73.1 && tar xzf mariozechner-pi-coding-agent-0.73.1.tgz
 *   node scripts/build.mjs --js-only
 *   node scripts/pi-examples.mjs package/examples/extensions [--json]
 *
 * Runs with an empty HOME (a temporary folder), so no user settings or
 * extensions take part.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);
const WEFT = join(dirname(fileURLToPath(import.meta.url)), "..", "bin", "weft.js");
const CONCURRENCY = 2;

const folder = process.argv[2];
if (!folder) {
	console.error("usage: node scripts/pi-examples.mjs <pi's examples/extensions folder> [--json]");
	process.exit(2);
}
const root = resolve(folder);
const examples = readdirSync(root)
	.filter((name) => name.endsWith(".ts") || statSync(join(root, name)).isDirectory())
	.sort();

const home = mkdtempSync(join(tmpdir(), "weft-pi-examples-"));

async function tryExample(name) {
	const path = join(root, name);
	try {
		const { stdout } = await run(
			process.execPath,
			[WEFT, "ext", "list", "--json", "--no-extensions", "-e", path],
			{
				cwd: home,
				env: { ...process.env, HOME: home, WEFT_HOME: undefined },
				maxBuffer: 16 * 1024 * 1024,
				timeout: 60_000,
			},
		);
		const report = JSON.parse(stdout);
		const ext = report.extensions.find((e) => e.source === path) ?? report.extensions[0];
		const unsupported = [
			...new Set(
				[...(ext?.log ?? []), ...(ext?.errors ?? []).map((e) => e.message)]
					.map((line) => (typeof line === "string" ? line : (line.message ?? line.text ?? "")))
					.map((line) => /uses (.+?), which weft does not support/.exec(line)?.[1])
					.filter(Boolean),
			),
		];
		return { name, status: ext?.status ?? "missing", reason: ext?.reason ?? "", unsupported };
	} catch (error) {
		return {
			name,
			status: "error",
			reason: String(error.stderr || error.message).split("\n")[0],
			unsupported: [],
		};
	}
}

const results = [];
let next = 0;
await Promise.all(
	Array.from({ length: CONCURRENCY }, async () => {
		while (next < examples.length) {
			const name = examples[next++];
			results.push(await tryExample(name));
		}
	}),
);
rmSync(home, { recursive: true, force: true });
results.sort((a, b) => a.name.localeCompare(b.name));

if (process.argv.includes("--json")) {
	console.log(JSON.stringify(results, null, 2));
} else {
	const loaded = results.filter((r) => r.status === "loaded").length;
	console.log(`${loaded} of ${results.length} load\n`);
	console.log("| Example | Loads | Notes |");
	console.log("|---|---|---|");
	for (const r of results) {
		const notes = r.status === "loaded" ? r.unsupported.map((u) => `unsupported: ${u}`).join("; ") : r.reason;
		console.log(`| ${r.name} | ${r.status === "loaded" ? "yes" : "no"} | ${notes.replaceAll("|", "\\|")} |`);
	}
}
