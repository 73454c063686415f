// weft benchmarks: one command (`npm run bench`), figures as ratios against
// the floor measured in the same run (`node -e 0`). Not part of the tests.
// Usage: node bench/run.mjs [--runs N] [--json]
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const runsArg = process.argv.indexOf("--runs");
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 20;
const asJson = process.argv.includes("--json");
const weft = join(root, "bin/weft.js");

function measure(cmd, args, env = process.env, cwd = root) {
	const out = execFileSync("python3", [join(root, "bench/measure.py"), cmd, ...args], {
		env,
		cwd,
		encoding: "utf8",
	});
	const result = JSON.parse(out);
	if (result.code !== 0) throw new Error(`${cmd} ${args.join(" ")} exited ${result.code}: ${result.stderr}`);
	return result;
}

function startMockProcess(scriptFile) {
	const child = spawn(
		process.execPath,
		[join(root, "dist/testing/mock-llm/cli.js"), "--script", scriptFile],
		{
			stdio: ["ignore", "pipe", "inherit"],
		},
	);
	return new Promise((resolvePromise, reject) => {
		child.on("error", reject);
		child.stdout.once("data", (line) => resolvePromise({ child, url: JSON.parse(String(line)).url }));
	});
}

function series(label, fn) {
	fn(); // warm the file cache
	const samples = [];
	for (let i = 0; i < RUNS; i++) samples.push(fn());
	const walls = samples.map((s) => s.wallMs).sort((a, b) => a - b);
	const pick = (q) => walls[Math.min(walls.length - 1, Math.floor(q * walls.length))];
	return {
		label,
		medianMs: pick(0.5),
		p90Ms: pick(0.9),
		peakRssMb: Math.max(...samples.map((s) => s.maxRssKb)) / 1024,
		cpuMs: samples.map((s) => s.cpuMs).sort((a, b) => a - b)[Math.floor(samples.length / 2)],
	};
}

const sandbox = mkdtempSync(join(tmpdir(), "weft-bench-"));
const home = join(sandbox, "home");
const project = join(sandbox, "project");
mkdirSync(home, { recursive: true });
mkdirSync(project, { recursive: true });
writeFileSync(join(project, "notes.txt"), "the answer is 42\n");
// The mock runs in its own process: measurements block this one while weft runs.
const turns = [];
for (let i = 0; i <= RUNS; i++) {
	turns.push({ toolCalls: [{ name: "read", args: { path: "notes.txt" } }] }, { text: "The answer is 42." });
}
writeFileSync(join(sandbox, "script.json"), JSON.stringify(turns));
const mock = await startMockProcess(join(sandbox, "script.json"));
writeFileSync(
	join(home, "settings.json"),
	JSON.stringify({
		providers: {
			mock: {
				api: "openai-completions",
				baseUrl: `${mock.url}/v1`,
				apiKey: "bench",
				models: [{ id: "mock-model" }],
			},
		},
	}),
);
const env = { ...process.env, WEFT_HOME: home };

const floor = series("node -e 0", () => measure(process.execPath, ["-e", "0"]));
const version = series("weft --version", () => measure(process.execPath, [weft, "--version"], env));
const roundTrip = series("weft -p (read tool round trip)", () => {
	return measure(
		process.execPath,
		[weft, "-p", "--no-session", "what is the answer in notes.txt?"],
		env,
		project,
	);
});
mock.child.kill("SIGTERM");
rmSync(sandbox, { recursive: true, force: true });

const budgets = { version: 1.3, roundTrip: 3, rssMb: 90 };
const rows = [
	{ ...floor, ratio: 1 },
	{ ...version, ratio: version.medianMs / floor.medianMs, budget: `≤ ${budgets.version}×` },
	{
		...roundTrip,
		ratio: roundTrip.medianMs / floor.medianMs,
		budget: `≤ ${budgets.roundTrip}×, RSS ≤ ${budgets.rssMb} MB`,
	},
];
const verdict = {
	version: rows[1].ratio <= budgets.version,
	roundTrip: rows[2].ratio <= budgets.roundTrip,
	rss: Math.max(version.peakRssMb, roundTrip.peakRssMb) <= budgets.rssMb,
};
if (asJson) {
	console.log(JSON.stringify({ runs: RUNS, rows, verdict }, null, 2));
} else {
	console.log(`weft start-up benchmarks (${RUNS} runs each, median; ratio = median / node -e 0)\n`);
	for (const r of rows) {
		console.log(
			`${r.label.padEnd(34)} ${r.medianMs.toFixed(1).padStart(7)} ms  p90 ${r.p90Ms.toFixed(1).padStart(7)} ms  ` +
				`×${r.ratio.toFixed(2).padEnd(5)} RSS ${r.peakRssMb.toFixed(1).padStart(5)} MB  cpu ${r.cpuMs.toFixed(0).padStart(4)} ms  ${r.budget ?? ""}`,
		);
	}
	console.log(
		`\nwithin budget: --version ${verdict.version ? "yes" : "NO"}, round trip ${verdict.roundTrip ? "yes" : "NO"}, peak RSS ${verdict.rss ? "yes" : "NO"}`,
	);
}
