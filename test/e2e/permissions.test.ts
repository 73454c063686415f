/**
 * The first-party permissions extension through the real binary against the
 * mock LLM: allow and deny rules in print mode (the model's next request
 * carries the reason), an ask with no one to ask refused with a reason,
 * plan mode refusing a write, an untrusted project's loosening rules held
 * back with a warning while its deny rule counts, an ask answered over RPC
 * (once, then "always", saved in the user's settings), the user's own
 * commands and a sub-agent's judged the same way, and disabledExtensions.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { RpcUIRequest } from "../../src/modes/rpc/client.js";
import type { MockLlm } from "../../src/testing/mock-llm/index.js";
import { rpcClients } from "../support/rpc-clients.js";
import { mockProviderSettings, runWeft, type Sandbox, withMockSandbox } from "../support/weft-cli.js";

let sandbox: Sandbox;
let llm: MockLlm;

withMockSandbox((made, started) => {
	sandbox = made;
	llm = started;
});
const rpc = rpcClients(() => sandbox);

function permissions(value: unknown, extra: Record<string, unknown> = {}): void {
	sandbox.settings(
		mockProviderSettings(llm.baseUrlFor("openai-completions"), "openai-completions", {
			permissions: value,
			...extra,
		}),
	);
}

/** What the tool returned, as the model reads it in request `n`. */
const toolResults = (n: number): string[] =>
	llm.requests[n].body.messages
		.filter((m: { role: string }) => m.role === "tool")
		.map((m: { content: unknown }) =>
			typeof m.content === "string" ? m.content : JSON.stringify(m.content),
		);

const bash = (command: string) => ({ toolCalls: [{ name: "bash", args: { command } }] });

describe("print mode", () => {
	it("runs an allowed command and refuses a denied one, telling the model why", async () => {
		permissions({ allow: ["Bash(echo allowed:*)"], deny: ["Bash(touch:*)"] });
		llm.push(bash("echo allowed here"), bash("touch denied.txt"), { text: "done" });
		const result = await runWeft(sandbox, ["-p", "go", "--no-session"]);
		expect(result).toMatchObject({ code: 0, stdout: "done\n" });
		expect(toolResults(1)).toEqual([expect.stringContaining("allowed here")]);
		expect(toolResults(2)[1]).toContain('denied by the permission rule "Bash(touch:*)" (your settings)');
		expect(existsSync(join(sandbox.cwd, "denied.txt"))).toBe(false);
		// Every decision is in the extension's log, which `weft ext logs permissions` prints.
		const logs = await runWeft(sandbox, ["ext", "logs", "permissions"]);
		expect(logs.stdout).toContain('allow bash (model): allowed by "Bash(echo allowed:*)"');
		expect(logs.stdout).toContain(
			'deny bash (model): denied by the permission rule "Bash(touch:*)" (your settings)',
		);
	});

	it("refuses a call that would ask, since no one can answer, and says how to allow it", async () => {
		permissions({});
		llm.push(bash("touch asked.txt"), { text: "done" });
		const result = await runWeft(sandbox, ["-p", "go", "--no-session"]);
		expect(result.code).toBe(0);
		expect(toolResults(1)[0]).toContain(
			"default mode asks before bash, and there is no one to ask in print mode; the user can allow it with a permissions.allow rule in settings",
		);
		expect(existsSync(join(sandbox.cwd, "asked.txt"))).toBe(false);
	});

	it("plan mode refuses a write and lets reads run", async () => {
		writeFileSync(join(sandbox.cwd, "notes.txt"), "NOTES");
		permissions({ defaultMode: "plan" });
		llm.push(
			{ toolCalls: [{ name: "read", args: { path: "notes.txt" } }] },
			{ toolCalls: [{ name: "write", args: { path: "plan.md", content: "x" } }] },
			{ text: "planned" },
		);
		const result = await runWeft(sandbox, ["-p", "plan it", "--no-session"]);
		expect(result.code).toBe(0);
		expect(toolResults(1)[0]).toContain("NOTES");
		expect(toolResults(2)[1]).toContain("weft is in plan mode: files are not changed");
		expect(existsSync(join(sandbox.cwd, "plan.md"))).toBe(false);
	});

	it("holds back an untrusted project's allow rules and bypass mode, with a warning, and keeps its deny rules", async () => {
		permissions({ defaultMode: "default" });
		mkdirSync(join(sandbox.cwd, ".weft"));
		writeFileSync(
			join(sandbox.cwd, ".weft", "settings.json"),
			JSON.stringify({
				permissions: { allow: ["Bash"], defaultMode: "bypassPermissions", deny: ["Read(./secret.txt)"] },
			}),
		);
		writeFileSync(join(sandbox.cwd, "secret.txt"), "SECRET");
		llm.push(
			bash("touch loose.txt"),
			{ toolCalls: [{ name: "read", args: { path: "secret.txt" } }] },
			{ text: "done" },
		);
		const result = await runWeft(sandbox, ["-p", "go", "--no-session"]);
		expect(result.code).toBe(0);
		expect(result.stderr).toContain(
			'.weft/settings.json: ignored permissions.allow (1 rule) and permissions.defaultMode "bypassPermissions" (this folder is not trusted, and a project may only tighten your permissions; run "weft trust" to allow them)',
		);
		expect(toolResults(1)[0]).toContain("there is no one to ask");
		expect(toolResults(2)[1]).toContain(
			`denied by the permission rule "Read(./secret.txt)" (the project's settings)`,
		);
		expect(JSON.stringify(llm.requests[2].body.messages)).not.toContain("SECRET");
		expect(existsSync(join(sandbox.cwd, "loose.txt"))).toBe(false);
	});

	it("reports a broken rule with file, line and key, and still runs", async () => {
		permissions({ allow: ["Bash(echo ok:*)", "Bash("] });
		llm.push(bash("echo ok"), { text: "done" });
		const result = await runWeft(sandbox, ["-p", "go", "--no-session"]);
		expect(result.code).toBe(0);
		expect(result.stderr).toMatch(/settings\.json:\d+:\d+: permissions\.allow\[1\]: "Bash\(" is not a rule/);
		expect(toolResults(1)[0]).toContain("ok");
	});

	it("is gone with disabledExtensions", async () => {
		permissions({ defaultMode: "plan" }, { disabledExtensions: ["permissions"] });
		llm.push(bash("touch free.txt"), { text: "done" });
		const result = await runWeft(sandbox, ["-p", "go", "--no-session"]);
		expect(result).toMatchObject({ code: 0, stderr: "" });
		expect(existsSync(join(sandbox.cwd, "free.txt"))).toBe(true);
	});
});

