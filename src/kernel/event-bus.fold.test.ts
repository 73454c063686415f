/** How each fold kind (observe, chain, gate) combines handler results into the payload. */
import { describe, expect, it, vi } from "vitest";
import { EventBus } from "./event-bus.js";
import type { EventPayload } from "./events.js";
import { emptyUsage, type Message, type ToolSpec } from "./messages.js";

const spec = (name: string): ToolSpec => ({
	name,
	description: `${name} tool`,
	parameters: { type: "object" },
});

const toolCall = (args: Record<string, unknown> = { path: "a.txt" }): EventPayload<"tool_call"> => ({
	id: "call-1",
	name: "read",
	args,
	source: "model",
});

const contextPayload = (): EventPayload<"context"> => ({
	step: 1,
	messages: [{ role: "user", content: "hi", timestamp: 1 }],
	tools: [spec("read"), spec("write"), spec("bash")],
	systemPrompt: "base",
});

describe("observe events", () => {
	it("ignore whatever handlers return and leave the payload as emitted", async () => {
		const bus = new EventBus();
		const seen: string[] = [];
		bus.on("startup", () => ({ mode: "hijacked" }) as any, { owner: "a" });
		bus.on("startup", (e) => void seen.push(e.mode), { owner: "b" });

		const dispatch = await bus.emit("startup", { mode: "interactive", cwd: "/w" });

		expect(seen).toEqual(["interactive"]);
		expect(dispatch.payload).toEqual({ mode: "interactive", cwd: "/w" });
		expect(dispatch.terminal).toBeUndefined();
	});
});

describe("chain events", () => {
	it("let each handler see the previous rewrite, and the final payload carries the last one", async () => {
		const bus = new EventBus();
		const seen: unknown[] = [];
		bus.on("before_provider_request", () => ({ payload: { v: 1 } }), { owner: "a" });
		bus.on(
			"before_provider_request",
			(e) => {
				seen.push(e.payload);
				return { payload: { v: (e.payload as { v: number }).v + 1 } };
			},
			{ owner: "b" },
		);
		bus.on("before_provider_request", (e) => void seen.push(e.payload), { owner: "c" });

		const dispatch = await bus.emit("before_provider_request", {
			provider: "p",
			model: "m",
			payload: { v: 0 },
		});

		expect(seen).toEqual([{ v: 1 }, { v: 2 }]);
		expect(dispatch.payload.payload).toEqual({ v: 2 });
	});

	it("narrow context tools to the intersection with returned names or specs, never adding tools", async () => {
		const bus = new EventBus();
		const seenTools: string[][] = [];
		bus.on("context", () => ({ tools: ["read", spec("bash"), "made-up"] }), { owner: "a" });
		bus.on(
			"context",
			(e) => {
				seenTools.push(e.tools.map((t) => t.name));
				return { tools: ["bash", "write"] };
			},
			{ owner: "b" },
		);

		const dispatch = await bus.emit("context", contextPayload());

		expect(seenTools).toEqual([["read", "bash"]]);
		expect(dispatch.payload.tools.map((t) => t.name)).toEqual(["bash"]);
		expect(dispatch.payload.tools[0]).toEqual(spec("bash"));
	});

	it("replace context messages and system prompt when a handler returns them", async () => {
		const bus = new EventBus();
		const replacement: Message[] = [{ role: "user", content: "summarised", timestamp: 2 }];
		bus.on("context", () => ({ messages: replacement, systemPrompt: "extended" }), { owner: "a" });

		const dispatch = await bus.emit("context", contextPayload());

		expect(dispatch.payload.messages).toBe(replacement);
		expect(dispatch.payload.systemPrompt).toBe("extended");
		expect(dispatch.payload.tools).toHaveLength(3);
	});

	it("turn before_agent_start inject strings into hidden custom messages and replace the system prompt", async () => {
		const bus = new EventBus();
		const own: Message = {
			role: "custom",
			customType: "memo",
			content: "remember",
			display: true,
			timestamp: 5,
		};
		bus.on("before_agent_start", () => ({ inject: "extra context", systemPrompt: "sp2" }), { owner: "a" });
		bus.on("before_agent_start", (e) => ({ inject: own, systemPrompt: `${e.systemPrompt}+b` }), {
			owner: "b",
		});

		const dispatch = await bus.emit("before_agent_start", { prompt: "go", systemPrompt: "sp", injected: [] });

		expect(dispatch.payload.systemPrompt).toBe("sp2+b");
		expect(dispatch.payload.injected).toHaveLength(2);
		expect(dispatch.payload.injected[0]).toMatchObject({
			role: "custom",
			customType: "inject",
			content: "extra context",
			display: false,
		});
		expect(dispatch.payload.injected[1]).toBe(own);
	});

	it("normalise tool_result string content to one text block and apply isError and details", async () => {
		const bus = new EventBus();
		bus.on("tool_result", () => ({ content: "redacted", isError: true, details: { why: "secret" } }), {
			owner: "a",
		});

		const dispatch = await bus.emit("tool_result", {
			id: "call-1",
			name: "read",
			args: {},
			source: "model",
			content: [{ type: "text", text: "password=hunter2" }],
			isError: false,
		});

		expect(dispatch.payload.content).toEqual([{ type: "text", text: "redacted" }]);
		expect(dispatch.payload.isError).toBe(true);
		expect(dispatch.payload.details).toEqual({ why: "secret" });
	});

	it("keep tool_result block content as given", async () => {
		const bus = new EventBus();
		const blocks = [{ type: "text" as const, text: "x" }];
		bus.on("tool_result", () => ({ content: blocks }), { owner: "a" });

		const dispatch = await bus.emit("tool_result", {
			id: "c",
			name: "read",
			args: {},
			source: "model",
			content: [],
			isError: false,
		});

		expect(dispatch.payload.content).toBe(blocks);
	});

	it("ignore non-object results such as strings or null", async () => {
		const bus = new EventBus();
		bus.on("turn_result", () => "nonsense" as any, { owner: "a" });
		bus.on("turn_result", () => null as any, { owner: "b" });

		const dispatch = await bus.emit("turn_result", {
			step: 1,
			content: "answer",
			thinking: "",
			toolCalls: [],
			usage: emptyUsage(),
		});

		expect(dispatch.payload.content).toBe("answer");
	});
});

