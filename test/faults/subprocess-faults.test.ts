/**
 * Subprocess extensions that misbehave, through the real `weft` binary
 * against the mock LLM, with extensions in shell, Python and Node (Python
 * skipped where python3 is missing):
 *
 * - one that takes seconds to say hello (beyond the old 3 s limit) still
 *   loads, without holding up the start of the run, and its tool is offered
 *   on the first model request;
 * - one that stops answering is restarted once, then suspended;
 * - a child it started that ignores SIGTERM does not outlive weft.
 *
 * Nothing here races the clock: the order of events is proven by the
 * extensions themselves (marker files), the mock holds a turn until the
 * condition it needs has happened, and every wait is a poll with a ceiling
 * far above the time it should take.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { MockLlm, RecordedRequest } from "../../src/testing/mock-llm/index.js";
import {
	AVAILABLE,
	alive,
	type Sandbox as Extensions,
	HAS_PYTHON,
	LANGUAGES,
	type Language,
	makeSandbox as makeExtensions,
	NO_PYTHON_REASON,
	waitFor,
} from "../e2e/subprocess-fixtures.js";
import { mockProviderSettings, runWeft, type Sandbox, withMockSandbox } from "../support/weft-cli.js";

/** Generous: a loaded machine may take long to get there; nothing waits for a time to pass. */
const CEILING_MS = 20_000;
const NAMES: Record<Language, string> = { sh: "shell", py: "Python", node: "Node" };

let sandbox: Sandbox;
let llm: MockLlm;
let exts: Extensions;

withMockSandbox((made, started) => {
	sandbox = made;
	llm = started;
	exts = makeExtensions();
});
afterEach(() => exts.cleanup());

function withSettings(extra: Record<string, unknown>): void {
	sandbox.settings(mockProviderSettings(llm.baseUrlFor("openai-completions"), "openai-completions", extra));
}

/** The names of the tools a chat-completions request offers. */
const toolsOffered = (request: RecordedRequest): string[] =>
	(request.body.tools ?? []).map((tool: any) => tool.function.name);

/** Every tool result a chat-completions request carries, in order. */
const toolResults = (request: RecordedRequest): string[] =>
	request.body.messages.filter((m: any) => m.role === "tool").map((m: any) => String(m.content));

const readLines = (file: string): string[] => {
	try {
		return readFileSync(file, "utf8").split("\n").filter(Boolean);
	} catch {
		return [];
	}
};

const weftLog = (name: string): string => {
	try {
		return readFileSync(join(sandbox.home, "logs", `ext-${name}.log`), "utf8");
	} catch {
		return "";
	}
};

/**
 * Sleeps 4 s (past the 3 s weft used to allow), then waits until the run has
 * started — the fast extension's marker, written when it sees session_start —
 * and records whether it saw that before saying hello. If weft held the run
 * until this hello, the marker would never come and "timed out" is recorded.
 */
const SLOW_HELLO: Record<Language, (marker: string) => string> = {
	sh: (marker) => `sleep 4
for _ in $(seq 1 200); do [ -e '${marker}' ] && break; sleep 0.1; done
if [ -e '${marker}' ]; then echo "after session start" > order; else echo "timed out" > order; fi
start; ready; serve`,
	py: (marker) => `time.sleep(4)
deadline = time.time() + 20
while not os.path.exists(${JSON.stringify(marker)}) and time.time() < deadline: time.sleep(0.1)
open("order", "w").write("after session start" if os.path.exists(${JSON.stringify(marker)}) else "timed out")
start(); ready(); serve()`,
	node: (marker) => `const { existsSync, writeFileSync } = await import("node:fs");
await new Promise((r) => setTimeout(r, 4000));
for (let i = 0; i < 200 && !existsSync(${JSON.stringify(marker)}); i++) await new Promise((r) => setTimeout(r, 100));
writeFileSync("order", existsSync(${JSON.stringify(marker)}) ? "after session start" : "timed out");
start(); ready(); serve();`,
};

