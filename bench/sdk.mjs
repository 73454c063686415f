// The embeddable host (createWeft, built dist/): the peak memory of ten
// concurrent sessions in one process against the same process with one
// session (issue 14's budget: ≤ 1.5× plus the sessions' own history), and a
// prompt → agent_end round trip through the SDK handle, which the RPC bench
// compares against (`sdkRoundTrip`). The mock model runs in its own process.
// Usage: node bench/sdk.mjs [--runs N]   (after `npm run build`)
//        node bench/sdk.mjs --child N URL HISTORY_FILE   (one measured process; internal)
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { measure, root, startMockProcess } from "./lib.mjs";

export const MEMORY_BUDGET = 1.5;
const ANSWER = { text: "The answer is 42." };

/** createWeft from the built package, its settings pointing at the mock, in a throwaway home. */
async function startWeft(mockUrl) {
	const { createWeft } = await import(pathToFileURL(join(root, "dist/index.js")).href);
	const home = mkdtempSync(join(tmpdir(), "weft-bench-sdk-"));
	const settings = {
		providers: {
			mock: {
				api: "openai-completions",
				baseUrl: `${mockUrl}/v1`,
				apiKey: "bench",
				models: [{ id: "mock-model" }],
			},
		},
	};
	const weft = await createWeft({ cwd: home, home, env: {}, settings, noExtensions: true });
	return {
		weft,
		close: async () => {
			await weft.shutdown();
			rmSync(home, { recursive: true, force: true });
		},
	};
}

/** The measured process: N sessions prompting at once; writes their history size (JSON bytes) to `historyFile`. */
async function child(count, mockUrl, historyFile) {
	const { weft, close } = await startWeft(mockUrl);
	const sessions = await Promise.all(
		Array.from({ length: count }, () => weft.sessions.create({ session: { persist: false } })),
	);
	await Promise.all(sessions.map((session, i) => session.prompt(`question ${i + 1}: what is in notes.txt?`)));
	const history = sessions.reduce((sum, s) => sum + JSON.stringify(s.messages).length, 0);
	writeFileSync(historyFile, String(history));
	await close();
}

/** Peak RSS of one process running `count` sessions (median of `runs`), and their history. */
function sessionsRss(count, runs, mockUrl, dir) {
	const historyFile = join(dir, `history-${count}`);
	const rss = [];
	for (let i = 0; i < runs; i++) {
		const r = measure(process.execPath, [
			join(root, "bench/sdk.mjs"),
			"--child",
			String(count),
			mockUrl,
			historyFile,
		]);
		rss.push(r.maxRssKb / 1024);
	}
	rss.sort((a, b) => a - b);
	return {
		peakRssMb: rss[Math.floor(rss.length / 2)],
		historyMb: Number(readFileSync(historyFile, "utf8")) / 1024 / 1024,
	};
}

/**
 * prompt → agent_end through the SDK handle, in this process: one session,
 * `runs` prompts after one warm-up, each timed from the call to the
 * `agent_end` event. Starts its own mock process unless `mockUrl` is given
 * (which must then answer `runs + 1` text turns).
 */
export async function sdkRoundTrip({ runs = 20, mockUrl } = {}) {
	const mock = mockUrl
		? undefined
		: await startMockProcess(
				Array.from({ length: runs + 1 }, () => ANSWER),
				tmpdir(),
			);
	const { weft, close } = await startWeft(mockUrl ?? mock.url);
	try {
		const session = await weft.sessions.create({ session: { persist: false } });
		const samples = [];
		for (let i = 0; i <= runs; i++) {
			let ended = 0;
			const off = session.subscribe((event) => {
				if (event.type === "agent_end") ended = performance.now();
			});
			const started = performance.now();
			await session.prompt(`round trip ${i}`);
			off();
			if (i > 0) samples.push(ended - started);
		}
		samples.sort((a, b) => a - b);
		const pick = (q) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))];
		return { medianMs: pick(0.5), p90Ms: pick(0.9), samples };
	} finally {
		await close();
		mock?.stop();
	}
}

export async function sdkBench({ runs = 20 } = {}) {
	const memoryRuns = Math.max(3, Math.min(runs, 5));
	const dir = mkdtempSync(join(tmpdir(), "weft-bench-sdk-"));
	const mock = await startMockProcess(
		Array.from({ length: (memoryRuns + 1) * 11 }, () => ANSWER),
		dir,
	);
	try {
		sessionsRss(1, 1, mock.url, dir); // warm the file cache
		const one = sessionsRss(1, memoryRuns, mock.url, dir);
		const ten = sessionsRss(10, memoryRuns, mock.url, dir);
		const roundTrip = await sdkRoundTrip({ runs });
		return { one, ten, roundTrip, budgetMb: MEMORY_BUDGET * one.peakRssMb + ten.historyMb };
	} finally {
		mock.stop();
		rmSync(dir, { recursive: true, force: true });
	}
}

export function formatSdkBench({ one, ten, roundTrip, budgetMb }) {
	const ratio = ten.peakRssMb / one.peakRssMb;
	return [
		"SDK (createWeft): peak RSS of one process, median",
		`  1 session   ${one.peakRssMb.toFixed(1).padStart(6)} MB`,
		`  10 sessions ${ten.peakRssMb.toFixed(1).padStart(6)} MB  ×${ratio.toFixed(2)} of one (history ${(ten.historyMb * 1024).toFixed(1)} KB)  budget ≤ ${MEMORY_BUDGET}× + history = ${budgetMb.toFixed(1)} MB ${ten.peakRssMb <= budgetMb ? "ok" : "OVER"}`,
		`  prompt → agent_end through the handle: median ${roundTrip.medianMs.toFixed(2)} ms, p90 ${roundTrip.p90Ms.toFixed(2)} ms (${roundTrip.samples.length} runs)`,
	];
}

const childArg = process.argv.indexOf("--child");
if (childArg > 0) {
	const [count, url, historyFile] = process.argv.slice(childArg + 1);
	await child(Number(count), url, historyFile);
} else if (import.meta.url === pathToFileURL(process.argv[1]).href) {
	const runsArg = process.argv.indexOf("--runs");
	for (const line of formatSdkBench(
		await sdkBench({ runs: runsArg > 0 ? Number(process.argv[runsArg + 1]) : 20 }),
	))
		console.log(line);
}
