/**
 * `weft --mode rpc` through the real binary for what pi's protocol has and
 * weft once lacked: `new_session`'s `parentSession` recorded in the new
 * session's header; tools' `details` in `tool_execution_update` / `_end`;
 * usage's cost by kind of token (`usage.cost.total`, which pi's subagent
 * example reads from weft's `--mode json` stream too); `set_steering_mode`
 * and `set_follow_up_mode` ("one-at-a-time"); `clone`.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import type { MockLlm } from "../../src/testing/mock-llm/index.js";
import { rpcClients } from "../support/rpc-clients.js";
import { mockProviderSettings, runWeft, type Sandbox, withMockSandbox } from "../support/weft-cli.js";

let sandbox: Sandbox;
let llm: MockLlm;

withMockSandbox((made, started) => {
	sandbox = made;
	llm = started;
});

const start = rpcClients(() => sandbox);

/** A pi extension whose tool reports progress and a result with details. */
function progressExtension(): string {
	const file = join(sandbox.home, "..", "pi-exts", "progress.ts");
	mkdirSync(dirname(file), { recursive: true });
	writeFileSync(
		file,
		`import type { ExtensionAPI } from "@mariozechner/pi-coding-agent";

export default function (pi: ExtensionAPI) {
	pi.registerTool({
		name: "progress",
		label: "Progress",
		description: "Counts to two",
		parameters: { type: "object", properties: {} },
		async execute(_id, _params, _signal, onUpdate) {
			onUpdate?.({ content: [{ type: "text", text: "one" }], details: { counted: 1 } });
			return { content: [{ type: "text", text: "one, two" }], details: { counted: 2 } };
		},
	});
}
`,
	);
	return file;
}

/** The mock model priced as a catalog model is: dollars per million tokens. */
function pricedModel(): void {
	const base = mockProviderSettings(llm.baseUrlFor("openai-completions"), "openai-completions");
	const cost = { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 };
	const models = [{ id: "mock-model", contextWindow: 32768, cost }];
	sandbox.settings({ ...base, providers: { mock: { ...base.providers.mock, models } } });
}

const PRICED = {
	input: (1000 * 3) / 1e6,
	output: (100 * 15) / 1e6,
	cacheRead: (2000 * 0.3) / 1e6,
	cacheWrite: 0,
	total: (1000 * 3 + 100 * 15 + 2000 * 0.3) / 1e6,
};

const headerOf = (file: string) => JSON.parse(readFileSync(file, "utf8").split("\n")[0]);

