/**
 * Throwaway subprocess extensions for tests: a sandbox (project, home,
 * extension folders), small preludes that give shell, Python and Node
 * scripts the same vocabulary (`send`, `start`, `ready`, `serve`), a host
 * wired to a scripted model, and helpers to call tools and wait for things.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AgentSession } from "../../src/agent/session.js";
import { SessionStore } from "../../src/agent/session-store.js";
import {
	ExtensionHost,
	type ExtensionHostOptions,
	type ExtensionHost as Host,
} from "../../src/extensions/host.js";
import { NonInteractiveUI } from "../../src/extensions/non-interactive-ui.js";
import { Kernel } from "../../src/kernel/kernel.js";
import { BUILTIN_OWNER } from "../../src/kernel/owner.js";
import type { ModelInfo } from "../../src/kernel/provider.js";
import type { ToolResult } from "../../src/kernel/tool.js";
import { type ScriptedProviderEntry, scriptedProvider } from "../../src/testing/scripted-provider.js";

export type Language = "sh" | "py" | "node";
export const LANGUAGES: Language[] = ["sh", "py", "node"];

/** Python-based tests skip (with this reason) where python3 is missing; CI needs only Node. */
export const HAS_PYTHON = spawnSync("python3", ["--version"]).status === 0;
export const NO_PYTHON_REASON = "python3 is not on PATH";

/** Languages available on this machine. */
export const AVAILABLE: Language[] = LANGUAGES.filter((l) => l !== "py" || HAS_PYTHON);

const FILE: Record<Language, string> = { sh: "ext.sh", py: "ext.py", node: "ext.mjs" };

/** Helpers each throwaway script starts with: send, raw, start (hello + a "ping" tool), ready, serve. */
const PRELUDE: Record<Language, (name: string) => string> = {
	sh: (name) => `set -u
send() { printf '%s\\n' "$1"; }
start() {
	send '{"type":"hello","name":"${name}","version":"1.0","capabilities":[]}'
	send '{"type":"register_tool","name":"ping_${name}","description":"Answers pong","schema":{"type":"object","properties":{}}}'
}
ready() { send '{"type":"ready"}'; }
pong() { send "{\\"type\\":\\"tool_result\\",\\"id\\":\\"$1\\",\\"content\\":[{\\"type\\":\\"text\\",\\"text\\":\\"pong\\"}],\\"is_error\\":false}"; }
serve() {
	while IFS= read -r line; do
		case "$line" in
			*'"type":"tool_call"'*) [[ $line =~ \\"id\\":\\"([^\\"]*)\\" ]] && on_tool "\${BASH_REMATCH[1]}" ;;
			*'"type":"shutdown"'*) exit 0 ;;
		esac
	done
}
on_tool() { pong "$1"; }
`,
	py: (name) => `import json, os, signal, sys, time
def send(o):
    sys.stdout.write(json.dumps(o) + "\\n"); sys.stdout.flush()
def raw(b):
    sys.stdout.buffer.write(b); sys.stdout.flush()
def seen(frame):
    with open("seen.jsonl", "a") as f: f.write(json.dumps(frame) + "\\n")
def start(**hello):
    send({"type": "hello", "name": "${name}", "version": "1.0", "capabilities": [], **hello})
    send({"type": "register_tool", "name": "ping_${name}", "description": "Answers pong", "schema": {"type": "object", "properties": {}}})
def ready():
    send({"type": "ready"})
def pong(frame):
    send({"type": "tool_result", "id": frame["id"], "content": [{"type": "text", "text": "pong"}], "is_error": False})
def serve(on_tool=pong, on_frame=None):
    for line in sys.stdin:
        frame = json.loads(line)
        seen(frame)
        if frame["type"] == "tool_call": on_tool(frame)
        elif frame["type"] == "shutdown": return
        elif on_frame: on_frame(frame)
`,
	node: (name) => `import { appendFileSync } from "node:fs";
import { createInterface } from "node:readline";
const send = (o) => process.stdout.write(JSON.stringify(o) + "\\n");
const raw = (b) => process.stdout.write(b);
const seen = (frame) => appendFileSync("seen.jsonl", JSON.stringify(frame) + "\\n");
const start = (hello = {}) => {
	send({ type: "hello", name: "${name}", version: "1.0", capabilities: [], ...hello });
	send({ type: "register_tool", name: "ping_${name}", description: "Answers pong", schema: { type: "object", properties: {} } });
};
const ready = () => send({ type: "ready" });
const pong = (frame) => send({ type: "tool_result", id: frame.id, content: [{ type: "text", text: "pong" }], is_error: false });
const serve = (onTool = pong, onFrame = () => {}) => {
	const lines = createInterface({ input: process.stdin });
	lines.on("line", (line) => {
		const frame = JSON.parse(line);
		seen(frame);
		if (frame.type === "tool_call") onTool(frame);
		else if (frame.type === "shutdown") process.exit(0);
		else onFrame(frame);
	});
};
`,
};

export const MODEL: ModelInfo = {
	id: "scripted-model",
	provider: "scripted",
	api: "scripted",
	contextWindow: 200_000,
	maxOutput: 8192,
	cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 },
};

/**
 * Limits far from anything a test expects to finish in time, so a loaded
 * machine cannot make a start, a call or a shutdown miss them. `loadAll`
 * waits for every start, as the tests expect. A test that needs a limit to
 * pass injects a small one, for an extension that truly never answers.
 */
export const TEST_LIMITS = {
	readyWaitMs: 120_000,
	startupMs: 60_000,
	toolTimeoutMs: 60_000,
	commandTimeoutMs: 60_000,
	interceptForgetMs: 60_000,
	shutdownGraceMs: 10_000,
	termGraceMs: 5_000,
};

