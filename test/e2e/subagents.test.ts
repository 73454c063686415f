/**
 * The first-party sub-agents extension through the real binary against the
 * mock LLM: a `task` call whose child makes its own request (the agent's
 * system prompt, only its tools) and whose answer reaches the parent's next
 * request; two tasks in one answer running at once; an abort reaching the
 * child; the child's usage in the session's; a `tool_call` guard and a
 * permission rule blocking a sub-agent's call; an agent file's invalid
 * frontmatter reported with file and line.
 */
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { RpcEvent } from "../../src/modes/rpc/client.js";
import type { MockLlm, RecordedRequest } from "../../src/testing/mock-llm/index.js";
import { rpcClients } from "../support/rpc-clients.js";
import {
	mockProviderSettings,
	runWeft,
	type Sandbox,
	waitFor,
	withMockSandbox,
} from "../support/weft-cli.js";

let sandbox: Sandbox;
let llm: MockLlm;

withMockSandbox((made, started) => {
	sandbox = made;
	llm = started;
});
const rpc = rpcClients(() => sandbox);

type WireMessage = { role: string; content: unknown; tool_call_id?: string };
const messagesOf = (request: RecordedRequest): WireMessage[] => request.body.messages;
const systemOf = (request: RecordedRequest): string =>
	String(messagesOf(request).find((m) => m.role === "system")?.content);
const toolsOf = (request: RecordedRequest): string[] =>
	(request.body.tools ?? []).map((t: { function: { name: string } }) => t.function.name).sort();
const lastUserText = (request: RecordedRequest): string =>
	String(
		messagesOf(request)
			.filter((m) => m.role === "user")
			.at(-1)?.content,
	);
const toolResults = (request: RecordedRequest): string[] =>
	messagesOf(request)
		.filter((m) => m.role === "tool")
		.map((m) => String(m.content));
const isChild = (request: RecordedRequest): boolean => !toolsOf(request).includes("task");

const SCOUT =
	"---\nname: scout\ndescription: Finds where things are\ntools: Read, Grep\nmodel: inherit\n---\nSCOUT-PROMPT: search, never edit.\n";