describe("weft --mode rpc, pi's commands and fields", () => {
	it("records new_session's parentSession in the new session file's header", async () => {
		llm.push({ text: "First." }, { text: "Second." });
		const { weft } = start();
		await weft.promptAndWait("the first session");
		const parent = String((await weft.getState()).sessionFile);
		expect(await weft.request({ type: "new_session", parentSession: parent })).toEqual({ cancelled: false });
		await weft.promptAndWait("the second session");
		const child = String((await weft.getState()).sessionFile);
		expect(child).not.toBe(parent);
		expect(headerOf(child)).toMatchObject({ type: "session", parentSession: parent });
		expect(headerOf(parent).parentSession).toBeUndefined();
	});

	it("sends a tool's details in tool_execution_update and tool_execution_end, as pi does", async () => {
		llm.push(
			{ toolCalls: [{ name: "progress", args: {}, id: "call_p" }] },
			{ toolCalls: [{ name: "bash", args: { command: "echo hi" }, id: "call_b" }] },
			{ text: "Counted." },
		);
		const { weft, events } = start("--no-session", "-e", progressExtension());
		await weft.promptAndWait("count");
		expect(events.find((e) => e.type === "tool_execution_update")).toMatchObject({
			toolCallId: "call_p",
			partialResult: { content: [{ type: "text", text: "one" }], details: { counted: 1 } },
		});
		const ends = events.filter((e) => e.type === "tool_execution_end");
		expect(ends).toMatchObject([
			{ toolCallId: "call_p", result: { details: { counted: 2 } }, isError: false },
			{ toolCallId: "call_b", result: { details: { exitCode: 0 } }, isError: false },
		]);
	});

	it("prices usage by kind of token in messages and sums it in get_session_stats", async () => {
		pricedModel();
		llm.push({ text: "Priced.", usage: { input: 1000, output: 100, cacheRead: 2000 } });
		const { weft } = start("--no-session");
		const end = await weft.promptAndWait("what does it cost?");
		const answer = end.messages.find((m) => m.role === "assistant");
		expect(answer?.role === "assistant" && answer.usage.cost).toEqual({
			input: expect.closeTo(PRICED.input, 12),
			output: expect.closeTo(PRICED.output, 12),
			cacheRead: expect.closeTo(PRICED.cacheRead, 12),
			cacheWrite: 0,
			total: expect.closeTo(PRICED.total, 12),
		});
		const stats = await weft.request<{ cost: number }>({ type: "get_session_stats" });
		expect(stats.cost).toBeCloseTo(PRICED.total, 12);
	});

	it("streams usage.cost with its parts in --mode json's message_end, where pi's subagent example reads cost.total", async () => {
		pricedModel();
		llm.push({ text: "Priced.", usage: { input: 1000, output: 100, cacheRead: 2000 } });
		const result = await runWeft(sandbox, ["--mode", "json", "-p", "--no-session", "hi"]);
		expect(result.code).toBe(0);
		const ends = result.stdout
			.split("\n")
			.filter(Boolean)
			.map((line) => JSON.parse(line))
			.filter((event) => event.type === "message_end");
		expect(ends).toHaveLength(1);
		expect(ends[0].message.usage.cost.total).toBeCloseTo(PRICED.total, 12);
		expect(ends[0].message.usage.cost.output).toBeCloseTo(PRICED.output, 12);
	});

	it("delivers queued steering one per turn and follow-ups one per stop in one-at-a-time mode (settings or set_*_mode)", async () => {
		const gate = join(sandbox.cwd, "go");
		llm.push(
			{ toolCalls: [{ name: "bash", args: { command: `while [ ! -f ${gate} ]; do sleep 0.05; done` } }] },
			{ text: "A." },
			{ text: "B." },
			{ text: "C." },
		);
		const base = mockProviderSettings(llm.baseUrlFor("openai-completions"), "openai-completions");
		sandbox.settings({ ...base, followUpMode: "one-at-a-time" });
		const { weft } = start("--no-session");
		expect(await weft.getState()).toMatchObject({ steeringMode: "all", followUpMode: "one-at-a-time" });
		await weft.request({ type: "set_steering_mode", mode: "one-at-a-time" });
		expect(await weft.getState()).toMatchObject({
			steeringMode: "one-at-a-time",
			followUpMode: "one-at-a-time",
		});
		const toolStarted = weft.waitForEvent((e) => e.type === "tool_execution_start");
		const end = weft.waitForEvent((e) => e.type === "agent_end");
		await weft.prompt("start");
		await toolStarted;
		const queued = weft.waitForEvent((e) => e.type === "queue_update" && e.steering.length === 2);
		await weft.steer("steer one");
		await weft.steer("steer two");
		await weft.followUp("follow one");
		await queued;
		writeFileSync(gate, "");
		await end;
		expect(llm.requests).toHaveLength(4);
		const lastUser = (request: number) =>
			llm.requests[request].body.messages.filter((m: { role: string }) => m.role === "user").at(-1).content;
		expect([1, 2, 3].map(lastUser)).toEqual(["steer one", "steer two", "follow one"]);
	});

	it("clones the current branch into a new session file, which the client then continues", async () => {
		llm.push({ text: "First." }, { text: "Second." });
		const { weft } = start();
		await weft.promptAndWait("one");
		await weft.promptAndWait("two");
		const before = await weft.getState();
		expect(await weft.request({ type: "clone" })).toEqual({ cancelled: false });
		const after = await weft.getState();
		expect(after.sessionFile).not.toBe(before.sessionFile);
		expect(after.sessionId).not.toBe(before.sessionId);
		expect(after.messageCount).toBe(before.messageCount);
		const file = String(after.sessionFile);
		expect(existsSync(file)).toBe(true);
		expect(headerOf(file).parentSession).toBe(before.sessionFile);
		expect(await weft.getLastAssistantText()).toBe("Second.");
	});

	it("lists in get_available_models only the models whose provider has a key (or needs none), as pi does", async () => {
		const { weft } = start();
		const listed = async () =>
			((await weft.request({ type: "get_available_models" })) as { models: Array<{ provider: string }> })
				.models;
		const providers = new Set((await listed()).map((m) => m.provider));
		// The sandbox scrubs provider keys from the environment: only the configured mock (no key needed) is offered.
		expect([...providers]).toEqual(["mock"]);
	});
});
