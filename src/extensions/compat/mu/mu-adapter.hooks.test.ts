/** The Mu plugin adapter: LLM and tool hooks mapped onto context, turn_result, tool_call, tool_result and agent_end. */
import { describe, expect, it } from "vitest";
/** A stand-in ExtensionAPI: handlers go onto a real bus (so results fold as in a session), the rest is recorded. */
import {
	call,
	contextPayload,
	conversation,
	fakeHost,
	toolResultPayload,
} from "../../../../test/support/mu-fixtures.js";
import type { EventPayload } from "../../../kernel/events.js";
import { emptyUsage } from "../../../kernel/messages.js";
import { adaptMuPlugin } from "./mu-adapter.js";

describe("context hooks", () => {
	it("filterTools narrows the tools by the Mu tools or names it returns", async () => {
		const host = fakeHost();
		await adaptMuPlugin(
			{ hooks: { filterTools: (tools) => tools.filter((t) => t.definition.function.name !== "bash") } },
			host.api,
		);
		await adaptMuPlugin({ hooks: { filterTools: () => ["read", "bash"] } }, { ...host.api, name: "second" });
		const result = await host.emit("context", contextPayload());
		expect(result.payload.tools.map((t) => t.name)).toEqual(["read"]);
	});

	it("transformSystemPrompt rewrites the prompt before beforeLlmCall sees it", async () => {
		const host = fakeHost();
		let seen: unknown;
		await adaptMuPlugin(
			{
				hooks: {
					transformSystemPrompt: (prompt) => `<agent>${prompt}</agent>`,
					beforeLlmCall: (messages, config) => {
						seen = { ...config };
						return messages;
					},
				},
			},
			host.api,
		);
		const result = await host.emit("context", contextPayload());
		expect(result.payload.systemPrompt).toBe("<agent>base prompt</agent>");
		expect(seen).toEqual({ systemPrompt: "<agent>base prompt</agent>", model: "m-1", providerId: "p-1" });
	});

	it("beforeLlmCall sees Mu chat messages and an untouched list leaves the conversation as it was", async () => {
		const host = fakeHost();
		let seen: unknown;
		await adaptMuPlugin(
			{
				hooks: {
					beforeLlmCall: (messages) => {
						seen = structuredClone(messages);
						return [...messages];
					},
				},
			},
			host.api,
		);
		const messages = conversation();
		const result = await host.emit("context", contextPayload(messages));
		expect(result.payload.messages).toBe(messages);
		expect(seen).toEqual([
			{ role: "user", content: "look at this" },
			{
				role: "assistant",
				content: "reading",
				reasoning: "hmm",
				toolCalls: [{ id: "c1", type: "function", function: { name: "read", arguments: '{"path":"a.ts"}' } }],
			},
			{
				role: "tool",
				content: "file body",
				toolCallId: "c1",
				toolResult: { name: "read", content: "file body", error: false },
			},
		]);
	});

	it("beforeLlmCall can add and edit messages; untouched ones keep images and thinking", async () => {
		const host = fakeHost();
		await adaptMuPlugin(
			{
				hooks: {
					beforeLlmCall: (messages, config) => {
						messages[1].content = "reading carefully";
						config.systemPrompt += " (checked)";
						return [...messages, { role: "system", content: "remember the tests" }];
					},
				},
			},
			host.api,
		);
		const original = conversation();
		const result = await host.emit("context", contextPayload(original));
		const [user, edited, tool, added] = result.payload.messages;
		expect(user).toEqual(original[0]);
		expect(tool).toEqual(original[2]);
		expect(edited).toMatchObject({
			role: "assistant",
			provider: "p-1",
			content: [
				{ type: "thinking", thinking: "hmm", signature: "sig" },
				{ type: "text", text: "reading carefully" },
				call("c1", "read", { path: "a.ts" }),
			],
		});
		expect(added).toMatchObject({ role: "custom", content: "remember the tests", display: false });
		expect(result.payload.systemPrompt).toBe("base prompt (checked)");
	});
});

describe("hooks.afterLlmCall", () => {
	const turn = (): EventPayload<"turn_result"> => ({
		step: 1,
		content: "I will run it",
		thinking: "plan",
		toolCalls: [call("c1", "bash", { command: "ls" }), call("c2", "read", { path: "x" })],
		usage: { ...emptyUsage(), input: 10, output: 5 },
	});

	it("sees Mu's turn result and may rewrite content and tool calls", async () => {
		const host = fakeHost();
		let seen: any;
		await adaptMuPlugin(
			{
				hooks: {
					afterLlmCall: (result) => {
						seen = structuredClone(result);
						return {
							...result,
							content: "only reading",
							toolCalls: result.toolCalls.filter((c) => c.function.name !== "bash"),
						};
					},
				},
			},
			host.api,
		);
		const payload = turn();
		const result = await host.emit("turn_result", payload);
		expect(seen).toMatchObject({ content: "I will run it", reasoning: "plan", usage: 15 });
		expect(seen.toolCalls[0]).toEqual({
			id: "c1",
			type: "function",
			function: { name: "bash", arguments: '{"command":"ls"}' },
		});
		expect(result.payload.content).toBe("only reading");
		expect(result.payload.toolCalls).toEqual([payload.toolCalls[1]]);
	});

	it("an unchanged result leaves the turn alone", async () => {
		const host = fakeHost();
		await adaptMuPlugin({ hooks: { afterLlmCall: (result) => result } }, host.api);
		const payload = turn();
		const result = await host.emit("turn_result", payload);
		expect(result.payload.toolCalls).toBe(payload.toolCalls);
		expect(result.payload.content).toBe(payload.content);
	});
});

