/**
 * pi's tool `operations` through the real binary: an extension of ssh.ts's
 * shape (a flag names the "remote"; read, write, edit, bash, ls and find replaced by
 * pi's built-in tool factories given remote operations; `user_bash`
 * answering with operations) whose remote is another folder reached through
 * `sh -c` and node's fs, each call logged. The model's bash, read, write,
 * edit, ls and find, and the user's `!cmd` (RPC `bash`, the same gate), all go there;
 * the project's own files stay untouched. And weft's own seam under it: a
 * weft extension giving the built-in tools a backend from `tool_call` and
 * `user_shell`.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { MockLlm } from "../../src/testing/mock-llm/index.js";
import { rpcClients } from "../support/rpc-clients.js";
import { runWeft, type Sandbox, withMockSandbox } from "../support/weft-cli.js";

let sandbox: Sandbox;
let llm: MockLlm;

withMockSandbox((made, started) => {
	sandbox = made;
	llm = started;
});
const rpc = rpcClients(() => sandbox);

const FAKE_SSH = (log: string) => `import { spawn } from "node:child_process";
import { access, appendFile, mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { ExtensionAPI } from "@mariozechner/pi-coding-agent";
import {
	type BashOperations,
	createBashTool,
	createEditTool,
	createFindTool,
	createLsTool,
	createReadTool,
	createWriteTool,
	type EditOperations,
	type FindOperations,
	type LsOperations,
	type ReadOperations,
	type WriteOperations,
} from "@mariozechner/pi-coding-agent";

const note = (line: string) => appendFile(${JSON.stringify(log)}, line + "\\n");

function readOps(toRemote: (p: string) => string): ReadOperations {
	return {
		readFile: async (p) => (await note("readFile " + toRemote(p)), readFile(toRemote(p))),
		access: (p) => access(toRemote(p)),
	};
}
function writeOps(toRemote: (p: string) => string): WriteOperations {
	return {
		writeFile: async (p, content) => (await note("writeFile " + toRemote(p)), writeFile(toRemote(p), content)),
		mkdir: async (dir) => void (await mkdir(toRemote(dir), { recursive: true })),
	};
}
function editOps(toRemote: (p: string) => string): EditOperations {
	const r = readOps(toRemote);
	return { readFile: r.readFile, access: r.access, writeFile: writeOps(toRemote).writeFile };
}
const exists = (p: string) => stat(p).then(() => true, () => false);
function lsOps(toRemote: (p: string) => string): LsOperations {
	return { exists: (p) => exists(toRemote(p)), stat: (p) => stat(toRemote(p)), readdir: (p) => readdir(toRemote(p)) };
}
function findOps(toRemote: (p: string) => string): FindOperations {
	return {
		exists: (p) => exists(toRemote(p)),
		// Enough of a glob for the test: "**/*.ext".
		glob: async (pattern, cwd, { limit }) => {
			await note("glob " + pattern);
			const ext = pattern.slice(pattern.lastIndexOf("*") + 1);
			const found: string[] = [];
			const walk = async (dir: string, rel: string) => {
				for (const entry of await readdir(dir, { withFileTypes: true })) {
					const path = rel ? rel + "/" + entry.name : entry.name;
					if (entry.isDirectory()) await walk(join(dir, entry.name), path);
					else if (entry.name.endsWith(ext)) found.push(path);
				}
			};
			await walk(toRemote(cwd), "");
			return found.slice(0, limit);
		},
	};
}
function bashOps(toRemote: (p: string) => string): BashOperations {
	return {
		exec: (command, cwd, { onData, signal }) =>
			new Promise((resolve, reject) => {
				void note("exec " + command);
				const child = spawn("sh", ["-c", "cd " + JSON.stringify(toRemote(cwd)) + " && " + command], {
					stdio: ["ignore", "pipe", "pipe"],
				});
				child.stdout.on("data", onData);
				child.stderr.on("data", onData);
				child.on("error", reject);
				signal?.addEventListener("abort", () => child.kill(), { once: true });
				child.on("close", (code) => (signal?.aborted ? reject(new Error("aborted")) : resolve({ exitCode: code })));
			}),
	};
}

