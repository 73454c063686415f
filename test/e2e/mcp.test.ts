/**
 * The first-party MCP extension through the real binary against the mock
 * LLM, with MCP servers written with the protocol's SDK
 * (test/support/mcp-server.mjs): a stdio server's tool called by the model
 * (its result in the next request) and blocked by a `tool_call` guard like
 * any tool, a slow server's tools joining from the next request, the same
 * over Streamable HTTP, a crashing server reported, restarted once and then
 * failed, an untrusted project's servers held back, `/mcp`, and an MCP
 * prompt as a `/server:prompt` command.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { MockLlm } from "../../src/testing/mock-llm/index.js";
import {
	mockProviderSettings,
	runWeft,
	type Sandbox,
	waitFor,
	withMockSandbox,
} from "../support/weft-cli.js";

const SERVER = resolve(import.meta.dirname, "../support/mcp-server.mjs");

let sandbox: Sandbox;
let llm: MockLlm;
let httpServer: ChildProcess | undefined;

withMockSandbox((made, started) => {
	sandbox = made;
	llm = started;
});
afterEach(() => {
	httpServer?.kill();
	httpServer = undefined;
});

function useServers(mcpServers: Record<string, unknown>, extra: Record<string, unknown> = {}): void {
	sandbox.settings({
		...mockProviderSettings(llm.baseUrlFor("openai-completions"), "openai-completions"),
		mcpServers,
		...extra,
	});
}

const demo = (...args: string[]) => ({
	command: process.execPath,
	args: [SERVER, ...args],
	env: { MCP_TEST_TAG: "t1" },
});
const toolMessages = (request: number): string[] =>
	llm.requests[request].body.messages
		.filter((m: { role: string }) => m.role === "tool")
		.map((m: { content: unknown }) => JSON.stringify(m.content));
const toolNames = (request: number): string[] =>
	(llm.requests[request].body.tools ?? []).map((t: { function: { name: string } }) => t.function.name);
const extLog = () => {
	const file = join(sandbox.home, "logs", "ext-mcp.log");
	return existsSync(file) ? readFileSync(file, "utf8") : "";
};
const count = (text: string, what: string) => text.split(what).length - 1;

describe("MCP over stdio", () => {
	it("offers the server's tools with their schema and sends a tool's result in the next request", async () => {
		// weft's own environment stays with weft: a server gets a few variables and its `env`.
		sandbox.env.MCP_TEST_TAG = "weft's";
		useServers({ demo: demo(), plain: { command: process.execPath, args: [SERVER] } });
		llm.push(
			{
				toolCalls: [
					{ name: "mcp__demo__echo", args: { text: "hi" } },
					{ name: "mcp__plain__echo", args: { text: "ho" } },
				],
			},
			{ text: "Done." },
		);
		const result = await runWeft(sandbox, ["-p", "echo hi", "--no-session"]);
		expect(result).toMatchObject({ code: 0, stdout: "Done.\n", stderr: "" });
		expect(toolNames(0)).toEqual(
			expect.arrayContaining([
				"mcp__demo__echo",
				"mcp__demo__picture",
				"mcp__demo__fail",
				"mcp__demo__crash",
			]),
		);
		const echo = llm.requests[0].body.tools.find(
			(t: { function: { name: string } }) => t.function.name === "mcp__demo__echo",
		);
		expect(echo.function).toMatchObject({
			description: "Echoes the text back",
			parameters: { type: "object", properties: { text: { type: "string" } }, required: ["text"] },
		});
		expect(toolMessages(1)).toEqual([
			JSON.stringify("echo: hi (env t1)"),
			JSON.stringify("echo: ho (env -)"),
		]);
	});

	it("maps an error result and passes MCP tools through tool_call checks like every tool", async () => {
		const guard = join(sandbox.cwd, "guard.ts");
		writeFileSync(
			guard,
			`export default function (weft) {
	weft.on("tool_call", (event) => (event.name === "mcp__demo__echo" ? { block: true, reason: "echo refused" } : undefined));
}
`,
		);
		useServers({ demo: demo() });
		llm.push(
			{
				toolCalls: [
					{ name: "mcp__demo__echo", args: { text: "hi" } },
					{ name: "mcp__demo__fail", args: {} },
				],
			},
			{ text: "Done." },
		);
		const result = await runWeft(sandbox, ["-p", "go", "--no-session", "-e", guard]);
		expect(result).toMatchObject({ code: 0, stdout: "Done.\n" });
		const [blocked, failed] = toolMessages(1);
		expect(blocked).toContain("echo refused");
		expect(failed).toContain("it went wrong");
	});

	it("reports a server that crashes, restarts it once, then leaves it failed", async () => {
		useServers({ demo: demo() });
		llm.push(
			{ toolCalls: [{ name: "mcp__demo__crash", args: {} }] },
			{
				// Answered once the restarted server is ready, so the second crash meets it running.
				holdUntil: () => waitFor(() => count(extLog(), "demo: ready") === 2, 20_000),
				toolCalls: [{ name: "mcp__demo__crash", args: {} }],
			},
			{
				holdUntil: () => waitFor(() => extLog().includes('MCP server "demo" failed'), 20_000),
				toolCalls: [{ name: "mcp__demo__echo", args: { text: "again" } }],
			},
			{ text: "Gave up." },
		);
		const result = await runWeft(sandbox, ["-p", "crash it", "--no-session"]);
		expect(result).toMatchObject({ code: 0, stdout: "Gave up.\n" });
		expect(result.stderr).toContain(
			'weft: [mcp] warning: MCP server "demo" stopped (exited with code 3 (stderr: crashing on purpose)); restarting it once',
		);
		expect(result.stderr).toContain(
			'weft: [mcp] error: MCP server "demo" failed: exited with code 3 (stderr: crashing on purpose); its tools are unavailable until /reload',
		);
		expect(toolMessages(3).at(-1)).toContain(
			'MCP server \\"demo\\" has failed (exited with code 3 (stderr: crashing on purpose)); /mcp shows its state',
		);
	}, 60_000);

	it("does not hold the first request past its wait for a slow server, whose tools join the next one", async () => {
		useServers({ slow: demo("--slow-start") });
		llm.push(
			{
				holdUntil: () => waitFor(() => extLog().includes("slow: ready"), 20_000),
				toolCalls: [{ name: "ls", args: {} }],
			},
			{ text: "Done." },
		);
		const result = await runWeft(sandbox, ["-p", "list", "--no-session"]);
		expect(result).toMatchObject({ code: 0, stdout: "Done.\n" });
		expect(toolNames(0).filter((n) => n.startsWith("mcp__"))).toEqual([]);
		expect(toolNames(1)).toContain("mcp__slow__echo");
	}, 60_000);

	it("reports a server that cannot start, after its one restart", async () => {
		useServers({ broken: demo("--exit-at-start") });
		const result = await runWeft(sandbox, ["-p", "/mcp", "--no-session"]);
		expect(result.code).toBe(0);
		expect(result.stderr).toContain(
			'MCP server "broken" stopped (exited with code 3 (stderr: boom)); restarting it once',
		);
		expect(result.stderr).toContain("broken (stdio: ");
		expect(result.stderr).toContain("): failed: exited with code 3 (stderr: boom) (restarted once)");
	});
});

describe("MCP over Streamable HTTP", () => {
	it("calls a tool of a server at a URL with the configured headers", async () => {
		httpServer = spawn(process.execPath, [SERVER, "--http"], { stdio: ["ignore", "pipe", "inherit"] });
		let out = "";
		httpServer.stdout?.on("data", (d) => {
			out += d;
		});
		await waitFor(() => out.includes("\n"), 20_000);
		const url = /listening (\S+)/.exec(out)?.[1];
		useServers({ web: { type: "http", url, headers: { "x-test-token": "secret" } } });
		llm.push({ toolCalls: [{ name: "mcp__web__echo", args: { text: "over http" } }] }, { text: "Done." });
		const result = await runWeft(sandbox, ["-p", "echo", "--no-session"]);
		expect(result).toMatchObject({ code: 0, stdout: "Done.\n", stderr: "" });
		expect(toolMessages(1)[0]).toContain("echo: over http");
	});
});

describe("settings and commands", () => {
	it("holds back an untrusted project's mcpServers and says so", async () => {
		mkdirSync(join(sandbox.cwd, ".weft"), { recursive: true });
		writeFileSync(
			join(sandbox.cwd, ".weft", "settings.json"),
			JSON.stringify({ mcpServers: { demo: demo() } }),
		);
		llm.push({ text: "ok" });
		const result = await runWeft(sandbox, ["-p", "hello", "--no-session"]);
		expect(result).toMatchObject({ code: 0, stdout: "ok\n" });
		expect(result.stderr).toContain(
			'ignored mcpServers (this folder is not trusted; run "weft trust" to allow it)',
		);
		expect(toolNames(0).filter((n) => n.startsWith("mcp__"))).toEqual([]);

		await runWeft(sandbox, ["trust"]);
		llm.push({ text: "ok" });
		await runWeft(sandbox, ["-p", "hello", "--no-session"]);
		expect(toolNames(1)).toContain("mcp__demo__echo");
	});

	it("/mcp lists each server's state, tools, prompts and resources, and reports a wrong entry", async () => {
		useServers({ demo: demo(), wrong: { url: "ftp://example.com" } });
		const result = await runWeft(sandbox, ["-p", "/mcp", "--no-session"]);
		expect(result.code).toBe(0);
		expect(result.stderr).toContain(
			'weft: [mcp] warning: settings "mcpServers.wrong": "url" must be an absolute http(s) URL; got "ftp://example.com"; this server is not started',
		);
		expect(result.stderr).toContain(
			[
				`demo (stdio: ${process.execPath} ${SERVER}): ready`,
				"  tools: mcp__demo__echo, mcp__demo__picture, mcp__demo__fail, mcp__demo__crash",
				"  prompts: /demo:greet",
				"  resources: notes (memo://notes)",
			].join("\n"),
		);
	});

	it("reports two tools whose weft names clash and keeps the first", async () => {
		useServers({ demo: demo("--clash") });
		const result = await runWeft(sandbox, ["-p", "/mcp", "--no-session"]);
		expect(result.stderr).toContain(
			'weft: [mcp] warning: MCP tool "get_data" of "demo" is not added: mcp__demo__get_data is already "demo/get.data"',
		);
	});

	it("sends an MCP prompt's messages to the model as /server:prompt", async () => {
		useServers({ demo: demo() });
		llm.push({ text: "Hello, Ada!" });
		const result = await runWeft(sandbox, ["-p", "/demo:greet Ada warmly", "--no-session"]);
		expect(result).toMatchObject({ code: 0, stdout: "Hello, Ada!\n" });
		const users = llm.requests[0].body.messages.filter((m: { role: string }) => m.role === "user");
		expect(users.at(-1).content).toBe("Greet Ada warmly.");
	});

	it('disabledExtensions: ["mcp"] starts no server', async () => {
		useServers({ demo: demo() }, { disabledExtensions: ["mcp"] });
		llm.push({ text: "ok" });
		const result = await runWeft(sandbox, ["-p", "hello", "--no-session"]);
		expect(result).toMatchObject({ code: 0, stdout: "ok\n", stderr: "" });
		expect(toolNames(0).filter((n) => n.startsWith("mcp__"))).toEqual([]);
	});
});