describe("hooks.beforeToolExec", () => {
	const toolCall = (args: Record<string, unknown> = { command: "rm -rf /" }): EventPayload<"tool_call"> => ({
		id: "c1",
		name: "bash",
		args,
		source: "model",
	});

	it("a Mu block stops the call with its content as the reason", async () => {
		const host = fakeHost();
		await adaptMuPlugin(
			{ hooks: { beforeToolExec: () => ({ blocked: true, content: "destructive command refused" }) } },
			host.api,
		);
		const result = await host.emit("tool_call", toolCall());
		expect(result.terminal).toEqual({ block: true, reason: "destructive command refused" });
	});

	it("a block with error: false substitutes its content as the result", async () => {
		const host = fakeHost();
		await adaptMuPlugin(
			{ hooks: { beforeToolExec: () => ({ blocked: true, content: "cached output", error: false }) } },
			host.api,
		);
		const result = await host.emit("tool_call", toolCall());
		expect(result.terminal).toEqual({ result: { content: "cached output", isError: false } });
	});

	it("changed arguments rewrite the args, returned or edited in place", async () => {
		const host = fakeHost();
		await adaptMuPlugin(
			{
				hooks: {
					beforeToolExec: (c) => {
						c.function.arguments = JSON.stringify({ command: "ls -la" });
						return undefined;
					},
				},
			},
			host.api,
		);
		expect((await host.emit("tool_call", toolCall({ command: "ls" }))).payload.args).toEqual({
			command: "ls -la",
		});

		const returned = fakeHost();
		await adaptMuPlugin(
			{
				hooks: {
					beforeToolExec: (c) => ({ ...c, function: { ...c.function, arguments: '{"command":"pwd"}' } }),
				},
			},
			returned.api,
		);
		const result = await returned.emit("tool_call", toolCall({ command: "ls" }));
		expect(result.terminal).toBeUndefined();
		expect(result.payload.args).toEqual({ command: "pwd" });
	});

	it("passes weft's own tool_call results through", async () => {
		const host = fakeHost();
		await adaptMuPlugin({ hooks: { beforeToolExec: () => ({ result: { content: "stubbed" } }) } }, host.api);
		expect((await host.emit("tool_call", toolCall())).terminal).toEqual({ result: { content: "stubbed" } });
	});

	it("renaming the tool fails closed, naming the plugin", async () => {
		const host = fakeHost();
		await adaptMuPlugin(
			{
				name: "router",
				hooks: { beforeToolExec: (c) => ({ ...c, function: { ...c.function, name: "safe_bash" } }) },
			},
			host.api,
		);
		const result = await host.emit("tool_call", toolCall());
		expect(result.terminal?.block).toBe(true);
		expect(host.failures[0].message).toContain('plugin "router": hooks.beforeToolExec renamed "bash"');
	});
});

describe("hooks.afterToolExec", () => {
	it("a different string replaces the result text", async () => {
		const host = fakeHost();
		let seen: unknown;
		await adaptMuPlugin(
			{
				hooks: {
					afterToolExec: (c, text) => {
						seen = c;
						return text.replace("secret", "[redacted]");
					},
				},
			},
			host.api,
		);
		const result = await host.emit("tool_result", toolResultPayload("the secret value"));
		expect(result.payload.content).toEqual([{ type: "text", text: "the [redacted] value" }]);
		expect(seen).toEqual({
			id: "c1",
			type: "function",
			function: { name: "read", arguments: '{"path":"a.ts"}' },
		});
	});

	it("returning the same text keeps the original content; an object may flag an error", async () => {
		const same = fakeHost();
		await adaptMuPlugin({ hooks: { afterToolExec: (_c, text) => text } }, same.api);
		const payload = toolResultPayload("unchanged");
		expect((await same.emit("tool_result", payload)).payload.content).toBe(payload.content);

		const flagged = fakeHost();
		await adaptMuPlugin(
			{ hooks: { afterToolExec: () => ({ content: "denied", isError: true }) } },
			flagged.api,
		);
		const result = await flagged.emit("tool_result", toolResultPayload("ok"));
		expect(result.payload).toMatchObject({ content: [{ type: "text", text: "denied" }], isError: true });
	});
});

describe("hooks.afterAgentRun", () => {
	it("observes the end of each run with Mu's reason and weft's details", async () => {
		const host = fakeHost();
		const seen: unknown[] = [];
		await adaptMuPlugin(
			{ hooks: { afterAgentRun: (reason, detail) => void seen.push([reason, detail]) } },
			host.api,
		);
		host.bus.notify("agent_end", { reason: "completed", response: "done", messages: [] });
		host.bus.notify("agent_end", { reason: "aborted", response: "", messages: [] });
		await host.bus.idle();
		expect(seen).toEqual([
			["complete", { reason: "completed", response: "done", error: undefined }],
			["aborted", { reason: "aborted", response: "", error: undefined }],
		]);
	});
});