/** Writes its marker when the session starts (it subscribes to session_start). */
const FAST_NODE = `const { writeFileSync } = await import("node:fs");
start();
send({ type: "subscribe", events: ["session_start"], intercept: [] });
ready();
serve(pong, (f) => { if (f.type === "event" && f.event === "session_start") writeFileSync("session-started", ""); });`;

describe("a subprocess extension that is slow to say hello", () => {
	for (const lang of LANGUAGES) {
		const test = lang === "py" && !HAS_PYTHON ? it.skip : it;
		const skipped = lang === "py" && !HAS_PYTHON ? ` (skipped: ${NO_PYTHON_REASON})` : "";
		test(`(${NAMES[lang]}) loads without holding up the run's start, and its tool is offered on the first request${skipped}`, async () => {
			const fast = exts.script("fast", "node", FAST_NODE);
			const slow = exts.script("slow", lang, SLOW_HELLO[lang](join(fast, "session-started")));
			llm.push({ toolCalls: [{ name: "ping_slow", args: {} }] }, { text: "done" });
			const result = await runWeft(sandbox, ["-e", fast, "-e", slow, "-p", "ping the slow one"]);
			expect(result.stderr).toMatch(/^weft: waiting for extensions? (("fast", )?"slow") to start…\n$/);
			expect(result.code).toBe(0);
			expect(result.stdout).toBe("done\n");
			expect(readFileSync(join(slow, "order"), "utf8").trim()).toBe("after session start");
			expect(toolsOffered(llm.requests[0])).toEqual(expect.arrayContaining(["ping_fast", "ping_slow"]));
			expect(toolResults(llm.requests[1])).toEqual(["pong"]);
		});
	}

	it("that never says hello fails at its own start-up limit, and the run goes on without it", async () => {
		const mute = exts.script("mute", "sh", "sleep 1000");
		withSettings({ extensionOptions: { mute: { loadTimeoutMs: 300 } } });
		llm.push({ text: "fine" });
		const result = await runWeft(sandbox, ["-e", mute, "-p", "hello"]);
		expect(result.code).toBe(0);
		expect(result.stdout).toBe("fine\n");
		expect(toolsOffered(llm.requests[0])).not.toContain("ping_mute");
		expect(result.stderr).toContain('extension "mute" failed to load: did not send "hello" within 0.3 s');
	});
});

/** Records each start's pid, intercepts tool_call, and never answers. */
const NEVER_ANSWERS: Record<Language, string> = {
	sh: `echo $$ >> starts; start; send '{"type":"subscribe","events":[],"intercept":["tool_call"]}'; ready; serve`,
	py: `open("starts", "a").write(f"{os.getpid()}\\n")
start(); send({"type": "subscribe", "events": [], "intercept": ["tool_call"]}); ready(); serve()`,
	node: `(await import("node:fs")).appendFileSync("starts", process.pid + "\\n");
start(); send({ type: "subscribe", events: [], intercept: ["tool_call"] }); ready(); serve();`,
};

const bash = (command: string) => ({ name: "bash", args: { command } });

