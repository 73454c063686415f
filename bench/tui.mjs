// The interactive terminal UI in a 100×30 pseudo-terminal (bench/pty-driver.py)
// against the mock LLM in its own process:
// - flood: one answer streamed as 20,000 deltas; time from Enter until its
//   last word is on screen, bytes written meanwhile, weft's CPU (whole run,
//   and net of a start-up-only baseline). Budget ≤ 0.55 s, ≤ 90 KB, ≤ 0.45 s.
// - long session: 20 vs 2,000 transcript entries loaded with --continue;
//   200 characters typed 20 ms apart; keystroke-to-frame latency (key written
//   → next output chunk) and bytes per keystroke. Budget p99 ≤ 16 ms, bytes
//   per keystroke independent of the transcript's length.
// - idle: 10 s after start-up settles; bytes written and CPU. Budget ~0.
// The driver answers the terminal's queries as xterm would; start-up is also
// timed with no answers (weft then waits out its 200 ms query timeouts).
// Run after `npm run build`: node bench/tui.mjs [--runs N] [--kb N] [--profile DIR] [--only flood]
import { mkdirSync, readFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { measure, series, startMockProcess, weftBin } from "./lib.mjs";
import {
	COLUMNS,
	drive,
	FLOOD_MARKER,
	floodAnswer,
	frameSplit,
	median,
	quantile,
	ROWS,
	readySteps,
	timeMockStream,
	uiSandbox,
	writeSession,
} from "./tui-fixtures.mjs";

/** Half of what the most popular TypeScript agent measured; idle "~0" allows V8's own memory-reducer GC. */
export const BUDGET = { floodS: 0.55, floodKb: 90, floodCpuS: 0.45, keyP99Ms: 16, idleCpuS: 0.05 };
const DELTAS = 20_000;
/** 200 plain characters: no `/` or `@`, which would open completion lists. */
const TYPED =
	"the quick brown fox jumps over the lazy dog while the renderer keeps every frame small and the composer "
		.repeat(2)
		.slice(0, 200);
const byMark = (report, mark) => report.steps.find((s) => s.mark === mark);

/** The "drawn" step's result; throws with what weft last wrote when its UI never came up. */
function drawn(report, where) {
	const step = byMark(report, "drawn");
	if (step.ok) return step;
	const tail = JSON.stringify(report.tail.slice(-200));
	throw new Error(`weft never drew its UI (${where}); it last wrote ${tail}. Run \`npm run build\` first.`);
}

/** Start-up with nothing typed: the CPU every run pays, subtracted from the flood's. */
function startupRun(box, answer = "xterm") {
	const r = drive({ env: box.env, cwd: box.project, answer, steps: [...readySteps()] });
	return { firstFrameMs: drawn(r, "start-up").ms, cpuS: r.child.cpuS, bytes: r.steps.at(-1).bytesSoFar };
}

/** `nodeArgs` go before weft's path (Node 20 refuses --cpu-prof in NODE_OPTIONS). */
function floodRun(box, nodeArgs = []) {
	const rawOut = join(box.dir, "flood-output.bin");
	const r = drive({
		argv: [...nodeArgs, weftBin],
		env: box.env,
		cwd: box.project,
		rawOut,
		steps: [
			...readySteps(),
			{ send: "Write the full report, please." },
			{ waitQuiet: 150, timeoutMs: 5000 },
			{ cpu: true, mark: "cpuBefore" },
			{ send: "\r", mark: "enter" },
			{ waitFor: FLOOD_MARKER, timeoutMs: 60000, mark: "seen" },
			{ waitQuiet: 500, timeoutMs: 30000, mark: "settled" },
			{ cpu: true, mark: "cpuAfter" },
		],
	});
	drawn(r, "flood");
	const enter = byMark(r, "enter");
	const seen = byMark(r, "seen");
	const settled = byMark(r, "settled");
	if (!seen.ok) throw new Error(`the flood's last word never reached the screen (${r.bytes} bytes written)`);
	const frames = frameSplit(readFileSync(rawOut).subarray(enter.offset, seen.bytesSoFar));
	return {
		...frames,
		markerS: (seen.ms - enter.ms) / 1000,
		markerKb: (seen.bytesSoFar - enter.offset) / 1024,
		settledS: (settled.lastOutputMs - enter.ms) / 1000,
		settledKb: (settled.bytesSoFar - enter.offset) / 1024,
		answerCpuS: byMark(r, "cpuAfter").cpuS - byMark(r, "cpuBefore").cpuS,
		cpuS: r.child.cpuS,
		cpuUserS: r.child.cpuUserS,
		cpuSysS: r.child.cpuSysS,
		maxRssMb: r.child.maxRssKb / 1024,
	};
}

export async function floodBench({ runs = 5, kb = 64, profileDir } = {}) {
	const text = floodAnswer(kb);
	const turns = Array.from({ length: runs + 4 }, () => ({ text, deltas: DELTAS }));
	const mock = await startMockProcess(turns, tmpdir());
	const box = uiSandbox(mock.url);
	try {
		await timeMockStream(mock.url); // warm-up
		const bareClient = await timeMockStream(mock.url);
		startupRun(box); // warm the file cache
		const startups = Array.from({ length: runs }, () => startupRun(box));
		const noAnswers = Array.from({ length: 3 }, () => startupRun(box, "none"));
		floodRun(box); // warm-up
		const samples = Array.from({ length: runs }, () => floodRun(box));
		if (profileDir) {
			mkdirSync(profileDir, { recursive: true });
			floodRun(box, ["--cpu-prof", `--cpu-prof-dir=${resolve(profileDir)}`]);
		}
		const med = (key) => median(samples.map((s) => s[key]));
		const baselineCpuS = median(startups.map((s) => s.cpuS));
		return {
			answerKb: Buffer.byteLength(text) / 1024,
			deltas: DELTAS,
			runs,
			startup: {
				firstFrameMs: median(startups.map((s) => s.firstFrameMs)),
				firstFrameNoAnswersMs: median(noAnswers.map((s) => s.firstFrameMs)),
				cpuS: baselineCpuS,
				bytes: median(startups.map((s) => s.bytes)),
			},
			bareClient,
			markerS: med("markerS"),
			markerKb: med("markerKb"),
			settledS: med("settledS"),
			settledKb: med("settledKb"),
			answerCpuS: med("answerCpuS"),
			frames: med("frames"),
			largestFrameKb: med("largestFrameKb"),
			largestFrameTextKb: med("largestFrameTextKb"),
			otherFramesKb: med("otherFramesKb"),
			cpuS: med("cpuS"),
			cpuUserS: med("cpuUserS"),
			cpuSysS: med("cpuSysS"),
			netCpuS: med("cpuS") - baselineCpuS,
			maxRssMb: med("maxRssMb"),
			samples,
		};
	} finally {
		mock.stop();
		box.cleanup();
	}
}

function typingRun(box, cwd) {
	const r = drive({
		argv: [weftBin, "--continue"],
		env: box.env,
		cwd,
		steps: [
			...readySteps(60000),
			{ cpu: true, mark: "cpuBefore" },
			{ type: TYPED, intervalMs: 20, mark: "typing" },
			{ waitQuiet: 300, timeoutMs: 5000 },
			{ cpu: true, mark: "cpuAfter" },
		],
	});
	return {
		firstFrameMs: drawn(r, `--continue with a session in ${cwd}`).ms,
		startupKb: byMark(r, "cpuBefore").bytesSoFar / 1024,
		keys: byMark(r, "typing").keys,
		typingCpuS: byMark(r, "cpuAfter").cpuS - byMark(r, "cpuBefore").cpuS,
	};
}

export async function longSessionBench({ runs = 3, sizes = [20, 2000] } = {}) {
	const box = uiSandbox("http://127.0.0.1:9");
	try {
		const rows = [];
		for (const entries of sizes) {
			const cwd = join(box.dir, `project-${entries}`);
			mkdirSync(cwd, { recursive: true });
			await writeSession(box.home, cwd, entries);
			typingRun(box, cwd); // warm-up
			const results = Array.from({ length: runs }, () => typingRun(box, cwd));
			const keys = results.flatMap((r) => r.keys);
			const latencies = keys
				.map((k) => k.latencyMs)
				.filter((v) => v !== null)
				.sort((a, b) => a - b);
			rows.push({
				entries,
				keystrokes: keys.length,
				unanswered: keys.length - latencies.length,
				p50Ms: quantile(latencies, 0.5),
				p99Ms: quantile(latencies, 0.99),
				maxMs: latencies.at(-1),
				bytesPerKeyMedian: median(keys.map((k) => k.bytes)),
				bytesPerKeyMean: keys.reduce((n, k) => n + k.bytes, 0) / keys.length,
				typingCpuS: median(results.map((r) => r.typingCpuS)),
				firstFrameMs: median(results.map((r) => r.firstFrameMs)),
				startupKb: median(results.map((r) => r.startupKb)),
			});
		}
		return rows;
	} finally {
		box.cleanup();
	}
}

export function idleBench({ seconds = 10 } = {}) {
	const box = uiSandbox("http://127.0.0.1:9");
	try {
		const r = drive({
			env: box.env,
			cwd: box.project,
			chunks: true,
			steps: [
				...readySteps(),
				{ sleep: 1000 },
				{ cpu: true, mark: "start" },
				{ sleep: seconds * 1000 },
				{ cpu: true, mark: "end" },
			],
		});
		const start = byMark(r, "start");
		const end = byMark(r, "end");
		return {
			seconds,
			bytes: end.bytesSoFar - start.bytesSoFar,
			writes: r.chunks.filter(([t]) => t > start.ms && t <= end.ms).length,
			cpuS: end.cpuS - start.cpuS,
		};
	} finally {
		box.cleanup();
	}
}

/** `floor`: a `node -e 0` series already measured (bench/run.mjs has one); measured here otherwise. */
/** `only: "flood"` skips the long-session and idle runs (for iterating on the flood). */
export async function tuiBench({ runs = 5, kb = 64, profileDir, floor, only } = {}) {
	const nodeFloor = floor ?? series("node -e 0", 10, () => measure(process.execPath, ["-e", "0"]));
	return {
		terminal: { columns: COLUMNS, rows: ROWS, queries: "answered as xterm (OSC 11, DA1; no Kitty)" },
		loadAverage: loadavg()[0],
		floor: { medianMs: nodeFloor.medianMs, cpuMs: nodeFloor.cpuMs },
		flood: await floodBench({ runs, kb, profileDir }),
		longSession: only === "flood" ? [] : await longSessionBench(),
		idle: only === "flood" ? undefined : idleBench(),
	};
}

const verdict = (ok) => (ok ? "ok" : "OVER");

export function formatTuiBench(r) {
	const f = r.flood;
	const s = f.startup;
	const out = [];
	out.push(
		`terminal UI in a ${r.terminal.columns}×${r.terminal.rows} pty; queries ${r.terminal.queries}; load average ${r.loadAverage.toFixed(2)}`,
	);
	out.push(`  floor: node -e 0 ${r.floor.medianMs.toFixed(1)} ms, cpu ${r.floor.cpuMs.toFixed(0)} ms`);
	out.push(
		`  start-up to first frame ${s.firstFrameMs.toFixed(0)} ms (×${(s.firstFrameMs / r.floor.medianMs).toFixed(1)} floor), ` +
			`${s.firstFrameNoAnswersMs.toFixed(0)} ms when the terminal answers no query; ` +
			`start-up + exit cpu ${s.cpuS.toFixed(2)} s, ${(s.bytes / 1024).toFixed(1)} KB`,
	);
	out.push(
		`\n${`flood: ${f.answerKb.toFixed(1)} KB answer in ${f.deltas} deltas (median of ${f.runs})`.padEnd(56)}     value   budget`,
	);
	const line = (label, value, budget = "", ok) =>
		out.push(
			`  ${label.padEnd(54)} ${value.padStart(9)}   ${budget.padEnd(9)} ${ok === undefined ? "" : verdict(ok)}`.trimEnd(),
		);
	line(
		"Enter → last word on screen",
		`${f.markerS.toFixed(3)} s`,
		`≤ ${BUDGET.floodS} s`,
		f.markerS <= BUDGET.floodS,
	);
	line(
		"bytes written, Enter → last word",
		`${f.markerKb.toFixed(1)} KB`,
		`≤ ${BUDGET.floodKb} KB`,
		f.markerKb <= BUDGET.floodKb,
	);
	line(
		`  in ${f.frames} frames; the largest (${f.largestFrameTextKb.toFixed(1)} KB text + styling)`,
		`${f.largestFrameKb.toFixed(1)} KB`,
	);
	line("  the other frames", `${f.otherFramesKb.toFixed(1)} KB`);
	line(
		`bare fetch of the same stream (1st byte ${f.bareClient.firstByteMs.toFixed(0)} ms)`,
		`${(f.bareClient.totalMs / 1000).toFixed(3)} s`,
	);
	line("weft cpu, whole run (wait4 user+sys)", `${f.cpuS.toFixed(2)} s`);
	line(
		"weft cpu, net of start-up+exit baseline",
		`${f.netCpuS.toFixed(2)} s`,
		`≤ ${BUDGET.floodCpuS} s`,
		f.netCpuS <= BUDGET.floodCpuS,
	);
	line("weft cpu, Enter → settled (/proc/<pid>/stat)", `${f.answerCpuS.toFixed(2)} s`);
	line("peak RSS", `${f.maxRssMb.toFixed(0)} MB`);

	if (!r.idle) return out;
	out.push("\nlong session: 200 keys typed 20 ms apart (--continue)");
	out.push(
		`  ${"entries".padEnd(9)} ${"p50".padStart(8)} ${"p99".padStart(8)} ${"max".padStart(8)} ${"B/key med".padStart(10)} ${"B/key avg".padStart(10)} ` +
			`${"typing cpu".padStart(10)} ${"first frame".padStart(12)} ${"start-up out".padStart(13)}`,
	);
	for (const row of r.longSession) {
		out.push(
			`  ${String(row.entries).padEnd(9)} ${`${row.p50Ms.toFixed(2)} ms`.padStart(8)} ${`${row.p99Ms.toFixed(2)} ms`.padStart(8)} ` +
				`${`${row.maxMs.toFixed(1)} ms`.padStart(8)} ${row.bytesPerKeyMedian.toFixed(0).padStart(10)} ${row.bytesPerKeyMean.toFixed(1).padStart(10)} ` +
				`${`${row.typingCpuS.toFixed(2)} s`.padStart(10)} ${`${row.firstFrameMs.toFixed(0)} ms`.padStart(12)} ${`${row.startupKb.toFixed(0)} KB`.padStart(13)}` +
				(row.unanswered ? `  (${row.unanswered} keys drew nothing)` : ""),
		);
	}
	const worstP99 = Math.max(...r.longSession.map((row) => row.p99Ms));
	const perKey = r.longSession.map((row) => row.bytesPerKeyMean);
	const flat = Math.max(...perKey) <= Math.min(...perKey) * 1.05 + 1;
	out.push(
		`  budget: p99 ≤ ${BUDGET.keyP99Ms} ms ${verdict(worstP99 <= BUDGET.keyP99Ms)}; bytes/key independent of length ${verdict(flat)}`,
	);

	const i = r.idle;
	out.push(
		`\nidle ${i.seconds} s after start-up settled: ${i.bytes} bytes in ${i.writes} writes, cpu ${i.cpuS.toFixed(2)} s  (budget 0 bytes, cpu ≤ ${BUDGET.idleCpuS} s) ` +
			verdict(i.bytes === 0 && i.cpuS <= BUDGET.idleCpuS),
	);
	return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	const arg = (name, fallback) => {
		const at = process.argv.indexOf(name);
		return at > 0 ? process.argv[at + 1] : fallback;
	};
	const result = await tuiBench({
		runs: Number(arg("--runs", 5)),
		kb: Number(arg("--kb", 64)),
		profileDir: arg("--profile", undefined),
		only: arg("--only", undefined),
	});
	for (const line of formatTuiBench(result)) console.log(line);
	console.log(`\n${JSON.stringify(result, (key, value) => (key === "samples" ? undefined : value), 2)}`);
}
