import { describe, expect, it } from "vitest";
import { PI_EVENTS, toWeftContent } from "./pi-events.js";

const session = { firstStart: true };
const through = (name: string, payload: any, result: unknown) => {
	const mapping = PI_EVENTS[name];
	const event = mapping.toPi(payload, session);
	return { event, result: mapping.fromPi?.(result, event, payload) };
};

describe("pi's events on weft's", () => {
	it("tool_call: toolName and input for name and args; { block, reason } blocks; input patched in place is the args", () => {
		const args = { path: ".env" };
		const blocked = through(
			"tool_call",
			{ id: "c1", name: "write", args, source: "model" },
			{ block: true, reason: "no" },
		);
		expect(blocked.event).toEqual({ type: "tool_call", toolCallId: "c1", toolName: "write", input: args });
		expect(blocked.result).toEqual({ block: true, reason: "no" });
		const patched = through(
			"tool_call",
			{ id: "c2", name: "bash", args: { command: "ls" }, source: "model" },
			undefined,
		);
		(patched.event.input as { command: string }).command = "ls -a";
		expect(PI_EVENTS.tool_call.fromPi?.(undefined, patched.event, {} as never)).toEqual({
			args: { command: "ls -a" },
		});
	});

	it("input: transform and handled map; continue and nothing pass through", () => {
		const payload = { text: "?q hi", images: [], source: "cli" };
		expect(through("input", payload, undefined).event).toMatchObject({ source: "interactive" });
		expect(through("input", payload, { action: "transform", text: "hi" }).result).toMatchObject({
			action: "transform",
			text: "hi",
		});
		expect(through("input", payload, { action: "handled" }).result).toEqual({ action: "handled" });
		expect(through("input", payload, { action: "continue" }).result).toBeUndefined();
	});

	it("before_agent_start: { message } is injected as a custom message, { systemPrompt } replaces it", () => {
		const { result } = through(
			"before_agent_start",
			{ prompt: "p", systemPrompt: "base", injected: [] },
			{ message: { customType: "ctx", content: "extra", display: false }, systemPrompt: "base+" },
		);
		expect(result).toMatchObject({
			systemPrompt: "base+",
			inject: { role: "custom", customType: "ctx", content: "extra", display: false },
		});
	});

	it("session events: the first start is pi's startup; compaction and tree summaries come back as weft's", () => {
		expect(through("session_start", { sessionId: "s", reason: "new" }, undefined).event.reason).toBe(
			"startup",
		);
		expect(
			PI_EVENTS.session_start.toPi({ sessionId: "s", reason: "continue" } as never, { firstStart: false })
				.reason,
		).toBe("resume");
		const compact = through(
			"session_before_compact",
			{ reason: "manual", tokens: 10, entries: 2, messages: [], firstKeptEntryId: "e1" },
			{ compaction: { summary: "short", firstKeptEntryId: "e1", tokensBefore: 10 } },
		);
		expect(compact.event).toMatchObject({ preparation: { firstKeptEntryId: "e1", tokensBefore: 10 } });
		expect(compact.result).toEqual({ summary: "short" });
		expect(
			through(
				"session_before_tree",
				{ targetId: "t", fromId: null, summarize: true, messages: [] },
				{ cancel: true },
			).result,
		).toEqual({
			cancel: true,
		});
	});

	it("before_provider_request: the returned value is the payload; tool_result patches content, details and isError", () => {
		expect(
			through("before_provider_request", { provider: "p", model: "m", payload: { a: 1 } }, { a: 2 }).result,
		).toEqual({
			payload: { a: 2 },
		});
		expect(
			through("before_provider_request", { provider: "p", model: "m", payload: {} }, undefined).result,
		).toBeUndefined();
		const patched = through(
			"tool_result",
			{ id: "c", name: "read", args: {}, source: "model", content: [], isError: false },
			{ content: [{ type: "text", text: "x" }], isError: true },
		);
		expect(patched.result).toEqual({ content: [{ type: "text", text: "x" }], isError: true });
	});

	it("context: messages come back with weft's args on tool calls, whichever name the extension used", () => {
		const assistant = (part: object) => ({
			role: "assistant",
			content: [{ type: "toolCall", id: "t", name: "ls", ...part }],
			provider: "p",
			model: "m",
			usage: {},
			stopReason: "tool_use",
			timestamp: 0,
		});
		const { result } = through(
			"context",
			{ step: 0, messages: [], tools: [], systemPrompt: "" },
			{
				messages: [
					assistant({ arguments: { path: "a" } }),
					assistant({ args: { path: "b" }, arguments: { path: "b" } }),
				],
			},
		);
		const args = (result as { messages: any[] }).messages.map((m) => m.content[0]);
		expect(args).toEqual([
			{ type: "toolCall", id: "t", name: "ls", args: { path: "a" } },
			{ type: "toolCall", id: "t", name: "ls", args: { path: "b" } },
		]);
	});

	it("user_bash rides on user_shell: !! is excludeFromContext; a supplied result maps, operations alone do not", () => {
		const payload = { command: "vim a", addToContext: false, cwd: "/p", source: "interactive" };
		const handled = through("user_bash", payload, {
			result: { output: "done", exitCode: 2, cancelled: false, truncated: false },
		});
		expect(handled.event).toEqual({
			type: "user_bash",
			command: "vim a",
			excludeFromContext: true,
			cwd: "/p",
		});
		expect(handled.result).toEqual({ result: { output: "done", exitCode: 2 } });
		expect(through("user_bash", payload, { operations: {} }).result).toBeUndefined();
		expect(through("user_bash", payload, undefined).result).toBeUndefined();
	});

	it("converts pi's content blocks, images in either shape", () => {
		expect(
			toWeftContent([
				{ type: "text", text: "a" },
				{ type: "image", source: { type: "base64", mediaType: "image/png", data: "AA" } },
				{ type: "image", data: "BB", mimeType: "image/jpeg" },
				{ type: "unknown" },
			]),
		).toEqual([
			{ type: "text", text: "a" },
			{ type: "image", data: "AA", mimeType: "image/png" },
			{ type: "image", data: "BB", mimeType: "image/jpeg" },
		]);
		expect(toWeftContent("plain")).toEqual([{ type: "text", text: "plain" }]);
	});
});
