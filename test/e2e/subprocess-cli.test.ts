/**
 * Subprocess extensions through the real `weft` binary: a guard in a
 * print-mode run against the mock LLM, `weft ext list [--json]`, and
 * `weft ext logs NAME [-f]`.
 */
import { appendFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { extLogs } from "../../src/cli/ext-logs.js";
import type { MockLlm } from "../../src/testing/mock-llm/index.js";
import { makeSandbox, runWeft, type Sandbox, withMockSandbox } from "../support/weft-cli.js";
import { waitFor } from "./subprocess-fixtures.js";

const GUARD = `import { createInterface } from "node:readline";
const send = (o) => process.stdout.write(JSON.stringify(o) + "\\n");
send({ type: "hello", name: "node-guard", version: "1.0", capabilities: [] });
send({ type: "subscribe", events: [], intercept: ["tool_call"] });
send({ type: "ready" });
process.stderr.write("guard ready\\n");
createInterface({ input: process.stdin }).on("line", (line) => {
	const f = JSON.parse(line);
	if (f.type === "event_intercept") {
		const bad = f.tool_name === "bash" && /rm -rf/.test(f.tool_args.command);
		send({ type: "event_intercept_response", id: f.id, block: bad, reason: bad ? "not on my watch" : "" });
	}
	if (f.type === "shutdown") process.exit(0);
});
`;

function guardFolder(root: string): string {
	const dir = join(root, "node-guard");
	mkdirSync(dir, { recursive: true });
	writeFileSync(join(dir, "guard.mjs"), GUARD);
	writeFileSync(
		join(dir, "extension.json"),
		JSON.stringify({ name: "node-guard", exec: process.execPath, args: ["guard.mjs"] }),
	);
	return dir;
}

describe("subprocess extensions in the weft binary", () => {
	let sandbox: Sandbox;
	let llm: MockLlm;

	withMockSandbox((made, started) => {
		sandbox = made;
		llm = started;
	});

	it("a global subprocess guard blocks a destructive bash call and the model sees its reason", async () => {
		const dir = guardFolder(join(sandbox.home, "extensions"));
		expect(dir).toContain(sandbox.home);
		llm.push({ toolCalls: [{ name: "bash", args: { command: "rm -rf build" } }] }, { text: "Understood." });
		const result = await runWeft(sandbox, ["-p", "clean up"]);
		// On a loaded machine the guard may take longer to start than weft waits before going on; then the run says so.
		expect(result.stderr.replace('weft: waiting for extension "node-guard" to start…\n', "")).toBe("");
		expect(result.code).toBe(0);
		expect(result.stdout).toBe("Understood.\n");
		// The reason reaches the model exactly as the extension wrote it, as in the original protocol.
		const request = JSON.stringify(llm.requests[1].body);
		expect(request).toContain('"not on my watch"');
		expect(request).not.toContain("Tool call blocked");
	});

	it("weft ext list shows the process, and --json has its diagnostics", async () => {
		const dir = guardFolder(sandbox.cwd);
		const text = await runWeft(sandbox, ["ext", "list", "-e", dir]);
		expect(text.code).toBe(0);
		expect(text.stdout).toMatch(/^node-guard {2}loaded {2}\(cli, loaded in \d+ ms\)$/m);
		expect(text.stdout).toMatch(
			/^ {2}process {4}pid \d+, protocol v1, up \d+\.\d s, 0 restarts: .*guard\.mjs$/m,
		);
		expect(text.stdout).toMatch(/^ {2}log {8}~\/home\/logs\/ext-node-guard\.log$/m);
		const json = await runWeft(sandbox, ["ext", "list", "--json", "-e", dir]);
		const [diagnostics] = JSON.parse(json.stdout).extensions;
		expect(diagnostics).toMatchObject({
			name: "node-guard",
			kind: "subprocess",
			status: "loaded",
			handlers: { tool_call: { count: 1 } },
			subprocess: { protocol: 1, phase: "running", restarts: 0, problems: {} },
		});
		expect(diagnostics.subprocess.pid).toBeGreaterThan(0);
	});

	it("weft ext logs prints an extension's log, and says so when there is none", async () => {
		const dir = guardFolder(sandbox.cwd);
		await runWeft(sandbox, ["ext", "list", "-e", dir]);
		const logs = await runWeft(sandbox, ["ext", "logs", "node-guard"]);
		expect(logs.code).toBe(0);
		expect(logs.stdout).toMatch(/info starting: .*guard\.mjs/);
		expect(logs.stdout).toContain("info stderr: guard ready");
		expect(logs.stdout).toMatch(/info stopped \(exited with code 0\)/);
		const none = await runWeft(sandbox, ["ext", "logs", "nobody"]);
		expect(none.code).toBe(1);
		expect(none.stderr).toContain('weft: no log for "nobody" yet');
		const usage = await runWeft(sandbox, ["ext", "logs"]);
		expect(usage.code).toBe(2);
		expect(usage.stderr).toContain("usage: weft ext logs NAME [-f]");
	});
});

describe("weft ext logs -f", () => {
	it("prints what is appended, including after the log is rotated, until stopped", async () => {
		const sandbox = makeSandbox();
		try {
			const file = join(sandbox.home, "logs", "ext-chatty.log");
			mkdirSync(join(sandbox.home, "logs"), { recursive: true });
			writeFileSync(file, "first\n");
			const stdout = new PassThrough();
			let seen = "";
			stdout.on("data", (d) => {
				seen += d;
			});
			const stop = new AbortController();
			const following = extLogs(
				["chatty", "-f"],
				sandbox.home,
				{ stdout, stderr: new PassThrough() },
				stop.signal,
			);
			await waitFor(() => seen === "first\n", "the existing lines");
			appendFileSync(file, "second\n");
			await waitFor(() => seen.endsWith("second\n"), "the appended line");
			writeFileSync(file, "new\n");
			await waitFor(() => seen.endsWith("new\n"), "the line after rotation");
			stop.abort();
			expect(await following).toBe(0);
			expect(seen).toBe("first\nsecond\nnew\n");
		} finally {
			sandbox.cleanup();
		}
	});
});