describe("sub-agents", () => {
	it("judge a sub-agent's tool calls by the same rules: its denied command is refused and it reads why", async () => {
		writeFileSync(
			join(sandbox.cwd, "delegate.ts"),
			`export default function (weft) {
				weft.registerTool({
					name: "delegate",
					description: "Hands the work to a sub-agent",
					parameters: { type: "object", properties: {} },
					async execute(_args, ctx) {
						const run = await ctx.runSubagent({ prompt: "make the file" });
						return run.response;
					},
				});
			}`,
		);
		permissions({ allow: ["delegate"], deny: ["Bash(touch:*)"] });
		llm.push(
			{ toolCalls: [{ name: "delegate", args: {} }] },
			bash("touch sub.txt"),
			{ text: "the child could not" },
			{ text: "done" },
		);
		const result = await runWeft(sandbox, ["-p", "go", "--no-session", "-e", "delegate.ts"]);
		expect(result).toMatchObject({ code: 0, stdout: "done\n" });
		expect(toolResults(2)[0]).toContain('denied by the permission rule "Bash(touch:*)" (your settings)');
		expect(toolResults(3)[0]).toContain("the child could not");
		expect(existsSync(join(sandbox.cwd, "sub.txt"))).toBe(false);
		const logs = await runWeft(sandbox, ["ext", "logs", "permissions"]);
		expect(logs.stdout).toContain("deny bash (subagent)");
	});
});

describe("over RPC", () => {
	it("asks through the client: yes once, then yes always, saved in the user's settings, after which it no longer asks", async () => {
		permissions({});
		llm.push(bash("echo -n one"), bash("echo -n two"), bash("echo -n three"), { text: "done" });
		const client = rpc("--no-session").weft;
		const settingsFile = join(sandbox.home, "settings.json");
		// The sandbox's HOME holds weft's home, so the file is shown from ~.
		const always = "Yes, and always allow Bash(echo:*) (saved in ~/home/settings.json)";
		const options = `Yes | Yes, and allow Bash(echo:*) for this session | ${always} | No (the model is told you declined)`;
		const asked: string[] = [];
		const answers = ["Yes", always];
		client.onUIRequest((request: RpcUIRequest) => {
			if (request.method !== "select") return undefined;
			asked.push(`${request.title} [${request.options.join(" | ")}]`);
			return { value: answers.shift() as string };
		});
		await client.promptAndWait("go");
		expect(asked).toEqual([`Allow bash: echo -n one? [${options}]`, `Allow bash: echo -n two? [${options}]`]);
		expect(toolResults(3).map((r) => r.trim())).toEqual([
			expect.stringContaining("one"),
			expect.stringContaining("two"),
			expect.stringContaining("three"),
		]);
		expect(JSON.parse(readFileSync(settingsFile, "utf8")).permissions).toEqual({ allow: ["Bash(echo:*)"] });
	});

	it("judges the user's own shell commands (source user) by the same rules", async () => {
		permissions({ allow: ["Bash"], deny: ["Bash(touch:*)"] });
		const client = rpc("--no-session").weft;
		const ran = await client.request<{ output: string }>({ type: "bash", command: "echo mine" });
		expect(ran.output).toContain("mine");
		await expect(client.request({ type: "bash", command: "touch mine.txt" })).rejects.toThrow(
			'denied by the permission rule "Bash(touch:*)"',
		);
		expect(existsSync(join(sandbox.cwd, "mine.txt"))).toBe(false);
	});
});
