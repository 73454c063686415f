/**
 * The terminal UI as one channel among others (issue 14): interactive weft
 * in a real terminal (tmux) with the http-channel example started by
 * `--channel http` on a free port. A POST /prompt is answered by the mock
 * while the terminal is up, in a session of its own beside the terminal's;
 * an extension's channel sees "terminal" in the registry; an unknown id and
 * `--channel` in `-p` are refused with what to do. Beside `--mode rpc` the
 * same, reported on stderr, and an untrusted project's `channels` setting
 * does not apply.
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type MockLlm, startMockLlm } from "../../src/testing/mock-llm/index.js";
import { TmuxSession, tmuxMissingReason } from "../support/tmux.js";
import {
	makeSandbox,
	mockProviderSettings,
	runWeft,
	type Sandbox,
	WEFT_BIN,
	waitFor,
} from "../support/weft-cli.js";

const missing = tmuxMissingReason();
const title = missing
	? `channels beside the terminal UI (skipped: ${missing})`
	: "channels beside the terminal UI";
if (missing)
	console.warn(`test/e2e/tui-channels.test.ts: skipping the terminal end-to-end tests: ${missing}`);

const HTTP_CHANNEL = resolve(import.meta.dirname, "../../examples/extensions/http-channel/index.ts");
const READY = "Ask anything";

/** The text of every user message the model was sent in one request. */
function userTexts(llm: MockLlm, index: number): string[] {
	return llm.requests[index].body.messages
		.filter((m: { role: string }) => m.role === "user")
		.map((m: { content: string | Array<{ text?: string }> }) =>
			typeof m.content === "string" ? m.content : m.content.map((p) => p.text ?? "").join(""),
		);
}

/** The example on port 0 (a free one), its URL written where the test can read it. */
function writeHttpChannel(sandbox: Sandbox): { http: string; urlFile: string } {
	const urlFile = join(sandbox.cwd, "http-url.txt");
	const http = sandbox.write(
		"ext/http.ts",
		`import { writeFileSync } from "node:fs";
import { httpChannel } from ${JSON.stringify(HTTP_CHANNEL)};
export default httpChannel({ port: 0, onListening: (url) => writeFileSync(${JSON.stringify(urlFile)}, url) });
`,
	);
	return { http, urlFile };
}

/** An extension's channel "probe" that writes the ids registered when it starts. */
function writeProbe(sandbox: Sandbox): { probe: string; seenFile: string } {
	const seenFile = join(sandbox.cwd, "channels-seen.txt");
	const probe = sandbox.write(
		"ext/probe.ts",
		`import { writeFileSync } from "node:fs";
export default function (weft) {
	weft.registerChannel({
		id: "probe",
		description: "writes the registered channels",
		start: (ctx) => writeFileSync(${JSON.stringify(seenFile)}, ctx.kernel.channels.names().join(",")),
		stop() {},
	});
}
`,
	);
	return { probe, seenFile };
}

/** A port nothing listens on now (asked of the system, then released). */
function freePort(): Promise<number> {
	return new Promise((resolvePort, reject) => {
		const server = createServer();
		server.once("error", reject);
		server.listen(0, "127.0.0.1", () => {
			const { port } = server.address() as { port: number };
			server.close(() => resolvePort(port));
		});
	});
}

function mockSettings(llm: MockLlm) {
	return mockProviderSettings(llm.baseUrlFor("openai-completions"), "openai-completions", {
		defaultProvider: "mock",
		defaultModel: "mock-model",
	});
}