describe("gate events", () => {
	it("chain tool_call args rewrites into later handlers and the final payload", async () => {
		const bus = new EventBus();
		const seen: unknown[] = [];
		bus.on("tool_call", (e) => ({ args: { ...e.args, path: "b.txt" } }), { owner: "a" });
		bus.on("tool_call", (e) => void seen.push(e.args), { owner: "b" });

		const dispatch = await bus.emit("tool_call", toolCall());

		expect(seen).toEqual([{ path: "b.txt" }]);
		expect(dispatch.payload.args).toEqual({ path: "b.txt" });
		expect(dispatch.terminal).toBeUndefined();
	});

	it("end at the first terminal result: later handlers don't run and earlier rewrites still apply", async () => {
		const bus = new EventBus();
		const ran: string[] = [];
		bus.on("tool_call", () => void ran.push("a"), { owner: "a" });
		bus.on(
			"tool_call",
			() => {
				ran.push("b");
				return { args: { path: "safe.txt" } };
			},
			{ owner: "b" },
		);
		bus.on(
			"tool_call",
			() => {
				ran.push("c");
				return { block: true, reason: "no reading today" };
			},
			{ owner: "c" },
		);
		bus.on("tool_call", () => void ran.push("d"), { owner: "d" });

		const dispatch = await bus.emit("tool_call", toolCall());

		expect(ran).toEqual(["a", "b", "c"]);
		expect(dispatch.terminal).toEqual({ block: true, reason: "no reading today" });
		expect(dispatch.terminalOwner).toBe("c");
		expect(dispatch.payload.args).toEqual({ path: "safe.txt" });
	});

	it("treat a substituted tool result as terminal", async () => {
		const bus = new EventBus();
		const later = vi.fn();
		bus.on("tool_call", () => ({ result: { content: "cached" } }), { owner: "cache" });
		bus.on("tool_call", later, { owner: "other" });

		const dispatch = await bus.emit("tool_call", toolCall());

		expect(dispatch.terminal).toEqual({ result: { content: "cached" } });
		expect(later).not.toHaveBeenCalled();
	});

	it("apply an input transform, then let a later handler mark the input handled", async () => {
		const bus = new EventBus();
		const seen: string[] = [];
		bus.on("input", (e) => ({ action: "transform", text: e.text.toUpperCase() }), { owner: "a" });
		bus.on(
			"input",
			(e) => {
				seen.push(e.text);
				return { action: "handled" };
			},
			{ owner: "b" },
		);

		const dispatch = await bus.emit("input", { text: "hello", images: [], source: "interactive" });

		expect(seen).toEqual(["HELLO"]);
		expect(dispatch.payload.text).toBe("HELLO");
		expect(dispatch.terminal).toEqual({ action: "handled" });
		expect(dispatch.terminalOwner).toBe("b");
	});

	it("treat input continue as a pass that changes nothing", async () => {
		const bus = new EventBus();
		bus.on("input", () => ({ action: "continue" }), { owner: "a" });

		const dispatch = await bus.emit("input", { text: "hello", images: [], source: "cli" });

		expect(dispatch.terminal).toBeUndefined();
		expect(dispatch.payload.text).toBe("hello");
	});

	it("stop at a cancel for session_before_switch and at a summary for session_before_compact", async () => {
		const bus = new EventBus();
		bus.on("session_before_switch", () => ({ cancel: true, reason: "unsaved work" }), { owner: "a" });
		bus.on("session_before_compact", () => ({ summary: "short" }), { owner: "a" });

		const sw = await bus.emit("session_before_switch", { reason: "new" });
		const compact = await bus.emit("session_before_compact", {
			reason: "manual",
			tokens: 10,
			entries: 2,
			messages: [],
			firstKeptEntryId: "a1",
		});

		expect(sw.terminal).toEqual({ cancel: true, reason: "unsaved work" });
		expect(compact.terminal).toEqual({ summary: "short" });
	});

	it("rewrite assistant_message text for display until a handler hides it", async () => {
		const bus = new EventBus();
		bus.on("assistant_message", () => ({ text: "shown" }), { owner: "a" });
		const rewritten = await bus.emit("assistant_message", { text: "original" });
		expect(rewritten.payload.text).toBe("shown");
		expect(rewritten.terminal).toBeUndefined();

		bus.on("assistant_message", () => ({ hide: true }), { owner: "b" });
		const hidden = await bus.emit("assistant_message", { text: "original" });
		expect(hidden.terminal).toEqual({ hide: true });
	});
});