export interface Sandbox {
	root: string;
	cwd: string;
	home: string;
	/** Writes a throwaway extension folder; `body` follows the language's prelude. Returns the folder. */
	script(name: string, language: Language, body: string): string;
	/** Writes an extension folder with the given files and manifest; returns the folder. */
	folder(name: string, files: Record<string, string>, manifest: Record<string, unknown>): string;
	host(options?: Partial<ExtensionHostOptions>): { host: Host; kernel: Kernel; ui: NonInteractiveUI };
	/** A host with a session on a scripted model. */
	session(
		script: ScriptedProviderEntry[],
		options?: Partial<ExtensionHostOptions>,
	): Promise<{ host: Host; kernel: Kernel; ui: NonInteractiveUI; session: AgentSession }>;
	log(name: string): string;
	/** Frames the extension's `serve` loop received (Node and Python preludes record them). */
	seen(name: string): Array<Record<string, any>>;
	cleanup(): Promise<void>;
}

export function makeSandbox(): Sandbox {
	const root = mkdtempSync(join(tmpdir(), "weft-subprocess-"));
	const cwd = join(root, "project");
	const home = join(root, "home");
	mkdirSync(cwd, { recursive: true });
	mkdirSync(home, { recursive: true });
	const hosts: Host[] = [];
	const folder = (name: string, files: Record<string, string>, manifest: Record<string, unknown>) => {
		const dir = join(root, "exts", name);
		mkdirSync(dir, { recursive: true });
		for (const [file, text] of Object.entries(files)) {
			writeFileSync(join(dir, file), text);
			if (file.endsWith(".sh")) chmodSync(join(dir, file), 0o755);
		}
		writeFileSync(join(dir, "extension.json"), JSON.stringify({ name, ...manifest }, null, 2));
		return dir;
	};
	const makeHost = (options: Partial<ExtensionHostOptions> = {}) => {
		const ui = new NonInteractiveUI();
		const kernel = options.kernel ?? new Kernel();
		const host = new ExtensionHost({
			kernel,
			cwd,
			home,
			settings: {},
			mode: "test",
			ui,
			watchdog: false,
			subprocess: TEST_LIMITS,
			...options,
		});
		hosts.push(host);
		return { host, kernel, ui: (options.ui as NonInteractiveUI | undefined) ?? ui };
	};
	return {
		root,
		cwd,
		home,
		folder,
		script: (name, language, body) =>
			folder(name, { [FILE[language]]: `${PRELUDE[language](name)}\n${body}\n` }, manifestFor(language)),
		host: makeHost,
		async session(script, options = {}) {
			const made = makeHost(options);
			await made.host.loadAll();
			made.kernel.providers.register(
				MODEL.provider,
				scriptedProvider(script, { model: MODEL }),
				BUILTIN_OWNER,
			);
			const session = new AgentSession({
				kernel: made.kernel,
				cwd,
				mode: "test",
				model: MODEL,
				store: SessionStore.create({ home, cwd, persist: false }),
				systemPrompt: () => "You are weft.",
				retry: { maxRetries: 0 },
			});
			made.host.bind(session);
			return { ...made, session };
		},
		seen: (name) => {
			try {
				return readFileSync(join(root, "exts", name, "seen.jsonl"), "utf8")
					.split("\n")
					.filter(Boolean)
					.map((l) => JSON.parse(l));
			} catch {
				return [];
			}
		},
		log: (name) => {
			try {
				return readFileSync(join(home, "logs", `ext-${name}.log`), "utf8");
			} catch {
				return "";
			}
		},
		async cleanup() {
			for (const host of hosts.splice(0)) await host.unloadAll();
			rmSync(root, { recursive: true, force: true });
		},
	};
}

function manifestFor(language: Language): Record<string, unknown> {
	if (language === "sh") return { exec: "bash", args: [FILE.sh], language: "shell" };
	if (language === "py") return { exec: "python3", args: [FILE.py], language: "python" };
	return { exec: process.execPath, args: [FILE.node], language: "javascript" };
}

/** Runs a kernel tool the way the tool runner would, outside a turn. */
export async function callTool(
	kernel: Kernel,
	name: string,
	args: Record<string, unknown> = {},
	signal: AbortSignal = new AbortController().signal,
): Promise<ToolResult | string> {
	const tool = kernel.tools.get(name);
	if (!tool) throw new Error(`no tool "${name}"; registered: ${kernel.tools.names().join(", ")}`);
	return tool.execute(args, { cwd: "/", toolCallId: "test-call", signal, onUpdate: () => {} });
}

/** The text of a tool output. */
export function textOfOutput(output: ToolResult | string): string {
	if (typeof output === "string") return output;
	if (typeof output.content === "string") return output.content;
	return output.content.map((b) => (b.type === "text" ? b.text : `[image ${b.mimeType}]`)).join("");
}

/** Polls until `check` passes; a hang guard (20 s by default), not a timing assertion. */
export async function waitFor(check: () => boolean, what: string, limitMs = 20_000): Promise<void> {
	const start = Date.now();
	while (!check()) {
		if (Date.now() - start > limitMs) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 10));
	}
}

/**
 * Whether a process with this pid exists. A zombie (killed, not yet reaped:
 * an orphan waits for the init process, which may take a while or, in some
 * containers, never come) counts as gone.
 */
export function alive(pid: number | undefined): boolean {
	if (pid === undefined) return false;
	try {
		process.kill(pid, 0);
	} catch {
		return false;
	}
	try {
		// /proc/<pid>/stat: "pid (comm) S …"; the state follows the last ")".
		const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
		return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
	} catch {
		return true;
	}
}
