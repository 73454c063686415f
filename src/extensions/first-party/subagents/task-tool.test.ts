import { describe, expect, it } from "vitest";
import { emptyUsage } from "../../../kernel/messages.js";
import type { SubagentOptions, SubagentResult, ToolExecutionContext } from "../../types.js";
import type { AgentDefinition } from "./agents.js";
import { TaskProgress } from "./progress.js";
import { taskRenderer } from "./task-renderer.js";
import { taskTool } from "./task-tool.js";

const scout: AgentDefinition = {
	name: "scout",
	description: "Finds things",
	tools: ["read"],
	model: "mock/small",
	systemPrompt: "You find.",
	file: "/p/.weft/agents/scout.md",
	scope: "project",
};

/** A tool context whose sub-agents finish only when the test says, counting how many run at once. */
function harness() {
	const running: Array<{ options: SubagentOptions; finish: (response: string) => void }> = [];
	let most = 0;
	const updates: string[] = [];
	const ctx = (signal = new AbortController().signal) =>
		({
			signal,
			toolCallId: "call",
			onUpdate: (text: string) => updates.push(text),
			runSubagent: (options: SubagentOptions) =>
				new Promise<SubagentResult>((resolve) => {
					const entry = {
						options,
						finish: (response: string) => {
							running.splice(running.indexOf(entry), 1);
							resolve({ response, reason: "completed", usage: { ...emptyUsage(), input: 5 } });
						},
					};
					running.push(entry);
					most = Math.max(most, running.length);
				}),
		}) as unknown as ToolExecutionContext;
	return { running, ctx, updates, most: () => most };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("taskTool", () => {
	it("runs at most maxConcurrent sub-agents at once, the rest in turn", async () => {
		const tool = taskTool({
			agents: [scout],
			maxConcurrent: 2,
			cwd: "/p",
			now: () => new Date("2026-01-02"),
		});
		const h = harness();
		const calls = ["a", "b", "c"].map((prompt) =>
			Promise.resolve(tool.execute({ description: prompt, prompt, agent: "scout" } as never, h.ctx())),
		);
		await settle();
		expect(h.running.map((r) => r.options.prompt)).toEqual(["a", "b"]);
		h.running[0].finish("A");
		await settle();
		expect(h.running.map((r) => r.options.prompt)).toEqual(["b", "c"]);
		h.running[1].finish("C");
		h.running[0].finish("B");
		const results = await Promise.all(calls);
		expect(results.map((r) => (typeof r === "string" ? r : r.content))).toEqual(["A", "B", "C"]);
		expect(h.most()).toBe(2);
		expect(results[0]).toMatchObject({ isError: false, usage: { input: 5 }, details: { agent: "scout" } });
	});

	it("gives an agent its file's prompt, tools and model, and the general-purpose agent the session's", async () => {
		const tool = taskTool({
			agents: [scout],
			maxConcurrent: 4,
			cwd: "/p",
			now: () => new Date("2026-01-02T10:00:00Z"),
		});
		const h = harness();
		void tool.execute({ description: "d", prompt: "x", agent: "scout" } as never, h.ctx());
		void tool.execute({ description: "d", prompt: "y" } as never, h.ctx());
		await settle();
		expect(h.running[0].options).toMatchObject({
			systemPrompt: "You find.\n\nWorking directory: /p\nToday's date: 2026-01-02",
			tools: ["read"],
			model: "mock/small",
		});
		expect(h.running[1].options).toMatchObject({
			systemPrompt: undefined,
			tools: undefined,
			model: undefined,
		});
		expect(tool.description).toContain("- scout: Finds things");
	});

	it("does not start a task whose call was aborted while it waited", async () => {
		const tool = taskTool({ agents: [], maxConcurrent: 1, cwd: "/p" });
		const h = harness();
		void tool.execute({ description: "d", prompt: "first" } as never, h.ctx());
		const aborted = new AbortController();
		const waiting = tool.execute({ description: "d", prompt: "second" } as never, h.ctx(aborted.signal));
		aborted.abort();
		expect(await waiting).toEqual({ content: "The task was aborted before it started.", isError: true });
		expect(h.running.map((r) => r.options.prompt)).toEqual(["first"]);
	});
});

describe("TaskProgress and the task renderer", () => {
	it("streams one line per step and shows the latest while collapsed", () => {
		const published: string[] = [];
		const progress = new TaskProgress((text) => published.push(text));
		progress.onEvent({
			type: "tool_execution_start",
			id: "1",
			name: "grep",
			args: { pattern: "parse\nr" },
			source: "subagent",
		} as never);
		progress.onEvent({ type: "assistant_message", text: "Found it.\nDetails follow." } as never);
		progress.onEvent({ type: "turn_start", step: 2 } as never);
		expect(published).toEqual(["grep parse r", "grep parse r\nFound it."]);

		const partial = {
			content: [{ type: "text" as const, text: published[1] }],
			isError: false,
			partial: true,
		};
		expect(taskRenderer.renderResult?.(partial, { width: 80, expanded: false })).toEqual(["… Found it."]);
		expect(taskRenderer.renderResult?.(partial, { width: 80, expanded: true })).toEqual([
			"grep parse r",
			"Found it.",
		]);
		const done = {
			content: [{ type: "text" as const, text: "1\n2\n3\n4\n5" }],
			isError: false,
			partial: false,
		};
		expect(taskRenderer.renderResult?.(done, { width: 80, expanded: false })).toEqual([
			"1",
			"2",
			"3",
			"… 2 more lines (ctrl+o to expand)",
		]);
		expect(
			taskRenderer.renderCall?.(
				{ description: "find the parser", prompt: "long" },
				{ width: 20, expanded: false },
			),
		).toEqual(["Task general-purpos…"]);
	});
});
