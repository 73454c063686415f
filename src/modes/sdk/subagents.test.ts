/**
 * `ctx.runSubagent` through createWeft against the mock LLM: the child's
 * activity under the parent's session id with agentId and parentAgentId,
 * its usage added to the parent's, no session_start for it, its tools
 * narrowed (never the calling tool, unknown names reported), and a model
 * no provider offers refused.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mockProviderSettings } from "../../../test/support/weft-cli.js";
import type { SubagentOptions, SubagentResult } from "../../extensions/types.js";
import type { ActivityEvent } from "../../kernel/activity.js";
import { type MockLlm, type RecordedRequest, startMockLlm } from "../../testing/mock-llm/index.js";
import { createWeft, type Weft } from "./create-weft.js";

let root: string;
let llm: MockLlm;
let weft: Weft | undefined;

beforeEach(async () => {
	root = mkdtempSync(join(tmpdir(), "weft-subagents-"));
	mkdirSync(join(root, "project"), { recursive: true });
	mkdirSync(join(root, "home"), { recursive: true });
	llm = await startMockLlm({ script: [] });
	writeFileSync(
		join(root, "home", "settings.json"),
		JSON.stringify(mockProviderSettings(llm.baseUrlFor("openai-completions"), "openai-completions")),
	);
});

afterEach(async () => {
	await weft?.shutdown();
	weft = undefined;
	await llm.close();
	rmSync(root, { recursive: true, force: true });
});

const toolsOf = (request: RecordedRequest): string[] =>
	(request.body.tools ?? []).map((t: { function: { name: string } }) => t.function.name).sort();

/** A host whose `delegate` tool runs a sub-agent with `options` and keeps what it returned. */
async function hostWithDelegate(options: Omit<SubagentOptions, "prompt">, results: SubagentResult[]) {
	const starts: string[] = [];
	weft = await createWeft({
		cwd: join(root, "project"),
		home: join(root, "home"),
		env: {},
		extensions: [
			function delegator(api) {
				api.registerTool({
					name: "delegate",
					description: "Runs a sub-agent",
					parameters: { type: "object", properties: { prompt: { type: "string" } }, required: ["prompt"] },
					async execute(args, ctx) {
						const result = await ctx.runSubagent({ ...options, prompt: String(args.prompt) });
						results.push(result);
						return { content: result.response, usage: result.usage };
					},
				});
				api.on("session_start", (event) => void starts.push(event.sessionId));
			},
		],
	});
	return { weft, starts };
}

describe("runSubagent", () => {
	it("publishes the child's activity as a sub-agent of the session and adds its usage to the session's", async () => {
		const results: SubagentResult[] = [];
		const { weft, starts } = await hostWithDelegate({}, results);
		const activity: ActivityEvent[] = [];
		weft.activity.subscribe((e) => activity.push(e));
		llm.push({
			toolCalls: [{ id: "call_d", name: "delegate", args: { prompt: "read it" } }],
			usage: { input: 10, output: 1 },
		});
		llm.push({ toolCalls: [{ name: "ls", args: {} }], usage: { input: 1000, output: 100 } });
		llm.push({ text: "child answer", usage: { input: 2000, output: 200 } });
		llm.push({ text: "parent answer", usage: { input: 20, output: 2 } });
		const session = await weft.sessions.create();
		const result = await session.prompt("go");
		expect(result.response).toBe("parent answer");
		expect(results[0]).toMatchObject({ response: "child answer", reason: "completed" });
		expect(results[0].usage).toMatchObject({ input: 3000, output: 300 });
		expect(session.usage).toMatchObject({ input: 3030, output: 303 });
		expect(starts).toEqual([session.id]);
		// The child is never offered the tool that started it.
		expect(toolsOf(llm.requests[1])).toEqual(toolsOf(llm.requests[0]).filter((t) => t !== "delegate"));

		const child = activity.filter((e) => e.agentId === "call_d");
		expect(child.map((e) => e.type)).toEqual([
			"task_started",
			"agent_start",
			"tool_start",
			"tool_end",
			"agent_end",
			"task_completed",
		]);
		expect(child.every((e) => e.sessionId === session.id && e.parentAgentId === "main")).toBe(true);
		const own = activity.filter((e) => e.agentId === undefined).map((e) => e.type);
		expect(own).toEqual([
			"task_started",
			"agent_start",
			"tool_start",
			"tool_end",
			"agent_end",
			"task_completed",
		]);
	});

	it("offers only the tools named, and reports names no tool has", async () => {
		const results: SubagentResult[] = [];
		await hostWithDelegate({ tools: ["read", "webfetch", "delegate"] }, results);
		llm.push({ toolCalls: [{ name: "delegate", args: { prompt: "look" } }] });
		llm.push({ text: "looked" });
		llm.push({ text: "done" });
		const session = await weft!.sessions.create();
		await session.prompt("go");
		expect(toolsOf(llm.requests[1])).toEqual(["read"]);
		expect(results[0]).toMatchObject({ response: "looked", unknownTools: ["webfetch"] });
	});

	it("refuses a model no provider offers, naming it", async () => {
		await hostWithDelegate({ model: "mock/nonexistent" }, []);
		llm.push({ toolCalls: [{ name: "delegate", args: { prompt: "look" } }] });
		llm.push({ text: "done" });
		const session = await weft!.sessions.create();
		await session.prompt("go");
		const toolMessage = llm.requests[1].body.messages.find((m: { role: string }) => m.role === "tool");
		expect(String(toolMessage.content)).toContain(
			'no registered provider offers the model "mock/nonexistent"',
		);
		expect(llm.requests).toHaveLength(2);
	});
});