describe("the task tool", () => {
	it("runs the agent as a child with its system prompt and tools, and returns its answer to the parent", async () => {
		sandbox.write(".weft/agents/scout.md", SCOUT);
		llm.push({
			toolCalls: [
				{
					name: "task",
					args: { description: "find the parser", prompt: "Where is the parser?", agent: "scout" },
				},
			],
		});
		llm.push({ text: "The parser is in src/parse.ts." });
		llm.push({ text: "Done." });
		const result = await runWeft(sandbox, ["-p", "find the parser", "--no-session"]);
		expect(result).toMatchObject({ code: 0, stdout: "Done.\n", stderr: "" });
		expect(llm.requests).toHaveLength(3);

		const [parent, child, parentAgain] = llm.requests;
		expect(toolsOf(parent)).toContain("task");
		expect(systemOf(parent)).not.toContain("SCOUT-PROMPT");
		expect(JSON.stringify(parent.body.tools)).toContain("- scout: Finds where things are");

		expect(systemOf(child)).toMatch(/^SCOUT-PROMPT: search, never edit\.\n\nWorking directory: /);
		expect(toolsOf(child)).toEqual(["grep", "read"]);
		expect(lastUserText(child)).toBe("Where is the parser?");
		expect(messagesOf(child).filter((m) => m.role !== "system")).toHaveLength(1);

		expect(toolResults(parentAgain)).toEqual(["The parser is in src/parse.ts."]);
	});

	it("offers the general-purpose agent every tool but task, and reports an unknown agent to the model", async () => {
		llm.push({
			toolCalls: [
				{ name: "task", args: { description: "a", prompt: "anything", agent: "nobody" } },
				{ name: "task", args: { description: "b", prompt: "Count the files." } },
			],
		});
		llm.push({ text: "There are 3." });
		llm.push({ text: "Done." });
		// An empty agents folder is enough to turn the task tool on.
		mkdirSync(join(sandbox.home, "agents"), { recursive: true });
		const result = await runWeft(sandbox, ["-p", "go", "--no-session"]);
		expect(result).toMatchObject({ code: 0, stdout: "Done.\n" });
		const child = llm.requests[1];
		expect(toolsOf(child)).toEqual(toolsOf(llm.requests[0]).filter((t) => t !== "task"));
		expect(systemOf(child)).toBe(systemOf(llm.requests[0]));
		expect(toolResults(llm.requests[2])).toEqual([
			'No agent is named "nobody". Available agents: general-purpose.',
			"There are 3.",
		]);
	});

	it("runs two tasks of one answer at the same time", async () => {
		mkdirSync(join(sandbox.cwd, ".claude", "agents"), { recursive: true });
		llm.push({
			toolCalls: [
				{ name: "task", args: { description: "one", prompt: "first job" } },
				{ name: "task", args: { description: "two", prompt: "second job" } },
			],
		});
		let bothWaiting = false;
		// Each child answers only once both children have asked: one after the other, the first would wait forever.
		const bothAsked = async () => {
			await waitFor(() => llm.requests.length >= 3, 20_000);
			bothWaiting = true;
		};
		const echo = (request: RecordedRequest) => ({
			text: `did ${lastUserText(request)}`,
			holdUntil: bothAsked,
		});
		llm.push(echo, echo);
		llm.push({ text: "Both done." });
		const result = await runWeft(sandbox, ["-p", "go", "--no-session"]);
		expect(result).toMatchObject({ code: 0, stdout: "Both done.\n" });
		expect(bothWaiting).toBe(true);
		expect([llm.requests[1], llm.requests[2]].every(isChild)).toBe(true);
		// Results in the order the model asked, whichever child finished first.
		expect(toolResults(llm.requests[3])).toEqual(["did first job", "did second job"]);
	});

	it("aborts the child when the parent is aborted", async () => {
		mkdirSync(join(sandbox.cwd, ".weft", "agents"), { recursive: true });
		llm.push({ toolCalls: [{ name: "task", args: { description: "slow", prompt: "take forever" } }] });
		let release!: () => void;
		const released = new Promise<void>((resolve) => (release = resolve));
		llm.push({ text: "never sent", holdUntil: () => released });
		const client = rpc("--no-session").weft;
		const end = client.waitForEvent<Extract<RpcEvent, { type: "agent_end" }>>((e) => e.type === "agent_end");
		await client.prompt("start a slow task");
		await waitFor(() => llm.requests.length === 2);
		await client.abort();
		const ended = await end;
		release();
		const last = ended.messages.at(-1) as {
			role: string;
			toolName?: string;
			content: Array<{ text: string }>;
		};
		expect(last).toMatchObject({ role: "toolResult", toolName: "task", isError: true });
		expect(last.content[0].text).toBe("The general-purpose agent was aborted.");
		expect(llm.requests).toHaveLength(2);
	});

	it("adds the child's usage to the session's, as RPC get_session_stats reports it", async () => {
		mkdirSync(join(sandbox.cwd, ".weft", "agents"), { recursive: true });
		llm.push({
			toolCalls: [{ name: "task", args: { description: "d", prompt: "p" } }],
			usage: { input: 10, output: 1 },
		});
		llm.push({ text: "child", usage: { input: 1000, output: 100 } });
		llm.push({ text: "parent", usage: { input: 20, output: 2 } });
		const client = rpc("--no-session").weft;
		await client.promptAndWait("go");
		const stats = await client.request<{ tokens: { input: number; output: number } }>({
			type: "get_session_stats",
		});
		expect(stats.tokens).toMatchObject({ input: 1030, output: 103 });
	});

	it("passes a sub-agent's tool calls through tool_call with source subagent, where a guard blocks them", async () => {
		mkdirSync(join(sandbox.cwd, ".weft", "agents"), { recursive: true });
		const guard = sandbox.write(
			"guard.mjs",
			`export default (weft) => weft.on("tool_call", (e) =>
				e.source === "subagent" && e.name === "bash" ? { block: true, reason: "no shell for sub-agents" } : undefined);\n`,
		);
		llm.push({ toolCalls: [{ name: "task", args: { description: "list", prompt: "list the files" } }] });
		llm.push({ toolCalls: [{ name: "bash", args: { command: "ls" } }] });
		llm.push({ text: "I may not run commands." });
		llm.push({ text: "Done." });
		const result = await runWeft(sandbox, ["-p", "go", "--no-session", "-e", guard]);
		expect(result).toMatchObject({ code: 0, stdout: "Done.\n" });
		expect(toolResults(llm.requests[2])).toEqual(["Tool call blocked: no shell for sub-agents"]);
		expect(toolResults(llm.requests[3])).toEqual(["I may not run commands."]);
	});

	it("judges a sub-agent's tool calls by the permission rules", async () => {
		mkdirSync(join(sandbox.cwd, ".weft", "agents"), { recursive: true });
		sandbox.settings(
			mockProviderSettings(llm.baseUrlFor("openai-completions"), "openai-completions", {
				permissions: { allow: ["task"], deny: ["Bash(touch:*)"] },
			}),
		);
		llm.push({ toolCalls: [{ name: "task", args: { description: "touch", prompt: "make sub.txt" } }] });
		llm.push({ toolCalls: [{ name: "bash", args: { command: "touch sub.txt" } }] });
		llm.push({ text: "I was not allowed." });
		llm.push({ text: "Done." });
		const result = await runWeft(sandbox, ["-p", "go", "--no-session"]);
		expect(result).toMatchObject({ code: 0, stdout: "Done.\n" });
		expect(toolResults(llm.requests[2])[0]).toContain('denied by the permission rule "Bash(touch:*)"');
		expect(existsSync(join(sandbox.cwd, "sub.txt"))).toBe(false);
		expect(toolResults(llm.requests[3])).toEqual(["I was not allowed."]);
	});

	it("reads subagents.maxConcurrent from settings and reports a value it cannot use", async () => {
		mkdirSync(join(sandbox.cwd, ".weft", "agents"), { recursive: true });
		sandbox.settings(
			mockProviderSettings(llm.baseUrlFor("openai-completions"), "openai-completions", {
				subagents: { maxConcurrent: 0 },
			}),
		);
		llm.push({ text: "ok" });
		const result = await runWeft(sandbox, ["-p", "hello", "--no-session"]);
		expect(result).toMatchObject({ code: 0, stdout: "ok\n" });
		expect(result.stderr).toMatch(
			/^weft: \[subagents\] .*settings subagents\.maxConcurrent: 0 is not a whole number from 1; 4 sub-agents run at once\n$/,
		);
	});

	it("reports an agent file's invalid frontmatter with file and line, and leaves the agent out", async () => {
		sandbox.write(
			".weft/agents/broken.md",
			"---\nname: broken\ndescription: fine\nnot a key line\n---\nbody\n",
		);
		sandbox.write(".claude/agents/scout.md", SCOUT);
		llm.push({ text: "ok" });
		const result = await runWeft(sandbox, ["-p", "hello", "--no-session"]);
		expect(result.code).toBe(0);
		expect(result.stderr).toMatch(
			/^weft: \[subagents\] .*\.weft\/agents\/broken\.md:4: invalid frontmatter: expected "key: value", got "not a key line"\n$/,
		);
		const description = JSON.stringify(llm.requests[0].body.tools);
		expect(description).toContain("- scout: Finds where things are");
		expect(description).not.toContain("- broken");
	});
});
