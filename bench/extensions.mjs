// Load cost of TypeScript extensions: `weft -p` against the mock LLM (in its
// own process) from a trusted project (`--trust`) whose .weft/extensions/
// holds 10 or 50 trivial extensions (each registers a command and a
// tool_call handler), versus the same run from a project with none. A
// warm-up run of each fills jiti's transpile cache, so the figures are for a
// warm cache. Run after `npm run build`: node bench/extensions.mjs [--runs N]
import { mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { makeSandbox, measure, row, series, startMockProcess, weftBin } from "./lib.mjs";

export const BUDGET_10_MS = 100;
const COUNTS = [10, 50];

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
 * Medians for no extensions, 10 and 50; `added` is the median minus the
 * median with none, for each count and per extension; `marginalMs` is the
 * cost of one more extension once some are loaded (from 10 to 50).
 */
export async function extensionsBench({ runs = 20 } = {}) {
	const turns = Array.from({ length: (runs + 1) * (COUNTS.length + 1) }, () => ({ text: "ok" }));
	const mock = await startMockProcess(turns, tmpdir());
	const box = makeSandbox(mock.url);
	try {
		const configs = [0, ...COUNTS].map((count) => ({
			count,
			label: count === 0 ? "weft -p, no extensions" : `weft -p, ${count} TS extensions`,
			cwd: project(box.dir, count),
			samples: [],
		}));
		const once = (cwd) =>
			measure(process.execPath, [weftBin, "-p", "--no-session", "--trust", "say ok"], { env: box.env, cwd });
		for (const config of configs) once(config.cwd); // warm: jiti's transpile cache and the file cache
		// Interleaved, so drift in machine load shifts every configuration alike and cancels in the differences.
		for (let i = 0; i < runs; i++) for (const config of configs) config.samples.push(once(config.cwd));
		const [none, ...loaded] = configs.map(({ count, label, samples }) => ({
			count,
			result: summarize(label, samples),
		}));
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
	return lines;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	const runsArg = process.argv.indexOf("--runs");
	const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 20;
	for (const line of formatExtensionsBench(await extensionsBench({ runs }))) console.log(line);
}
