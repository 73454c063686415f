// Shared benchmark helpers: timing via bench/measure.py (wall, peak RSS, CPU
// of one child), series with medians, the mock LLM in its own process, and
// throwaway sandboxes.
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const weftBin = join(root, "bin/weft.js");

export function measure(cmd, args, { env = process.env, cwd = root } = {}) {
	const out = execFileSync("python3", [join(root, "bench/measure.py"), cmd, ...args], {
		env,
		cwd,
		encoding: "utf8",
	});
	const result = JSON.parse(out);
	if (result.code !== 0) throw new Error(`${cmd} ${args.join(" ")} exited ${result.code}: ${result.stderr}`);
	return result;
}

export function series(label, runs, fn) {
	fn(); // warm the file cache (and any on-disk compile cache)
	const samples = [];
	for (let i = 0; i < runs; i++) samples.push(fn());
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

/** The mock LLM in its own process: measurements block this one while weft runs. */
export function startMockProcess(turns, dir) {
	const scriptFile = join(dir, `script-${Date.now()}-${Math.random().toString(36).slice(2)}.json`);
	writeFileSync(scriptFile, JSON.stringify(turns));
	const child = spawn(
		process.execPath,
		[join(root, "dist/testing/mock-llm/cli.js"), "--script", scriptFile],
		{
			stdio: ["ignore", "pipe", "inherit"],
		},
	);
	return new Promise((resolvePromise, reject) => {
		child.on("error", reject);
		child.stdout.once("data", (line) =>
			resolvePromise({ url: JSON.parse(String(line)).url, stop: () => child.kill("SIGTERM") }),
		);
	});
}

/** A home with a mock provider configured and an empty project folder. */
export function makeSandbox(mockUrl) {
	const dir = mkdtempSync(join(tmpdir(), "weft-bench-"));
	const home = join(dir, "home");
	const project = join(dir, "project");
	mkdirSync(home, { recursive: true });
	mkdirSync(project, { recursive: true });
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
	writeFileSync(join(home, "settings.json"), JSON.stringify(settings));
	return {
		dir,
		home,
		project,
		env: { ...process.env, WEFT_HOME: home },
		cleanup: () => rmSync(dir, { recursive: true, force: true }),
	};
}

export function row(r, floorMs, budget = "") {
	const ratio = floorMs ? ` ×${(r.medianMs / floorMs).toFixed(2).padEnd(5)}` : "";
	return (
		`${r.label.padEnd(40)} ${r.medianMs.toFixed(1).padStart(7)} ms  p90 ${r.p90Ms.toFixed(1).padStart(7)} ms${ratio}` +
		`  RSS ${r.peakRssMb.toFixed(1).padStart(5)} MB  cpu ${r.cpuMs.toFixed(0).padStart(4)} ms  ${budget}`
	);
}
