// The peer for the terminal UI benchmark (bench/tui.mjs --peer): pi, the
// most-used TypeScript coding agent (npm @mariozechner/pi-coding-agent, pinned
// below), installed once into bench/.peers/pi-<version>/ (gitignored) and run
// against the same mock LLM as weft. Its config folder is a throwaway one
// (PI_CODING_AGENT_DIR, and HOME too), so the real ~/.pi is never read or
// written; PI_OFFLINE=1 stops its start-up network calls (update check,
// telemetry, fd/ripgrep downloads). Checked with strace on 0.73.1: the only
// processes it starts are `fd`/`fdfind`/`rg --version` probes at start-up
// (reaped by it, so inside wait4's figure); nothing during an answer. It makes
// exactly one request per prompt.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { root } from "./lib.mjs";
import { COLUMNS, ROWS } from "./tui-fixtures.mjs";

export const PI_PACKAGE = "@mariozechner/pi-coding-agent";
export const PI_VERSION = "0.73.1";
const prefix = join(root, "bench/.peers", `pi-${PI_VERSION}`);
const packageDir = join(prefix, "node_modules", PI_PACKAGE);

/** pi's entry point (installed if absent), or undefined after one line on stderr saying why not. */
export function ensurePi() {
	const manifest = join(packageDir, "package.json");
	const installed = () =>
		existsSync(manifest) && JSON.parse(readFileSync(manifest, "utf8")).version === PI_VERSION;
	if (!installed()) {
		mkdirSync(prefix, { recursive: true });
		try {
			execFileSync(
				"npm",
				["install", "--prefix", prefix, "--no-save", "--ignore-scripts", `${PI_PACKAGE}@${PI_VERSION}`],
				{ stdio: ["ignore", "ignore", "pipe"], encoding: "utf8" },
			);
		} catch (error) {
			const why = String(error.stderr || error.message)
				.trim()
				.split("\n")
				.at(-1);
			console.error(`peer skipped: npm install ${PI_PACKAGE}@${PI_VERSION} failed (${why})`);
			return undefined;
		}
		if (!installed()) {
			console.error(
				`peer skipped: ${PI_PACKAGE}@${PI_VERSION} installed but ${manifest} is not that version`,
			);
			return undefined;
		}
	}
	const bin = JSON.parse(readFileSync(manifest, "utf8")).bin.pi;
	return join(packageDir, bin);
}

/**
 * A throwaway pi home whose models.json points pi at the mock (OpenAI
 * completions, model mock-model), and what bench/tui-fixtures.mjs drive()
 * needs to run it as weft is run: argv after `node`, env, cwd, and the text
 * that is on screen once its UI is up (the footer names the model).
 */
export function piSandbox(mockUrl, cli) {
	const dir = mkdtempSync(join(tmpdir(), "weft-bench-pi-"));
	const agentDir = join(dir, "agent");
	const project = join(dir, "project");
	mkdirSync(agentDir, { recursive: true });
	mkdirSync(project, { recursive: true });
	const models = {
		providers: {
			mock: {
				baseUrl: `${mockUrl}/v1`,
				api: "openai-completions",
				apiKey: "bench",
				compat: { supportsDeveloperRole: false, supportsReasoningEffort: false },
				models: [{ id: "mock-model", contextWindow: 200000 }],
			},
		},
	};
	writeFileSync(join(agentDir, "models.json"), JSON.stringify(models));
	const env = {
		...process.env,
		HOME: dir,
		PI_CODING_AGENT_DIR: agentDir,
		PI_OFFLINE: "1",
		PI_SKIP_VERSION_CHECK: "1",
		PI_TELEMETRY: "0",
		TERM: "xterm-256color",
		COLUMNS: String(COLUMNS),
		LINES: String(ROWS),
	};
	delete env.COLORFGBG;
	delete env.NODE_OPTIONS;
	return {
		name: "pi",
		version: PI_VERSION,
		dir,
		project,
		cwd: project,
		env,
		argv: [cli, "--provider", "mock", "--model", "mock-model"],
		readyText: "mock-model",
		cleanup: () => rmSync(dir, { recursive: true, force: true }),
	};
}
