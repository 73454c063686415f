/**
 * Resources and messages, through the real binary against the mock LLM:
 * every error names what weft really reads and really waits for, retries
 * are visible, a request too large for the model is refused before it is
 * sent, and bash's spill files are capped and leave nothing behind.
 */
import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import type { MockLlm } from "../../src/testing/mock-llm/index.js";
import { mockProviderSettings, runWeft, type Sandbox, withMockSandbox } from "../support/weft-cli.js";

let sandbox: Sandbox;
let llm: MockLlm;
withMockSandbox((s, l) => {
	sandbox = s;
	llm = l;
});

const API = "openai-completions";
const settings = (extra: Record<string, unknown> = {}) =>
	mockProviderSettings(llm.baseUrlFor(API), API, { retry: { baseDelayMs: 5 }, ...extra });

/** The sandbox's HOME is the folder above WEFT_HOME, so weft shows WEFT_HOME as ~/<its name>. */
const shownHome = () => `~/${basename(sandbox.home)}`;

/** A temp folder of the sandbox's own, so what weft leaves in it can be checked. */
function sandboxTmp(): string {
	const tmp = join(dirname(sandbox.home), "tmp");
	mkdirSync(tmp, { recursive: true });
	sandbox.env.TMPDIR = tmp;
	return tmp;
}

describe("a rejected API key", () => {
	it("points at the auth.json in WEFT_HOME that the key came from, and at no variable weft does not read", async () => {
		const config = settings();
		delete (config.providers.mock as { apiKey?: string }).apiKey;
		sandbox.settings(config);
		writeFileSync(
			join(sandbox.home, "auth.json"),
			JSON.stringify({ mock: { type: "api_key", key: "stored" } }),
		);
		llm.push({ error: { status: 401, message: "invalid key" } });

		const result = await runWeft(sandbox, ["-p", "hi"]);

		expect(result.code).toBe(1);
		expect(llm.requests[0].headers.authorization).toBe("Bearer stored");
		expect(result.stderr).toContain(
			`provider mock rejected the API key (401 invalid key); check the key stored for "mock" in ${shownHome()}/auth.json, or store a new one with /login`,
		);
		expect(result.stderr).not.toMatch(/[A-Z]+_API_KEY|~\/\.weft/);
	});

	it("says no key was sent and where one goes, in WEFT_HOME, when none is configured", async () => {
		const config = settings();
		delete (config.providers.mock as { apiKey?: string }).apiKey;
		sandbox.settings(config);
		llm.push({ error: { status: 401, message: "missing key" } });

		const result = await runWeft(sandbox, ["-p", "hi"]);

		expect(result.code).toBe(1);
		expect(result.stderr).toContain(
			`no API key for "mock": set "apiKey" under providers.mock in ${shownHome()}/settings.json, or store one with /login (kept in ${shownHome()}/auth.json)`,
		);
		expect(result.stderr).not.toMatch(/[A-Z]+_API_KEY|~\/\.weft/);
	});

	it("names the variable that settings point the key at", async () => {
		const config = settings();
		(config.providers.mock as { apiKey?: string }).apiKey = "$WORK_LLM_KEY";
		sandbox.settings(config);
		sandbox.env.WORK_LLM_KEY = "work";
		llm.push({ error: { status: 401, message: "expired" } });

		const result = await runWeft(sandbox, ["-p", "hi"]);

		expect(result.stderr).toContain("check the key in $WORK_LLM_KEY (named by providers.mock.apiKey");
	});
});

describe("rate limits and retries", () => {
	it("gives the wait a 429 asks for, and stops when it is longer than weft waits", async () => {
		sandbox.settings(settings());
		llm.push({ error: { status: 429, message: "slow down", retryAfterSeconds: 3600 } }, { text: "unused" });

		const result = await runWeft(sandbox, ["-p", "hi"]);

		expect(result.code).toBe(1);
		expect(llm.requests).toHaveLength(1);
		expect(result.stderr.trim()).toBe(
			"weft: provider mock is rate limiting requests (429 slow down); it asks to wait 60 min before the next request; that is longer than weft waits by itself (60 s), so it stopped",
		);
	});

	it("shows each retry on stderr in -p: what failed, the wait, attempt n of m", async () => {
		sandbox.settings(settings());
		llm.push({ error: { status: 503, message: "busy" } }, { error: { status: 500 } }, { text: "Made it." });

		const result = await runWeft(sandbox, ["-p", "hi"]);

		expect(result.code).toBe(0);
		expect(result.stdout).toBe("Made it.\n");
		const lines = result.stderr.trim().split("\n");
		expect(lines).toHaveLength(2);
		expect(lines[0]).toMatch(
			/^weft: provider mock had a server error \(503 busy\); try again later — retrying in \d+ ms \(attempt 2 of 4\)$/,
		);
		expect(lines[1]).toMatch(
			/\(500 mock error 500\); try again later — retrying in \d+ ms \(attempt 3 of 4\)$/,
		);
	});

	it("puts each retry in the JSON stream with its attempt, limit, delay, error and kind", async () => {
		sandbox.settings(settings());
		llm.push({ error: { status: 529, message: "overloaded" } }, { text: "Fine." });

		const result = await runWeft(sandbox, ["--mode", "json", "hi"]);

		expect(result.code).toBe(0);
		const events = result.stdout
			.trim()
			.split("\n")
			.map((line) => JSON.parse(line));
		const retries = events.filter((event) => event.type === "retry");
		expect(retries).toEqual([
			{
				type: "retry",
				attempt: 1,
				maxRetries: 3,
				delayMs: expect.any(Number),
				error: "provider mock is overloaded (529 overloaded); try again later",
				kind: "server",
			},
		]);
		expect(events.findIndex((e) => e.type === "retry")).toBeLessThan(
			events.findIndex((e) => e.type === "message_end"),
		);
	});

	it("announces a stall when the idle timeout fires, and retries a stall only once", async () => {
		// Far above the mock's answer time, so only the scripted stalls can trip it.
		sandbox.settings(settings({ idleTimeoutMs: 2000 }));
		const stall = { text: "never arrives", stallAfterChunks: 0 };
		llm.push(stall, stall, { text: "not asked for" });

		const result = await runWeft(sandbox, ["-p", "hi"]);

		expect(result.code).toBe(1);
		expect(llm.requests).toHaveLength(2);
		expect(result.stderr.trim().split("\n")).toEqual([
			expect.stringMatching(
				/^weft: model mock-model \(provider mock\) sent nothing for 2 s; the stream stalled — retrying in \d+ ms \(attempt 2 of 4\)$/,
			),
			"weft: model mock-model (provider mock) sent nothing for 2 s; the stream stalled; it stalled 2 times in a row, so weft stopped retrying",
		]);
	});
});