export default function (pi: ExtensionAPI) {
	pi.registerFlag("fake-remote", { description: "a folder standing for the remote", type: "string" });
	const localCwd = process.cwd();
	const localRead = createReadTool(localCwd);
	const localWrite = createWriteTool(localCwd);
	const localEdit = createEditTool(localCwd);
	const localBash = createBashTool(localCwd);
	let remoteCwd: string | null = null;
	const toRemote = (p: string) => p.replace(localCwd, remoteCwd!);

	pi.registerTool({
		...localRead,
		async execute(id, params, signal, onUpdate) {
			if (!remoteCwd) return localRead.execute(id, params, signal, onUpdate);
			return createReadTool(localCwd, { operations: readOps(toRemote) }).execute(id, params, signal, onUpdate);
		},
	});
	pi.registerTool({
		...localWrite,
		async execute(id, params, signal, onUpdate) {
			if (!remoteCwd) return localWrite.execute(id, params, signal, onUpdate);
			return createWriteTool(localCwd, { operations: writeOps(toRemote) }).execute(id, params, signal, onUpdate);
		},
	});
	pi.registerTool({
		...localEdit,
		async execute(id, params, signal, onUpdate) {
			if (!remoteCwd) return localEdit.execute(id, params, signal, onUpdate);
			return createEditTool(localCwd, { operations: editOps(toRemote) }).execute(id, params, signal, onUpdate);
		},
	});
	pi.registerTool({
		...localBash,
		async execute(id, params, signal, onUpdate) {
			if (!remoteCwd) return localBash.execute(id, params, signal, onUpdate);
			return createBashTool(localCwd, { operations: bashOps(toRemote) }).execute(id, params, signal, onUpdate);
		},
	});
	const localLs = createLsTool(localCwd);
	const localFind = createFindTool(localCwd);
	pi.registerTool({
		...localLs,
		async execute(id, params, signal, onUpdate) {
			if (!remoteCwd) return localLs.execute(id, params, signal, onUpdate);
			return createLsTool(localCwd, { operations: lsOps(toRemote) }).execute(id, params, signal, onUpdate);
		},
	});
	pi.registerTool({
		...localFind,
		async execute(id, params, signal, onUpdate) {
			if (!remoteCwd) return localFind.execute(id, params, signal, onUpdate);
			return createFindTool(localCwd, { operations: findOps(toRemote) }).execute(id, params, signal, onUpdate);
		},
	});
	pi.on("session_start", async () => {
		remoteCwd = (pi.getFlag("fake-remote") as string | undefined) ?? null;
	});
	pi.on("user_bash", () => (remoteCwd ? { operations: bashOps(toRemote) } : undefined));
}
`;

/** The tool results the model was sent with the request at that index (OpenAI chat format). */
const toolResultsSent = (request: number): string[] =>
	llm.requests[request].body.messages
		.filter((m: { role: string }) => m.role === "tool")
		.map((m: { content: unknown }) =>
			typeof m.content === "string" ? m.content : JSON.stringify(m.content),
		);

function setUp() {
	const root = join(sandbox.home, "..");
	const remote = join(root, "remote");
	mkdirSync(remote, { recursive: true });
	writeFileSync(join(remote, "notes.txt"), "remote notes\n");
	mkdirSync(join(remote, "docs"));
	writeFileSync(join(remote, "docs", "guide.txt"), "guide\n");
	writeFileSync(join(sandbox.cwd, "local-only.txt"), "here\n");
	writeFileSync(join(sandbox.cwd, "notes.txt"), "local notes\n");
	const log = join(root, "remote.log");
	const ext = sandbox.write(join(root, "pi-exts", "fake-ssh.ts"), FAKE_SSH(log));
	return { remote, log, ext };
}

describe("pi's tool operations", () => {
	it("the model's bash, read, write, edit, ls and find run through the extension's remote operations", async () => {
		const { remote, log, ext } = setUp();
		llm.push(
			{ toolCalls: [{ name: "bash", args: { command: "cat notes.txt && pwd" } }] },
			{ toolCalls: [{ name: "read", args: { path: "notes.txt" } }] },
			{ toolCalls: [{ name: "write", args: { path: "out/new.txt", content: "made remotely" } }] },
			{
				toolCalls: [
					{ name: "edit", args: { path: "notes.txt", oldText: "remote", newText: "edited remote" } },
				],
			},
			{ toolCalls: [{ name: "ls", args: {} }] },
			{ toolCalls: [{ name: "find", args: { pattern: "*.txt" } }] },
			{ text: "Done." },
		);
		const result = await runWeft(sandbox, [
			"-p",
			"--no-session",
			"-e",
			ext,
			"--fake-remote",
			remote,
			"look at my notes",
		]);
		expect(result.stderr).toBe("");
		expect(result.stdout).toBe("Done.\n");
		// The flag's value is the flag's, not the start of the prompt.
		expect(llm.requests[0].body.messages.at(-1)).toMatchObject({ role: "user", content: "look at my notes" });
		expect(toolResultsSent(1)).toEqual([`remote notes\n${remote}`]);
		expect(toolResultsSent(2).at(-1)).toBe("remote notes");
		expect(readFileSync(join(remote, "out", "new.txt"), "utf8")).toBe("made remotely");
		expect(existsSync(join(sandbox.cwd, "out"))).toBe(false);
		expect(readFileSync(join(remote, "notes.txt"), "utf8")).toBe("edited remote notes\n");
		expect(readFileSync(join(sandbox.cwd, "notes.txt"), "utf8")).toBe("local notes\n");
		expect(readFileSync(log, "utf8").trim().split("\n")).toEqual([
			"exec cat notes.txt && pwd",
			`readFile ${remote}/notes.txt`,
			`writeFile ${remote}/out/new.txt`,
			`readFile ${remote}/notes.txt`,
			`writeFile ${remote}/notes.txt`,
			"glob **/*.txt",
		]);
		expect(toolResultsSent(5).at(-1)).toBe("docs/\nnotes.txt\nout/");
		expect(toolResultsSent(6).at(-1)).toBe("docs/guide.txt\nnotes.txt\nout/new.txt");
	});

	it("without the flag the tools work here, as in pi", async () => {
		const { ext } = setUp();
		llm.push({ toolCalls: [{ name: "read", args: { path: "notes.txt" } }] }, { text: "Local." });
		const result = await runWeft(sandbox, ["-p", "--no-session", "-e", ext, "notes?"]);
		expect(result.stdout).toBe("Local.\n");
		expect(toolResultsSent(1)).toEqual(["local notes"]);
	});

	it("a weft extension gives built-in tools a backend from tool_call, and the user's command one from user_shell", async () => {
		const ext = sandbox.write(
			join(sandbox.home, "..", "exts", "backend.ts"),
			`import type { ExtensionAPI, ToolBackend } from "weft";