describe("the emitter's payload", () => {
	it("is never mutated by rewrites", async () => {
		const bus = new EventBus();
		bus.on("tool_call", () => ({ args: { path: "other" } }), { owner: "a" });
		bus.on("context", () => ({ tools: ["read"], systemPrompt: "changed" }), { owner: "a" });
		bus.on("before_agent_start", () => ({ inject: "x" }), { owner: "a" });

		const call = toolCall();
		const callArgs = call.args;
		const ctx = contextPayload();
		const tools = ctx.tools;
		const start: EventPayload<"before_agent_start"> = { prompt: "p", systemPrompt: "s", injected: [] };
		const injected = start.injected;

		const d1 = await bus.emit("tool_call", call);
		const d2 = await bus.emit("context", ctx);
		const d3 = await bus.emit("before_agent_start", start);

		expect(call.args).toBe(callArgs);
		expect(call.args).toEqual({ path: "a.txt" });
		expect(ctx.tools).toBe(tools);
		expect(ctx.tools).toHaveLength(3);
		expect(ctx.systemPrompt).toBe("base");
		expect(injected).toEqual([]);
		expect(start.injected).toBe(injected);
		expect(d1.payload).not.toBe(call);
		expect(d2.payload).not.toBe(ctx);
		expect(d3.payload).not.toBe(start);
	});

	it("is copied even when no handler is registered", async () => {
		const bus = new EventBus();
		const payload = toolCall();

		const dispatch = await bus.emit("tool_call", payload);

		expect(dispatch.payload).toEqual(payload);
		expect(dispatch.payload).not.toBe(payload);
	});
});