/** `weft --mode rpc` (or `mode`) with `args`, its stdin held open until `done` resolves; its exit code and stderr. */
function rpcWeft(
	sandbox: Sandbox,
	args: string[],
	done: (stderr: () => string) => Promise<void>,
	mode: "rpc" | "acp" = "rpc",
): Promise<{ code: number | null; stderr: string }> {
	const child = spawn(process.execPath, [WEFT_BIN, "--mode", mode, ...args], {
		cwd: sandbox.cwd,
		env: sandbox.env,
		stdio: ["pipe", "pipe", "pipe"],
	});
	let stderr = "";
	child.stderr.on("data", (d) => {
		stderr += d;
	});
	const exited = new Promise<number | null>((resolveExit) => child.on("close", resolveExit));
	return done(() => stderr).then(
		async () => {
			child.stdin.end();
			return { code: await exited, stderr };
		},
		(error) => {
			child.kill();
			throw error;
		},
	);
}

describe("channels beside --mode rpc and --mode acp", () => {
	let sandbox: Sandbox;
	let llm: MockLlm;

	beforeEach(async () => {
		sandbox = makeSandbox();
		llm = await startMockLlm({ script: [] });
		sandbox.settings(mockSettings(llm));
	});

	afterEach(async () => {
		await llm.close();
		rmSync(dirname(sandbox.home), { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
	});

	it("starts --channel http beside the RPC channel (--http-port N: the example's own flag) and says so on stderr", async () => {
		const port = await freePort();
		llm.push({ text: "answered over http beside rpc" });

		const args = ["-e", resolve(HTTP_CHANNEL, ".."), "--channel", "http", "--http-port", String(port)];
		const run = await rpcWeft(sandbox, args, async (stderr) => {
			await waitFor(() => stderr().includes("channel http started"));
			const response = await fetch(`http://127.0.0.1:${port}/prompt`, {
				method: "POST",
				body: JSON.stringify({ text: "hi" }),
			});
			expect(await response.json()).toMatchObject({ answer: "answered over http beside rpc" });
		});

		expect(run.code).toBe(0);
	});

	it("starts --channel http beside the ACP channel too", async () => {
		const port = await freePort();
		llm.push({ text: "answered over http beside acp" });

		const args = ["-e", resolve(HTTP_CHANNEL, ".."), "--channel", "http", "--http-port", String(port)];
		const run = await rpcWeft(
			sandbox,
			args,
			async (stderr) => {
				await waitFor(() => stderr().includes("channel http started"));
				const response = await fetch(`http://127.0.0.1:${port}/prompt`, {
					method: "POST",
					body: JSON.stringify({ text: "hi" }),
				});
				expect(await response.json()).toMatchObject({ answer: "answered over http beside acp" });
			},
			"acp",
		);

		expect(run.code).toBe(0);
	});

	it("ignores an untrusted project's channels setting; trusted, it starts them", async () => {
		const { probe, seenFile } = writeProbe(sandbox);
		sandbox.write(".weft/settings.json", JSON.stringify({ channels: ["probe"] }));

		const untrusted = await rpcWeft(sandbox, ["-e", probe], async (stderr) => {
			await waitFor(() => stderr().includes("ignored channels"));
		});
		expect(untrusted.code).toBe(0);
		expect(existsSync(seenFile)).toBe(false);

		const trusted = await rpcWeft(sandbox, ["-e", probe, "--trust"], async (stderr) => {
			await waitFor(() => existsSync(seenFile) && stderr().includes("channel probe started"));
		});
		expect(trusted.code).toBe(0);
		expect(readFileSync(seenFile, "utf8").split(",")).toContain("rpc");
	});
});

describe.skipIf(missing !== undefined)(title, () => {
	let sandbox: Sandbox;
	let llm: MockLlm;
	let tmux: TmuxSession | undefined;

	beforeEach(async () => {
		sandbox = makeSandbox();
		llm = await startMockLlm({ script: [] });
		sandbox.settings(mockSettings(llm));
	});

	afterEach(async () => {
		await tmux?.kill();
		tmux = undefined;
		await llm.close();
		rmSync(dirname(sandbox.home), { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
	});

	function start(args: string): Promise<TmuxSession> {
		const command = `'${process.execPath}' '${WEFT_BIN}' ${args}; echo "EXIT:$?"; sleep 30`;
		return TmuxSession.start({ command, cwd: sandbox.cwd, env: sandbox.env, width: 80, height: 24 }).then(
			(session) => {
				tmux = session;
				return session;
			},
		);
	}

	it("serves POST /prompt from its own session while the terminal talks to its own", async () => {
		const { http, urlFile } = writeHttpChannel(sandbox);
		const { probe, seenFile } = writeProbe(sandbox);
		llm.push({ text: "answered over http" }, { text: "answered in the terminal" });

		const term = await start(`-e '${http}' -e '${probe}' --channel http --channel probe`);
		await term.waitFor(READY);
		await term.waitFor("channel http started");
		await waitFor(() => existsSync(urlFile) && existsSync(seenFile));
		expect(readFileSync(seenFile, "utf8").split(",").sort()).toEqual(["http", "probe", "terminal"]);

		const response = await fetch(`${readFileSync(urlFile, "utf8")}/prompt`, {
			method: "POST",
			body: JSON.stringify({ text: "hello over http" }),
		});
		expect(response.status).toBe(200);
		const answer = await response.json();
		expect(answer).toMatchObject({ answer: "answered over http", reason: "completed" });

		await term.sendText("hello from the terminal");
		await term.waitFor("> hello from the terminal");
		await term.sendKeys("Enter");
		await term.waitFor("answered in the terminal");

		// Two sessions of one pool: neither request carried the other's conversation.
		expect(userTexts(llm, 0)).toEqual(["hello over http"]);
		expect(userTexts(llm, 1)).toEqual(["hello from the terminal"]);
		// The terminal's session and the channel's were both written, each its own file.
		await term.sendKeys("C-c");
		await term.waitFor("again to exit");
		await term.sendKeys("C-c");
		const screen = await term.waitFor(/EXIT:\d+/, { scrollback: true });
		expect(screen.slice(screen.lastIndexOf("EXIT:"))).toMatch(/^EXIT:0\b/);
		expect(sandbox.sessionFiles()).toHaveLength(2);
		await expect(fetch(`${readFileSync(urlFile, "utf8")}/prompt`, { method: "POST" })).rejects.toThrow();
	});

	it("takes the word after the example's --http-port as the port, not as a first prompt", async () => {
		const port = await freePort();
		const term = await start(`-e '${resolve(HTTP_CHANNEL, "..")}' --channel http --http-port ${port}`);
		await term.waitFor("channel http started");
		llm.push({ text: "answered on the given port" });
		const response = await fetch(`http://127.0.0.1:${port}/prompt`, {
			method: "POST",
			body: JSON.stringify({ text: "hi" }),
		});
		expect(await response.json()).toMatchObject({ answer: "answered on the given port" });
		expect(llm.requests).toHaveLength(1);
		expect(userTexts(llm, 0)).toEqual(["hi"]);
	});

	it("refuses an unknown channel id, naming a close match and the registered ones", async () => {
		const term = await start(`-e '${resolve(HTTP_CHANNEL, "..")}' --channel htp`);
		const screen = await term.waitFor(/EXIT:\d+/, { scrollback: true, joinWrapped: true });
		expect(screen).toContain(
			'weft: --channel: no channel "htp" is registered (did you mean "http"?); registered: terminal, http',
		);
		expect(screen.slice(screen.lastIndexOf("EXIT:"))).toMatch(/^EXIT:1\b/);
		expect(llm.requests).toHaveLength(0);
	});

	it("says -p starts no channel", async () => {
		const result = await runWeft(sandbox, ["-p", "hi", "--channel", "http"]);
		expect(result.code).toBe(2);
		expect(result.stderr).toContain(
			"--channel starts a channel beside the terminal UI, --mode rpc or --mode acp",
		);
		expect(llm.requests).toHaveLength(0);
	});
});
