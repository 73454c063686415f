/**
 * Runs the built `weft` binary as a user would, in a throwaway home and
 * project folder, with provider keys scrubbed from the environment.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach } from "vitest";
import type { ApiKind } from "../../src/kernel/provider.js";
import { type MockLlm, startMockLlm } from "../../src/testing/mock-llm/index.js";
import { writeFileWithFolders } from "./temp-files.js";

export const WEFT_BIN = resolve(import.meta.dirname, "../../bin/weft.js");

export interface Sandbox {
	home: string;
	cwd: string;
	env: NodeJS.ProcessEnv;
	cleanup(): void;
	/** Writes `<home>/settings.json`. */
	settings(value: unknown): void;
	/** Writes a file (a relative path is the project folder's), making its folders; returns its path. */
	write(path: string, text: string): string;
	/** Every session file under the sandbox home, newest last. */
	sessionFiles(): string[];
	readSession(file: string): any[];
}

const KEY_VARS = /API_KEY$|^WEFT_/;

export function makeSandbox(): Sandbox {
	const root = mkdtempSync(join(tmpdir(), "weft-e2e-"));
	const home = join(root, "home");
	const cwd = join(root, "project");
	mkdirSync(home, { recursive: true });
	mkdirSync(cwd, { recursive: true });
	const env: NodeJS.ProcessEnv = {};
	for (const [k, v] of Object.entries(process.env)) if (!KEY_VARS.test(k)) env[k] = v;
	env.WEFT_HOME = home;
	env.HOME = root;
	return {
		home,
		cwd,
		env,
		// Retried: a weft just killed in tmux may still be writing its session file.
		cleanup: () => rmSync(root, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 }),
		settings: (value) => writeFileSync(join(home, "settings.json"), JSON.stringify(value, null, 2)),
		write: (path, text) => writeFileWithFolders(resolve(cwd, path), text),
		sessionFiles: () => {
			const dir = join(home, "sessions");
			const out: string[] = [];
			let projects: string[] = [];
			try {
				projects = readdirSync(dir);
			} catch {
				return out;
			}
			// Only the sessions: /resume keeps its index (index.json) beside them.
			for (const p of projects) {
				for (const f of readdirSync(join(dir, p)).sort()) if (f.endsWith(".jsonl")) out.push(join(dir, p, f));
			}
			return out;
		},
		readSession: (file) =>
			readFileSync(file, "utf8")
				.split("\n")
				.filter((l) => l.trim())
				.map((l) => JSON.parse(l)),
	};
}

/**
 * Before each test: a fresh sandbox whose settings point at a fresh mock LLM
 * (openai-completions, empty script), handed to `use`; after it, both are
 * closed and removed.
 */
export function withMockSandbox(
	use: (sandbox: Sandbox, llm: MockLlm) => void,
	/** More settings, e.g. `{ defaultProvider: "mock", defaultModel: "mock-model" }` so the terminal UI needs no setup. */
	extraSettings: Record<string, unknown> = {},
): void {
	let sandbox: Sandbox | undefined;
	let llm: MockLlm | undefined;
	beforeEach(async () => {
		sandbox = makeSandbox();
		llm = await startMockLlm({ script: [] });
		sandbox.settings(
			mockProviderSettings(llm.baseUrlFor("openai-completions"), "openai-completions", extraSettings),
		);
		use(sandbox, llm);
	});
	afterEach(async () => {
		await llm?.close();
		sandbox?.cleanup();
	});
}

/** Settings pointing a provider named `mock` at the mock server with the given wire format. */
export function mockProviderSettings(baseUrl: string, api: ApiKind, extra: Record<string, unknown> = {}) {
	return {
		providers: {
			mock: { api, baseUrl, apiKey: "test-key", models: [{ id: "mock-model", contextWindow: 32768 }] },
		},
		retry: { baseDelayMs: 5 },
		...extra,
	};
}

export interface RunResult {
	code: number | null;
	signal: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
}

export interface RunOptions {
	stdin?: string;
	/** Called once the process is spawned (to signal it mid-run). */
	onSpawn?: (child: ChildProcess) => void;
}

export function runWeft(sandbox: Sandbox, args: string[], options: RunOptions = {}): Promise<RunResult> {
	return new Promise((resolvePromise, reject) => {
		const child = spawn(process.execPath, [WEFT_BIN, ...args], {
			cwd: sandbox.cwd,
			env: sandbox.env,
			stdio: ["pipe", "pipe", "pipe"],
		});
		let stdout = "";
		let stderr = "";
		child.stdout.on("data", (d) => {
			stdout += d;
		});
		child.stderr.on("data", (d) => {
			stderr += d;
		});
		child.on("error", reject);
		child.on("close", (code, signal) => resolvePromise({ code, signal, stdout, stderr }));
		if (options.stdin !== undefined) child.stdin.end(options.stdin);
		else child.stdin.end();
		options.onSpawn?.(child);
	});
}

/** Resolves when `check` passes, polling; rejects after `limitMs` (a hang guard, not a timing assertion). */
export async function waitFor(check: () => boolean, limitMs = 10_000): Promise<void> {
	const start = Date.now();
	while (!check()) {
		if (Date.now() - start > limitMs) throw new Error("condition not reached");
		await new Promise((r) => setTimeout(r, 20));
	}
}
