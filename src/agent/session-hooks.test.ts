/**
 * The chain and gate events around each model call, with handlers registered
 * on the kernel bus exactly as an extension host would: what the model is
 * sent, what is persisted and what subscribers see after each rewrite.
 */
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
	contentOf,
	createScriptedSession,
	SCRIPTED_MODEL,
	savedMessages,
} from "../../test/support/scripted-session.js";
import { createApiProvider } from "../ai/adapters/index.js";
import type { Message } from "../kernel/messages.js";
import type { ModelInfo, Provider } from "../kernel/provider.js";
import { type MockLlm, startMockLlm } from "../testing/mock-llm/index.js";
import { type ScriptedProviderEntry, scriptedProvider } from "../testing/scripted-provider.js";
import type { SessionEvent } from "./session-events.js";

const EXT = "test-ext";
const MODEL = SCRIPTED_MODEL;
const SYSTEM_PROMPT = "You are weft.";

const dirs: string[] = [];
let llm: MockLlm | undefined;
afterEach(async () => {
	await llm?.close();
	llm = undefined;
	for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function sessionWith(provider: Provider, model: ModelInfo) {
	const { kernel, session, dir } = createScriptedSession({
		provider,
		model,
		prefix: "weft-session-hooks-",
		dirs,
		systemPrompt: () => SYSTEM_PROMPT,
	});
	const published: SessionEvent[] = [];
	session.subscribe((event) => published.push(event));
	return { kernel, session, dir, published, on: kernel.bus.on.bind(kernel.bus) };
}

function setup(script: ScriptedProviderEntry[]) {
	const provider = scriptedProvider(script, { name: MODEL.provider, model: MODEL });
	return { ...sessionWith(provider, MODEL), provider };
}

describe("input", () => {
	it("sends and persists the text as transformed by chained handlers", async () => {
		const h = setup([{ text: "ok" }]);
		h.on("input", (e) => ({ action: "transform", text: `${e.text}!` }), { owner: EXT, priority: 10 });
		h.on("input", (e) => ({ action: "transform", text: e.text.toUpperCase() }), { owner: EXT });
		await h.session.prompt("hello");

		expect(h.provider.requests[0].messages).toEqual([
			expect.objectContaining({ role: "user", content: "HELLO!" }),
		]);
		expect(contentOf(savedMessages(h.session)[0])).toBe("HELLO!");
	});

	it("makes no model call and persists nothing when a handler handles the text", async () => {
		const h = setup([{ text: "never sent" }]);
		const later: string[] = [];
		h.on("input", (e) => (e.text.startsWith("/") ? { action: "handled" } : undefined), {
			owner: EXT,
			priority: 1,
		});
		h.on("input", (e) => void later.push(e.text), { owner: EXT });
		const result = await h.session.prompt("/local-command");

		expect(result).toMatchObject({ handled: true, reason: "completed" });
		expect(h.provider.requests).toHaveLength(0);
		expect(later).toEqual([]);
		expect(h.session.messages).toHaveLength(0);
		expect(existsSync(h.session.store.file!)).toBe(false);
		expect(h.published.map((e) => e.type)).not.toContain("agent_start");
	});

	it("reports the source the caller gave, defaulting to cli", async () => {
		const h = setup([{ text: "a" }, { text: "b" }]);
		const sources: string[] = [];
		h.on("input", (e) => void sources.push(e.source), { owner: EXT });
		await h.session.prompt("first");
		await h.session.prompt("second", { source: "interactive" });

		expect(sources).toEqual(["cli", "interactive"]);
	});
});

describe("before_agent_start", () => {
	it("injects string and message handler results after the user message, in handler order", async () => {
		const h = setup([{ text: "ok" }]);
		const injectedSeen: number[] = [];
		h.on("before_agent_start", () => ({ inject: "Remember: answer briefly." }), { owner: EXT, priority: 5 });
		h.on(
			"before_agent_start",
			(e) => {
				injectedSeen.push(e.injected.length);
				return {
					inject: {
						role: "custom",
						customType: "notes",
						content: "Project notes",
						display: true,
						timestamp: 1,
					},
				};
			},
			{ owner: EXT },
		);
		await h.session.prompt("what now?");

		const sent = h.provider.requests[0].messages;
		expect(sent.map((m) => [m.role, contentOf(m)])).toEqual([
			["user", "what now?"],
			["custom", "Remember: answer briefly."],
			["custom", "Project notes"],
		]);
		expect(injectedSeen).toEqual([1]);
		expect(savedMessages(h.session).map((m) => m.role)).toEqual(["user", "custom", "custom", "assistant"]);
	});

	it("replaces the system prompt the model receives on every step of the run", async () => {
		const h = setup([{ toolCalls: [{ name: "ls", args: {} }] }, { text: "done" }]);
		const original: string[] = [];
		h.on(
			"before_agent_start",
			(e) => {
				original.push(e.systemPrompt);
				return { systemPrompt: `${e.systemPrompt}\nSpeak like a pirate.` };
			},
			{ owner: EXT },
		);
		await h.session.prompt("hi");

		expect(original).toEqual([SYSTEM_PROMPT]);
		expect(h.provider.requests.map((r) => r.systemPrompt)).toEqual([
			`${SYSTEM_PROMPT}\nSpeak like a pirate.`,
			`${SYSTEM_PROMPT}\nSpeak like a pirate.`,
		]);
	});
});

describe("turn_start", () => {
	it("ends the run with reason blocked and makes no model call when a handler blocks", async () => {
		const h = setup([{ text: "never sent" }]);
		h.on("turn_start", () => ({ block: true, reason: "daily budget exhausted" }), { owner: EXT });
		const result = await h.session.prompt("hello");

		expect(result).toMatchObject({ reason: "blocked", error: "daily budget exhausted" });
		expect(h.provider.requests).toHaveLength(0);
		expect(h.published.find((e) => e.type === "agent_end")).toMatchObject({ reason: "blocked" });
	});

	it("stops before a later step when a handler blocks that step only", async () => {
		const h = setup([{ text: "Looking.", toolCalls: [{ name: "ls", args: {} }] }, { text: "never sent" }]);
		h.on("turn_start", (e) => (e.step === 2 ? { block: true, reason: "one step only" } : undefined), {
			owner: EXT,
		});
		const result = await h.session.prompt("hello");

		expect(result).toMatchObject({ reason: "blocked", response: "Looking.", error: "one step only" });
		expect(h.provider.requests).toHaveLength(1);
		expect(h.session.messages.map((m) => m.role)).toEqual(["user", "assistant", "toolResult"]);
	});
});

describe("context", () => {
	it("rewrites the messages of one model call without changing the conversation", async () => {
		const h = setup([{ toolCalls: [{ name: "ls", args: {} }] }, { text: "done" }]);
		const hint: Message = { role: "user", content: "(hint: the folder is empty)", timestamp: 1 };
		h.on("context", (e) => (e.step === 1 ? { messages: [...e.messages, hint] } : undefined), { owner: EXT });
		await h.session.prompt("list it");

		const [first, second] = h.provider.requests;
		expect(first.messages.map(contentOf)).toEqual(["list it", "(hint: the folder is empty)"]);
		expect(second.messages.map(contentOf)).not.toContain("(hint: the folder is empty)");
		expect(second.messages.map((m) => m.role)).toEqual(["user", "assistant", "toolResult"]);
		expect(h.session.messages.map(contentOf)).not.toContain("(hint: the folder is empty)");
		expect(savedMessages(h.session).map(contentOf)).not.toContain("(hint: the folder is empty)");
	});

	it("hands handlers a copy: editing the messages in place changes only that model call", async () => {
		const h = setup([{ toolCalls: [{ name: "ls", args: {} }] }, { text: "done" }]);
		h.on(
			"context",
			(e) => {
				const first = e.messages[0];
				if (e.step === 1 && first.role === "user") first.content = "(edited in place)";
			},
			{ owner: EXT },
		);
		await h.session.prompt("list it");

		expect(contentOf(h.provider.requests[0].messages[0])).toBe("(edited in place)");
		expect(contentOf(h.provider.requests[1].messages[0])).toBe("list it");
		expect(contentOf(h.session.messages[0])).toBe("list it");
	});

	it("narrows the tools offered to the model and refuses a call to a narrowed-away tool", async () => {
		const h = setup([
			{ toolCalls: [{ name: "write", args: { path: "out.txt", content: "x" } }] },
			{ text: "ok" },
		]);
		h.on("context", () => ({ tools: ["read", "ls", "not-a-tool"] }), { owner: EXT });
		const calls: string[] = [];
		h.on("tool_call", (e) => void calls.push(e.name), { owner: EXT });
		await h.session.prompt("write a file");

		expect(h.provider.requests[0].tools.map((t) => t.name)).toEqual(["read", "ls"]);
		expect(existsSync(join(h.dir, "out.txt"))).toBe(false);
		expect(calls).toEqual([]);
		const result = h.provider.requests[1].messages.at(-1);
		expect(result).toMatchObject({ role: "toolResult", toolName: "write", isError: true });
		expect(contentOf(result)).toBe('Tool "write" is not available. Available tools: read, ls.');
	});

	it("rewrites the system prompt of the model call", async () => {
		const h = setup([{ text: "ok" }]);
		h.on("context", (e) => ({ systemPrompt: `${e.systemPrompt} Today is a holiday.` }), { owner: EXT });
		await h.session.prompt("hi");

		expect(h.provider.requests[0].systemPrompt).toBe(`${SYSTEM_PROMPT} Today is a holiday.`);
	});
});

describe("before_provider_request", () => {
	it("sends the payload as rewritten by handlers over real HTTP", async () => {
		llm = await startMockLlm({ script: [{ text: "Hello over HTTP." }] });
		const model: ModelInfo = { ...MODEL, id: "mock-claude", provider: "mock", api: "anthropic-messages" };
		const provider = createApiProvider({
			name: "mock",
			api: "anthropic-messages",
			baseUrl: llm.baseUrlFor("anthropic-messages"),
			apiKey: "test-key",
			models: [model],
		});
		const h = sessionWith(provider, model);
		const seen: Array<{ provider: string; model: string; maxTokens: unknown }> = [];
		h.on(
			"before_provider_request",
			(e) => {
				const payload = e.payload as Record<string, unknown>;
				seen.push({ provider: e.provider, model: e.model, maxTokens: payload.max_tokens });
				return { payload: { ...payload, max_tokens: 77, metadata: { user_id: "ext-user" } } };
			},
			{ owner: EXT },
		);
		const result = await h.session.prompt("Say hello");

		expect(result).toEqual({ reason: "completed", response: "Hello over HTTP." });
		expect(seen).toEqual([{ provider: "mock", model: "mock-claude", maxTokens: 8192 }]);
		expect(llm.requests).toHaveLength(1);
		expect(llm.requests[0].body).toMatchObject({
			model: "mock-claude",
			max_tokens: 77,
			metadata: { user_id: "ext-user" },
		});
		expect(JSON.stringify(llm.requests[0].body.messages)).toContain("Say hello");
	});
});

describe("turn_result", () => {
	it("persists the rewritten text instead of the model's", async () => {
		const h = setup([{ thinking: "the key is sk-123", text: "Your key is sk-123." }]);
		h.on("turn_result", (e) => ({ content: e.content.replaceAll("sk-123", "[redacted]") }), { owner: EXT });
		const result = await h.session.prompt("what is my key?");

		expect(result.response).toBe("Your key is [redacted].");
		const saved = savedMessages(h.session).at(-1);
		expect(saved).toMatchObject({ role: "assistant", stopReason: "end" });
		expect(contentOf(saved)).toBe("Your key is [redacted].");
	});

	it("runs the tool calls as rewritten: a dropped call never runs and changed args are used", async () => {
		const h = setup([
			{
				toolCalls: [
					{ name: "bash", args: { command: "echo first" } },
					{ name: "bash", args: { command: "touch dropped.txt" } },
				],
			},
			{ text: "done" },
		]);
		h.on("turn_result", (e) => ({ toolCalls: [{ ...e.toolCalls[0], args: { command: "echo changed" } }] }), {
			owner: EXT,
		});
		const started: unknown[] = [];
		h.on("tool_execution_start", (e) => void started.push(e.args), { owner: EXT });
		await h.session.prompt("run both");

		expect(started).toEqual([{ command: "echo changed" }]);
		expect(existsSync(join(h.dir, "dropped.txt"))).toBe(false);
		const sent = h.provider.requests[1].messages;
		expect(sent.map((m) => m.role)).toEqual(["user", "assistant", "toolResult"]);
		expect(contentOf(sent[2])).toBe("changed");
		const assistant = savedMessages(h.session)[1];
		expect(assistant.role === "assistant" && assistant.content).toEqual([
			expect.objectContaining({ type: "toolCall", args: { command: "echo changed" } }),
		]);
	});
});

describe("assistant_message", () => {
	it("shows subscribers the rewritten text while the session keeps the original", async () => {
		const h = setup([{ text: "The answer is 42." }]);
		h.on("assistant_message", (e) => ({ text: `**${e.text}**` }), { owner: EXT });
		const result = await h.session.prompt("answer?");

		expect(h.published.find((e) => e.type === "assistant_message")).toMatchObject({
			text: "**The answer is 42.**",
		});
		expect(result.response).toBe("The answer is 42.");
		expect(contentOf(savedMessages(h.session).at(-1))).toBe("The answer is 42.");
		expect(h.provider.requests).toHaveLength(1);
	});

	it("hides the message from subscribers and stops later handlers when a handler hides it", async () => {
		const h = setup([{ text: "internal chatter" }]);
		const later: string[] = [];
		h.on("assistant_message", () => ({ hide: true }), { owner: EXT, priority: 1 });
		h.on("assistant_message", (e) => void later.push(e.text), { owner: EXT });
		await h.session.prompt("go");

		expect(h.published.find((e) => e.type === "assistant_message")).toMatchObject({
			outcome: { hide: true },
			outcomeOwner: EXT,
		});
		expect(later).toEqual([]);
		expect(contentOf(savedMessages(h.session).at(-1))).toBe("internal chatter");
	});
});
