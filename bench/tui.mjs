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
// --peer: the flood also runs pi (bench/peer-pi.mjs) against the same mock,
// interleaved with weft's runs (weft, pi, weft, pi…), and prints the ratios
// weft/pi against issue 12's budget (each ≤ 0.5).
// Run after `npm run build`: node bench/tui.mjs [--runs N] [--kb N] [--profile DIR] [--only flood] [--peer]
import { mkdirSync, readFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { measure, series, startMockProcess, weftBin } from "./lib.mjs";
import { ensurePi, piSandbox } from "./peer-pi.mjs";
import {
	COLUMNS,
	drive,
	FLOOD_MARKER,
	floodAnswer,
	frameSplit,
	median,
	quantile,
	READY_TEXT,
	ROWS,
	readySteps,
	timeMockStream,
	uiSandbox,
	writeSession,
} from "./tui-fixtures.mjs";

/** Half of what the most popular TypeScript agent measured; idle "~0" allows V8's own memory-reducer GC. */
export const BUDGET = { floodS: 0.55, floodKb: 90, floodCpuS: 0.45, keyP99Ms: 16, idleCpuS: 0.05 };
/** Issue 12: against the peer in the same run, each of time, bytes and CPU ≤ half of the peer's. */
export const PEER_RATIO = 0.5;
const DELTAS = 20_000;
/** 200 plain characters: no `/` or `@`, which would open completion lists. */
const TYPED =
	"the quick brown fox jumps over the lazy dog while the renderer keeps every frame small and the composer "
		.repeat(2)
		.slice(0, 200);
const byMark = (report, mark) => report.steps.find((s) => s.mark === mark);

/** The "drawn" step's result; throws with what the agent last wrote when its UI never came up. */
function drawn(report, where, name = "weft") {
	const step = byMark(report, "drawn");
	if (step.ok) return step;
	const tail = JSON.stringify(report.tail.slice(-200));
	const hint = name === "weft" ? " Run `npm run build` first." : "";
	throw new Error(`${name} never drew its UI (${where}); it last wrote ${tail}.${hint}`);
}

/** What drive() runs: weft in its sandbox, or the peer (bench/peer-pi.mjs), which has the same shape. */
const weftAgent = (box) => ({
	name: "weft",
	argv: [weftBin],
	env: box.env,
	cwd: box.project,
	dir: box.dir,
	readyText: READY_TEXT,
});
const agentReadySteps = (agent) =>
	readySteps().map((step) => (step.mark === "drawn" ? { ...step, waitFor: agent.readyText } : step));

/** Start-up with nothing typed: the CPU every run pays, subtracted from the flood's. */
function startupRun(agent, answer = "xterm") {
	const r = drive({
		argv: agent.argv,
		env: agent.env,
		cwd: agent.cwd,
		answer,
		steps: agentReadySteps(agent),
	});
	return {
		firstFrameMs: drawn(r, "start-up", agent.name).ms,
		cpuS: r.child.cpuS,
		bytes: r.steps.at(-1).bytesSoFar,
	};
}

/** `nodeArgs` go before the agent's script (Node 20 refuses --cpu-prof in NODE_OPTIONS). */
function floodRun(agent, nodeArgs = []) {
	const rawOut = join(agent.dir, "flood-output.bin");
	const r = drive({
		argv: [...nodeArgs, ...agent.argv],
		env: agent.env,
		cwd: agent.cwd,
		rawOut,
		steps: [
			...agentReadySteps(agent),
			{ send: "Write the full report, please." },
			{ waitQuiet: 150, timeoutMs: 5000 },
			{ cpu: true, mark: "cpuBefore" },
			{ send: "\r", mark: "enter" },
			{ waitFor: FLOOD_MARKER, timeoutMs: 60000, mark: "seen" },
			{ waitQuiet: 500, timeoutMs: 30000, mark: "settled" },
			{ cpu: true, mark: "cpuAfter" },
		],
	});
	drawn(r, "flood", agent.name);
	const enter = byMark(r, "enter");
	const seen = byMark(r, "seen");
	const settled = byMark(r, "settled");
	if (!seen.ok)
		throw new Error(
			`the flood's last word never reached ${agent.name}'s screen (${r.bytes} bytes written; last: ${JSON.stringify(r.tail.slice(-200))})`,
		);
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

/** Medians of the flood samples and the start-up baseline, for one agent. */
function summarize(samples, startups) {
	const med = (key) => median(samples.map((s) => s[key]));
	const baselineCpuS = median(startups.map((s) => s.cpuS));
	return {
		startup: {
			firstFrameMs: median(startups.map((s) => s.firstFrameMs)),
			cpuS: baselineCpuS,
			bytes: median(startups.map((s) => s.bytes)),
		},
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
}

/**
 * `peer`: also run pi (bench/peer-pi.mjs) on the same mock and answer, each
 * of its start-ups and floods right after weft's, so load falls on both alike.
 */
export async function floodBench({ runs = 5, kb = 64, profileDir, peer = false } = {}) {
	const text = floodAnswer(kb);
	const piCli = peer ? ensurePi() : undefined;
	const floods = 2 + (runs + 1) * (piCli ? 2 : 1) + (profileDir ? 1 : 0);
	const turns = Array.from({ length: floods + 2 }, () => ({ text, deltas: DELTAS }));
	const mock = await startMockProcess(turns, tmpdir());
	const box = uiSandbox(mock.url);
	const weft = weftAgent(box);
	const pi = piCli ? piSandbox(mock.url, piCli) : undefined;
	try {
		await timeMockStream(mock.url); // warm-up
		const bareClient = await timeMockStream(mock.url);
		startupRun(weft); // warm the file cache
		if (pi) startupRun(pi);
		const startups = [];
		const piStartups = [];
		for (let i = 0; i < runs; i++) {
			startups.push(startupRun(weft));
			if (pi) piStartups.push(startupRun(pi));
		}
		const noAnswers = Array.from({ length: 3 }, () => startupRun(weft, "none"));
		floodRun(weft); // warm-up
		if (pi) floodRun(pi);
		const samples = [];
		const piSamples = [];
		for (let i = 0; i < runs; i++) {
			samples.push(floodRun(weft));
			if (pi) piSamples.push(floodRun(pi));
		}
		if (profileDir) {
			mkdirSync(profileDir, { recursive: true });
			floodRun(weft, ["--cpu-prof", `--cpu-prof-dir=${resolve(profileDir)}`]);
		}
		const own = summarize(samples, startups);
		return {
			answerKb: Buffer.byteLength(text) / 1024,
			deltas: DELTAS,
			runs,
			...own,
			startup: {
				...own.startup,
				firstFrameNoAnswersMs: median(noAnswers.map((s) => s.firstFrameMs)),
			},
			bareClient,
			peer: pi
				? { name: pi.name, version: pi.version, argv: pi.argv.slice(1), ...summarize(piSamples, piStartups) }
				: peer
					? { skipped: true }
					: undefined,
		};
	} finally {
		mock.stop();
		box.cleanup();
		pi?.cleanup();
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
/** `only: "flood"` skips the long-session and idle runs (for iterating on the flood); `peer` see floodBench. */
export async function tuiBench({ runs = 5, kb = 64, profileDir, floor, only, peer = false } = {}) {
	const nodeFloor = floor ?? series("node -e 0", 10, () => measure(process.execPath, ["-e", "0"]));
	return {
		terminal: { columns: COLUMNS, rows: ROWS, queries: "answered as xterm (OSC 11, DA1; no Kitty)" },
		loadAverage: loadavg()[0],
		floor: { medianMs: nodeFloor.medianMs, cpuMs: nodeFloor.cpuMs },
		flood: await floodBench({ runs, kb, profileDir, peer }),
		longSession: only === "flood" ? [] : await longSessionBench(),
		idle: only === "flood" ? undefined : idleBench(),
	};
}

const verdict = (ok) => (ok ? "ok" : "OVER");

/** weft against the peer, same run, medians; ratios weft/peer against PEER_RATIO. */
function formatPeer(f) {
	const p = f.peer;
	if (p.skipped) return ["\npeer: skipped (see the line above on stderr)"];
	const out = [
		`\nsame flood, same run, interleaved with ${p.name} ${p.version} (${p.argv.join(" ")}); median of ${f.runs} each`,
		`  ${"".padEnd(44)} ${"weft".padStart(9)} ${p.name.padStart(9)} ${"weft/" + p.name}   budget`,
	];
	const row = (label, unit, digits, w, q, budget) => {
		const ratio = w / q;
		const tail = budget ? `   ≤ ${PEER_RATIO}  ${ratio <= PEER_RATIO ? "PASS" : "FAIL"}` : "";
		out.push(
			`  ${label.padEnd(44)} ${`${w.toFixed(digits)}${unit}`.padStart(9)} ${`${q.toFixed(digits)}${unit}`.padStart(9)} ${ratio.toFixed(2).padStart(7)}${tail}`,
		);
	};
	row("start-up to first frame", " ms", 0, f.startup.firstFrameMs, p.startup.firstFrameMs);
	row("start-up + exit cpu (the baseline)", " s", 2, f.startup.cpuS, p.startup.cpuS);
	row("Enter → last word on screen", " s", 3, f.markerS, p.markerS, true);
	row("bytes written, Enter → last word", " KB", 1, f.markerKb, p.markerKb, true);
	row("  in frames (CSI ? 2026 h)", "", 0, f.frames, p.frames);
	row("cpu, whole run (wait4 user+sys)", " s", 2, f.cpuS, p.cpuS, true);
	row("cpu, net of its start-up+exit baseline", " s", 2, f.netCpuS, p.netCpuS, true);
	row("cpu, Enter → settled (/proc/<pid>/stat)", " s", 2, f.answerCpuS, p.answerCpuS);
	row("peak RSS", " MB", 0, f.maxRssMb, p.maxRssMb);
	return out;
}

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
	if (f.peer) out.push(...formatPeer(f));

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
		peer: process.argv.includes("--peer"),
	});
	for (const line of formatTuiBench(result)) console.log(line);
	console.log(`\n${JSON.stringify(result, (key, value) => (key === "samples" ? undefined : value), 2)}`);
}
