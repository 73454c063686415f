// Subprocess extensions: the round trip of one `tool_call` intercept to a
// child process (p50/p99 over 10k calls; budget p50 ≤ 0.3 ms, p99 ≤ 2 ms),
// and what starting 10 subprocess extensions costs the extension host's
// loadAll (Node and Python, raw protocol and with the SDKs) against none.
// Run after `npm run build`: node bench/subprocess.mjs
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(fileURLToPath(import.meta.url), "../..");
const { ExtensionHost, Kernel, NonInteractiveUI } = await import(resolve(root, "dist/index.js"));

const CALLS = 10_000;
const WARMUP = 1_000;
const STARTS = 5;
const hasPython = spawnSync("python3", ["--version"]).status === 0;

const RAW_NODE = `import { createInterface } from "node:readline";
const send = (o) => process.stdout.write(JSON.stringify(o) + "\\n");
send({ type: "hello", name: process.env.EXT_NAME, version: "1", capabilities: [] });
send({ type: "subscribe", events: [], intercept: ["tool_call"] });
send({ type: "ready" });
createInterface({ input: process.stdin }).on("line", (line) => {
	const f = JSON.parse(line);
	if (f.type === "event_intercept") send({ type: "event_intercept_response", id: f.id, block: f.tool_name === "rm" });
	else if (f.type === "shutdown") process.exit(0);
});
`;
const SDK_NODE = `const { createSubprocessExtension } = await import(process.env.WEFT_NODE_SDK);
const ext = createSubprocessExtension({ name: process.env.EXT_NAME });
ext.intercept("tool_call", (e) => (e.tool_name === "rm" ? { block: true } : undefined));
await ext.run();
`;
const RAW_PYTHON = `import json, os, sys
def send(o):
    sys.stdout.write(json.dumps(o) + "\\n"); sys.stdout.flush()
send({"type": "hello", "name": os.environ["EXT_NAME"], "version": "1", "capabilities": []})
send({"type": "subscribe", "events": [], "intercept": ["tool_call"]})
send({"type": "ready"})
for line in sys.stdin:
    f = json.loads(line)
    if f["type"] == "event_intercept": send({"type": "event_intercept_response", "id": f["id"], "block": f["tool_name"] == "rm"})
    elif f["type"] == "shutdown": break
`;
const SDK_PYTHON = `import os
from weft_extension import Extension
ext = Extension(os.environ["EXT_NAME"])
ext.intercept("tool_call")(lambda e: {"block": True} if e["tool_name"] == "rm" else None)
ext.run()
`;

const KINDS = {
	"node (raw)": { file: "ext.mjs", source: RAW_NODE, exec: process.execPath },
	"node (SDK)": { file: "ext.mjs", source: SDK_NODE, exec: process.execPath },
	"python (raw)": { file: "ext.py", source: RAW_PYTHON, exec: "python3", python: true },
	"python (SDK)": { file: "ext.py", source: SDK_PYTHON, exec: "python3", python: true },
};

/** A throwaway home with `count` extensions of one kind, each named ext-N (the name comes through the env). */
function sandbox(kind, count) {
	const dir = mkdtempSync(join(tmpdir(), "weft-bench-subprocess-"));
	const paths = [];
	for (let i = 0; i < count; i++) {
		const folder = join(dir, `ext-${i}`);
		mkdirSync(folder, { recursive: true });
		writeFileSync(join(folder, kind.file), kind.source);
		// A small wrapper sets EXT_NAME so one source serves every copy.
		writeFileSync(
			join(folder, "extension.json"),
			JSON.stringify({
				name: `ext-${i}`,
				exec: "/usr/bin/env",
				args: [`EXT_NAME=ext-${i}`, kind.exec, kind.file],
			}),
		);
		paths.push(folder);
	}
	return { dir, paths };
}

function host(dir, paths) {
	return new ExtensionHost({
		kernel: new Kernel(),
		cwd: dir,
		home: dir,
		settings: {},
		mode: "bench",
		cliPaths: paths,
		ui: new NonInteractiveUI(),
		watchdog: false,
	});
}

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

export async function interceptBench(kindName = "node (raw)") {
	const { dir, paths } = sandbox(KINDS[kindName], 1);
	const h = host(dir, paths);
	try {
		const [record] = await h.loadAll();
		if (record.status !== "loaded") throw new Error(`${kindName} did not load: ${record.reason}`);
		const payload = { id: "c1", name: "bash", args: { command: "ls -la" }, source: "model" };
		for (let i = 0; i < WARMUP; i++) await h.kernel.bus.emit("tool_call", payload);
		const samples = new Float64Array(CALLS);
		for (let i = 0; i < CALLS; i++) {
			const start = process.hrtime.bigint();
			await h.kernel.bus.emit("tool_call", payload);
			samples[i] = Number(process.hrtime.bigint() - start) / 1e6;
		}
		samples.sort();
		return {
			kind: kindName,
			p50Ms: quantile(samples, 0.5),
			p99Ms: quantile(samples, 0.99),
			maxMs: samples.at(-1),
		};
	} finally {
		await h.unloadAll();
		rmSync(dir, { recursive: true, force: true });
	}
}

async function timeStart(kind, count) {
	const { dir, paths } = sandbox(kind, count);
	try {
		const h = host(dir, paths);
		const start = performance.now();
		const records = await h.loadAll();
		const loadMs = performance.now() - start;
		const failed = records.filter((r) => r.status !== "loaded");
		if (failed.length > 0) throw new Error(`${failed.length} did not load: ${failed[0].reason}`);
		const stopStart = performance.now();
		await h.unloadAll();
		return { loadMs, unloadMs: performance.now() - stopStart };
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

export async function startupBench() {
	const rows = [];
	const median = async (kind, count) => {
		await timeStart(kind, count); // warm the file cache
		const runs = [];
		for (let i = 0; i < STARTS; i++) runs.push(await timeStart(kind, count));
		runs.sort((a, b) => a.loadMs - b.loadMs);
		return runs[Math.floor(runs.length / 2)];
	};
	rows.push({ label: "no extensions", ...(await median(KINDS["node (raw)"], 0)) });
	for (const [name, kind] of Object.entries(KINDS)) {
		if (kind.python && !hasPython) continue;
		rows.push({ label: `10 × ${name}`, ...(await median(kind, 10)) });
	}
	return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	console.log(
		`tool_call intercept round trip to one subprocess extension (${CALLS} calls after ${WARMUP} warm-up)`,
	);
	for (const kind of Object.keys(KINDS)) {
		if (KINDS[kind].python && !hasPython) continue;
		const r = await interceptBench(kind);
		console.log(
			`  ${kind.padEnd(13)} p50 ${r.p50Ms.toFixed(3)} ms   p99 ${r.p99Ms.toFixed(3)} ms   max ${r.maxMs.toFixed(2)} ms`,
		);
	}
	console.log("  budget        p50 ≤ 0.3 ms    p99 ≤ 2 ms");
	console.log(`\nExtension host loadAll / unloadAll, median of ${STARTS} (all extensions start in parallel)`);
	for (const row of await startupBench()) {
		console.log(
			`  ${row.label.padEnd(20)} load ${row.loadMs.toFixed(0).padStart(5)} ms   unload ${row.unloadMs.toFixed(0).padStart(5)} ms`,
		);
	}
	if (!hasPython) console.log("  (python3 is not on PATH: Python rows skipped)");
}