const backend: ToolBackend = {
	readFile: async (path) => "in the backend: " + path.split("/").pop(),
	exec: async (command, { onData }) => {
		onData("backend ran " + command);
		return { exitCode: 0 };
	},
};
export default function (weft: ExtensionAPI) {
	weft.on("tool_call", (event) => (event.name === "read" ? { backend } : undefined));
	weft.on("user_shell", () => ({ backend }));
}
`,
		);
		llm.push({ toolCalls: [{ name: "read", args: { path: "nowhere.txt" } }] }, { text: "Read." });
		const result = await runWeft(sandbox, ["-p", "--no-session", "-e", ext, "read it"]);
		expect(result.stdout).toBe("Read.\n");
		expect(toolResultsSent(1)).toEqual(["in the backend: nowhere.txt"]);
		const { weft } = rpc("--no-session", "-e", ext);
		const ran = await weft.request<{ output: string }>({ type: "bash", command: "rm -rf /" });
		expect(ran.output).toBe("backend ran rm -rf /");
	});

	it("the user's own command (RPC bash, the gate of !cmd) runs through user_bash's operations", async () => {
		const { remote, log, ext } = setUp();
		const { weft } = rpc("--no-session", "-e", ext, "--fake-remote", remote);
		const ran = await weft.request<{ output: string; exitCode: number | null }>({
			type: "bash",
			command: "cat notes.txt; exit 4",
		});
		expect(ran).toMatchObject({ output: "remote notes\n[exit code 4]", exitCode: 4 });
		expect(readFileSync(log, "utf8").trim()).toBe("exec cat notes.txt; exit 4");
	});
});