describe("a subprocess extension that stops answering", () => {
	for (const lang of AVAILABLE) {
		it(`(${NAMES[lang]}) is restarted once, then suspended: its gate then blocks at once, naming it`, async () => {
			const dir = exts.script("mute", lang, NEVER_ANSWERS[lang]);
			// The deadline must pass for each call (the extension truly never answers), so a short one keeps this quick.
			withSettings({ extensionOptions: { mute: { deadlineMs: 300 } } });
			const logSays = (text: string) => () => waitFor(() => weftLog("mute").includes(text), text, CEILING_MS);
			llm.push(
				{ toolCalls: [bash("echo 1"), bash("echo 2"), bash("echo 3")] },
				{ holdUntil: logSays("restarted"), toolCalls: [bash("echo 4"), bash("echo 5"), bash("echo 6")] },
				{ holdUntil: logSays("suspended for this session"), toolCalls: [bash("echo 7")] },
				{ text: "done" },
			);
			const result = await runWeft(sandbox, ["-e", dir, "-p", "run things"]);
			expect(result.code).toBe(0);
			expect(result.stdout).toBe("done\n");

			const missed =
				'blocked because the extension "mute" failed while checking this call: handler did not finish within 300 ms';
			expect(toolResults(llm.requests[1])).toEqual(
				[missed, missed, missed].map((r) => expect.stringContaining(r)),
			);
			expect(toolResults(llm.requests[2]).slice(3)).toEqual(
				[missed, missed, missed].map((r) => expect.stringContaining(r)),
			);
			const [suspended] = toolResults(llm.requests[3]).slice(6);
			expect(suspended).toContain(
				'blocked because the extension "mute" failed while checking this call: it is suspended for this session',
			);

			const starts = readLines(join(dir, "starts")).map(Number);
			expect(starts).toHaveLength(2);
			expect(result.stderr.match(/stopped answering .*; restarting it/g)).toHaveLength(1);
			expect(result.stderr.match(/suspended for this session/g)).toHaveLength(1);
			const log = weftLog("mute");
			expect(log.match(/restarting: it missed its reply deadline 3 times in a row/g)).toHaveLength(1);
			expect(log).toContain("suspended for this session: it missed its reply deadline 3 times in a row");
			for (const pid of starts) await waitFor(() => !alive(pid), `process ${pid} to be gone`, CEILING_MS);
		});
	}
});

/**
 * Starts a child that ignores SIGTERM (in the extension's process group,
 * its output away from the protocol), which records its pid once it ignores
 * SIGTERM; then exits: at once when its tool is called (mid-session), or
 * when weft says shutdown.
 */
const STUBBORN_CHILD = "trap '' TERM; echo $$ > child; exec sleep 1000";
const LEAVES_A_CHILD: Record<Language, (exitOn: "tool" | "shutdown") => string> = {
	sh: (exitOn) => `bash -c '${STUBBORN_CHILD.replace("''", '""')}' </dev/null >/dev/null 2>&1 &
until [ -s child ]; do sleep 0.05; done
on_tool() { ${exitOn === "tool" ? "exit 0" : 'pong "$1"'}; }
start; ready; serve`,
	py: (exitOn) => `import subprocess
subprocess.Popen(["bash", "-c", ${JSON.stringify(STUBBORN_CHILD)}], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
while not (os.path.exists("child") and open("child").read().strip()): time.sleep(0.05)
start(); ready(); serve(${exitOn === "tool" ? "on_tool=lambda frame: os._exit(0)" : ""})`,
	node: (exitOn) => `const { spawn } = await import("node:child_process");
const { existsSync, readFileSync } = await import("node:fs");
spawn("bash", ["-c", ${JSON.stringify(STUBBORN_CHILD)}], { stdio: "ignore" });
while (!(existsSync("child") && readFileSync("child", "utf8").trim())) await new Promise((r) => setTimeout(r, 50));
start(); ready(); serve(${exitOn === "tool" ? "() => process.exit(0)" : ""});`,
};

describe("a child of a subprocess extension that ignores SIGTERM", () => {
	for (const lang of AVAILABLE) {
		for (const exitOn of ["tool", "shutdown"] as const) {
			const when = exitOn === "tool" ? "exits mid-session" : "exits on shutdown";
			it(`(${NAMES[lang]}) is dead once weft has exited, when the extension ${when}`, async () => {
				const dir = exts.script("parent", lang, LEAVES_A_CHILD[lang](exitOn));
				llm.push({ toolCalls: [{ name: "ping_parent", args: {} }] }, { text: "done" });
				const result = await runWeft(sandbox, ["-e", dir, "-p", "go"]);
				expect(result.code).toBe(0);
				expect(result.stdout).toBe("done\n");
				const pid = Number(readFileSync(join(dir, "child"), "utf8").trim());
				expect(pid).toBeGreaterThan(0);
				await waitFor(() => !alive(pid), `the child ${pid} to be gone`, CEILING_MS);
				expect(weftLog("parent")).toContain(
					"processes it started were still running after it exited; they were sent SIGKILL",
				);
			});
		}
	}
});
