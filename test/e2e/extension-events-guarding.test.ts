import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type MockLlm, startMockLlm } from "../../src/testing/mock-llm/index.js";
import { withHostedSession } from "../support/hosted-session.js";
import { makeSandbox, mockProviderSettings, runWeft, type Sandbox } from "../support/weft-cli.js";

let sandbox: Sandbox;
let llm: MockLlm;

beforeEach(async () => {
	sandbox = makeSandbox();
	llm = await startMockLlm({ script: [] });
	sandbox.settings(settings());
});
afterEach(async () => {
	await llm.close();
	sandbox.cleanup();
});

const DEADLINE_MS = 100;

const settings = () =>
	mockProviderSettings(llm.baseUrlFor("openai-completions"), "openai-completions", {
		extensionOptions: {
			lenient: { failOpen: true },
			"slow-gate": { deadlineMs: DEADLINE_MS },
			"slow-context": { deadlineMs: DEADLINE_MS },
		},
	});

/**
 * Far past the deadline, and unref'd: nothing but weft itself keeps the
 * process alive while the handler waits (a handler awaiting a promise it
 * never settles looks the same), so weft must still reach the deadline.
 */
const SLEEP = "await new Promise((resolve) => setTimeout(resolve, 2_000).unref());";

const SOURCES = {
	crashy: `weft.on("tool_call", (event) => {
		if (String(event.args.command).includes("guarded")) throw new Error("crashy broke");
	});`,
	lenient: `weft.on("tool_call", async () => {
		throw new Error("lenient broke");
	});`,
	"slow-gate": `weft.on("tool_call", async (event) => {
		if (String(event.args.command).includes("slow")) ${SLEEP}
	});`,
	"slow-context": `weft.on("context", async () => {
		${SLEEP}
		return { tools: [], systemPrompt: "TOO LATE" };
	});`,
};

type Name = keyof typeof SOURCES;

function extension(name: Name): string {
	return sandbox.write(
		join(sandbox.home, "..", "exts", `${name}.ts`),
		`import type { ExtensionAPI } from "weft";\nexport default function (weft: ExtensionAPI) {\n${SOURCES[name]}\n}\n`,
	);
}

const withExtensions = (...names: Name[]) => names.flatMap((name) => ["-e", extension(name)]);

const toolResultsSent = (request: number): string[] =>
	llm.requests[request].body.messages
		.filter((m: { role: string }) => m.role === "tool")
		.map((m: { content: unknown }) => String(m.content));

const blockedBecause = (owner: string, message: string) =>
	`Tool call blocked: blocked because the extension "${owner}" failed while checking this call: ${message}`;

describe("a failing tool_call handler", () => {
	it("blocks the call with a reason naming the extension, unless that extension is configured fail-open", async () => {
		llm.push(
			{
				toolCalls: [
					{ name: "bash", args: { command: "echo guarded" } },
					{ name: "bash", args: { command: "echo open" } },
				],
			},
			{ text: "ok" },
		);
		const result = await runWeft(sandbox, ["-p", ...withExtensions("crashy", "lenient"), "go"]);
		expect(result.code).toBe(0);
		expect(result.stdout).toBe("ok\n");
		expect(toolResultsSent(1)).toEqual([blockedBecause("crashy", "crashy broke"), "open"]);
		expect(result.stderr).toBe(
			"weft: [crashy] error: tool_call handler failed: crashy broke\n" +
				"weft: [lenient] error: tool_call handler failed: lenient broke\n",
		);
	});
});

describe("a slow async handler past its deadline", () => {
	it("fails closed for tool_call and open for context, and weft runs on to the end", async () => {
		llm.push({ toolCalls: [{ name: "bash", args: { command: "echo slow" } }] }, { text: "ok" });
		const result = await runWeft(sandbox, ["-p", ...withExtensions("slow-gate", "slow-context"), "go"]);
		expect(result.code).toBe(0);
		expect(result.stdout).toBe("ok\n");
		const timedOut = `handler did not finish within ${DEADLINE_MS} ms`;
		expect(toolResultsSent(1)).toEqual([blockedBecause("slow-gate", timedOut)]);
		for (const request of llm.requests) {
			expect(request.body.tools).toHaveLength(7);
			expect(request.body.messages[0].content).not.toBe("TOO LATE");
		}
		expect(result.stderr).toBe(
			`weft: [slow-context] error: context handler failed: ${timedOut}\n` +
				`weft: [slow-gate] error: tool_call handler failed: ${timedOut}\n`,
		);
	});
});

describe("diagnostics", () => {
	it("attribute and count every failure: the report `weft ext list --json` prints", async () => {
		const cliPaths = (["crashy", "lenient", "slow-gate", "slow-context"] as const).map(extension);
		await withHostedSession({ sandbox, settings: settings(), cliPaths }, async ({ host, session, ui }) => {
			llm.push(
				{
					toolCalls: [
						{ name: "bash", args: { command: "echo guarded" } },
						{ name: "bash", args: { command: "echo slow" } },
					],
				},
				{ text: "ok" },
			);
			const run = await session.prompt("go");
			await session.shutdown("exit");
			expect(run).toMatchObject({ reason: "completed", response: "ok" });

			const timedOut = `handler did not finish within ${DEADLINE_MS} ms`;
			// Call 1: crashy throws (closed; later handlers skipped). Call 2: lenient rejects (open), slow-gate times out (closed).
			expect(toolResultsSent(1)).toEqual([
				blockedBecause("crashy", "crashy broke"),
				blockedBecause("slow-gate", timedOut),
			]);
			const report = JSON.parse(JSON.stringify(host.diagnostics()));
			const failures = Object.fromEntries(
				report.map((d: any) => [
					d.name,
					{
						errors: d.handlerStats.errors,
						timeouts: d.handlerStats.timeouts,
						notes: d.errors.map((e: { where: string; message: string }) => `${e.where}: ${e.message}`),
					},
				]),
			);
			expect(failures).toEqual({
				crashy: { errors: 1, timeouts: 0, notes: ["tool_call handler: crashy broke"] },
				lenient: { errors: 1, timeouts: 0, notes: ["tool_call handler: lenient broke"] },
				"slow-gate": { errors: 0, timeouts: 1, notes: [`tool_call handler: ${timedOut}`] },
				"slow-context": {
					errors: 0,
					timeouts: 2,
					notes: [`context handler: ${timedOut}`, `context handler: ${timedOut}`],
				},
			});
			// Shown to the user once per extension and kind of failure, counted every time.
			expect(ui.notifications.map((n) => `${n.extension}: ${n.message}`)).toEqual([
				`slow-context: context handler failed: ${timedOut}`,
				"crashy: tool_call handler failed: crashy broke",
				"lenient: tool_call handler failed: lenient broke",
				`slow-gate: tool_call handler failed: ${timedOut}`,
			]);
		});
	});
});
