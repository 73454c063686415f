// Load cost of TypeScript extensions: `weft -p` against the mock LLM (in its
// own process) from a trusted project (`--trust`) whose .weft/extensions/
// holds 10 or 50 trivial extensions (each registers a command and a
// tool_call handler), versus the same run from a project with none; and 10
// installed with `weft ext install`, which every start verifies against
// the lockfile. A warm-up run of each fills jiti's transpile cache, so the
// figures are for a warm cache. Run after `npm run build`: node bench/extensions.mjs [--runs N]
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { makeSandbox, measure, row, series, startMockProcess, weftBin } from "./lib.mjs";

export const BUDGET_10_MS = 100;
const COUNTS = [10, 50];
const INSTALLED = 10;

function trivialExtension(i) {
	const id = String(i).padStart(2, "0");
	return `import type { ExtensionAPI } from "weft";

export default function (weft: ExtensionAPI) {
	weft.registerCommand("bench-${id}", { description: "trivial command ${id}", handler: () => {} });
	weft.on("tool_call", (event) => {
		if (event.name === "never-${id}") return { block: true, reason: "benchmark" };
	});
}
`;
}

/** A project folder with `count` extensions in .weft/extensions/ (none: a plain folder). */
function project(root, count) {
	const dir = join(root, `project-${count}`);
	const extensions = join(dir, ".weft", "extensions");
	mkdirSync(extensions, { recursive: true });
	for (let i = 1; i <= count; i++) writeFileSync(join(extensions, `ext-${i}.ts`), trivialExtension(i));
	return dir;
}

/**
 * The same `count` extensions, each installed with `weft ext install --project`:
 * loaded through settings and the lockfile, so every start verifies them (a
 * stat per installed file once the first check has passed).
 */
function installedProject(root, count, env) {
	const dir = join(root, `project-installed-${count}`);
	mkdirSync(dir, { recursive: true });
	for (let i = 1; i <= count; i++) {
		const src = join(root, "sources", `ext-${i}`);
		mkdirSync(src, { recursive: true });
		writeFileSync(join(src, "index.ts"), trivialExtension(i));
		execFileSync(process.execPath, [weftBin, "ext", "install", "--project", src], {
			env,
			cwd: dir,
			stdio: "ignore",
		});
	}
	return dir;
}

/**
 * Medians for no extensions, 10 and 50, and 10 installed (lockfile-verified); `added` is the median minus the
 * median with none, for each count and per extension; `marginalMs` is the
 * cost of one more extension once some are loaded (from 10 to 50).
 */
export async function extensionsBench({ runs = 20 } = {}) {
	const turns = Array.from({ length: (runs + 1) * (COUNTS.length + 2) }, () => ({ text: "ok" }));
	const mock = await startMockProcess(turns, tmpdir());
	const box = makeSandbox(mock.url);
	try {
		const configs = [0, ...COUNTS].map((count) => ({
			count,
			label: count === 0 ? "weft -p, no extensions" : `weft -p, ${count} TS extensions`,
			cwd: project(box.dir, count),
			samples: [],
		}));
		const installed = {
			count: INSTALLED,
			label: `weft -p, ${INSTALLED} installed TS extensions`,
			cwd: installedProject(box.dir, INSTALLED, box.env),
			samples: [],
		};
		configs.push(installed);
		const once = (cwd) =>
			measure(process.execPath, [weftBin, "-p", "--no-session", "--trust", "say ok"], { env: box.env, cwd });
		for (const config of configs) once(config.cwd); // warm: jiti's transpile cache and the file cache
		// Interleaved, so drift in machine load shifts every configuration alike and cancels in the differences.
		for (let i = 0; i < runs; i++) for (const config of configs) config.samples.push(once(config.cwd));
		const [none, ...loaded] = configs.map(({ count, label, samples }) => ({
			count,
			result: summarize(label, samples),
		}));
		const verified = loaded.pop();
		const [few, many] = loaded;
		return {
			runs,
			none: none.result,
			loaded: loaded.map(({ count, result }) => {
				const addedMs = result.medianMs - none.result.medianMs;
				return { count, result, addedMs, perExtensionMs: addedMs / count };
			}),
			// Loading the host and jiti is paid once; this is what each further extension costs.
			marginalMs: (many.result.medianMs - few.result.medianMs) / (many.count - few.count),
			// What the lockfile check adds to the same ten extensions.
			installed: { result: verified.result, overPlainMs: verified.result.medianMs - few.result.medianMs },
		};
	} finally {
		mock.stop();
		box.cleanup();
	}
}

/** The figures `series` (bench/lib.mjs) gives, from samples already taken (its warm-up call gets nothing). */
function summarize(label, samples) {
	const queue = [undefined, ...samples];
	return series(label, samples.length, () => queue.shift());
}

/** Lines in the style of bench/run.mjs. */
export function formatExtensionsBench(report) {
	const lines = [
		`extension load cost (${report.runs} runs each; median; warm jiti cache; ratio = median / no extensions)`,
		row(report.none, report.none.medianMs),
	];
	for (const { count, result, addedMs, perExtensionMs } of report.loaded) {
		const budget = count === 10 ? `budget: added ≤ ${BUDGET_10_MS} ms` : "";
		lines.push(row(result, report.none.medianMs, budget));
		lines.push(
			`  added ${addedMs.toFixed(1).padStart(6)} ms for ${count} (${perExtensionMs.toFixed(2)} ms per extension)`,
		);
	}
	lines.push(`  marginal ${report.marginalMs.toFixed(2)} ms per extension (10 → 50)`);
	lines.push(row(report.installed.result, report.none.medianMs));
	lines.push(
		`  lockfile check ${report.installed.overPlainMs.toFixed(1).padStart(6)} ms over the same ${INSTALLED} in .weft/extensions/`,
	);
	return lines;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	const runsArg = process.argv.indexOf("--runs");
	const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 20;
	for (const line of formatExtensionsBench(await extensionsBench({ runs }))) console.log(line);
}