describe("a request larger than the model's context window", () => {
	it("is refused with the estimate, the window and what to do, and never reaches the provider", async () => {
		const config = settings();
		config.providers.mock.models = [{ id: "mock-model", contextWindow: 8192 }];
		sandbox.settings(config);
		const huge = "Please review this log line by line.\n".repeat(20_000);

		const result = await runWeft(sandbox, ["-p"], { stdin: huge });

		expect(result.code).toBe(1);
		expect(llm.requests).toHaveLength(0);
		expect(result.stderr).toMatch(
			/this request was not sent: it needs at least ~1\d\d,\d\d\d tokens by weft's estimate, more than the 8,192-token context window of model mock-model \(provider mock\); compact the conversation \(\/compact\), start a new session/,
		);
	});

	it("still sends a normal request to the same small model", async () => {
		const config = settings();
		config.providers.mock.models = [{ id: "mock-model", contextWindow: 8192 }];
		sandbox.settings(config);
		llm.push({ text: "Short answer." });

		const result = await runWeft(sandbox, ["-p", "Summarise the README in two lines."]);

		expect(result.code).toBe(0);
		expect(result.stdout).toBe("Short answer.\n");
	});
});

describe("bash spill files", () => {
	it("are capped, described truthfully to the model, and gone when the run ends", async () => {
		const tmp = sandboxTmp();
		sandbox.settings(settings());
		let seen: { note: string; size: number } | undefined;
		llm.push({ toolCalls: [{ name: "bash", args: { command: "seq 1 3000000" } }] }, (request) => {
			const body = JSON.stringify(request.body);
			const path = /weft-bash-\d+-[0-9a-f-]{36}\.log/.exec(body)?.[0];
			const note = /\[output truncated;[^\]]*\]/.exec(body)?.[0] ?? "";
			seen = { note, size: path ? statSync(join(tmp, path)).size : -1 };
			return { text: "Looked at it." };
		});

		const result = await runWeft(sandbox, ["-p", "count to three million"]);

		expect(result.code, result.stderr).toBe(0);
		expect(seen?.note).toMatch(
			/^\[output truncated; its first 8\.0 MB and last 8\.0 MB are saved to .*weft-bash-\d+-.*\.log \(a temporary file, deleted when this session ends\); the \d+ lines \(\d+\.\d MB\) between them were not kept\]$/,
		);
		// seq 1 3000000 prints 20.9 MB; the file holds the two 8 MiB ends and the marker line.
		expect(seen?.size).toBeGreaterThan(16 * 1024 * 1024 - 64 * 1024);
		expect(seen?.size).toBeLessThanOrEqual(16 * 1024 * 1024 + 200);
		expect(readdirSync(tmp).filter((name) => name.startsWith("weft-bash-"))).toEqual([]);
	});

	it("left by a killed run are removed at start; other files in the temp folder are kept", async () => {
		const tmp = sandboxTmp();
		sandbox.settings(settings());
		const deadPid = spawnSync(process.execPath, ["-e", ""]).pid;
		const stale = join(tmp, `weft-bash-${deadPid}-${randomUUID()}.log`);
		const liveOwner = join(tmp, `weft-bash-${process.pid}-${randomUUID()}.log`);
		const others = [
			join(tmp, "notes.txt"),
			join(tmp, "weft-bash-notes.log"),
			join(tmp, `build-${deadPid}.log`),
		];
		for (const file of [stale, liveOwner, ...others]) writeFileSync(file, "x");
		const recent = Date.now() / 1000;
		utimesSync(stale, recent, recent);
		llm.push({ text: "Hello." });

		const result = await runWeft(sandbox, ["-p", "hi"]);

		expect(result.code).toBe(0);
		expect(existsSync(stale)).toBe(false);
		for (const kept of [liveOwner, ...others]) expect(existsSync(kept), kept).toBe(true);
	});
});
