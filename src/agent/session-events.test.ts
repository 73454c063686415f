/**
 * The catalog's lifecycle events as an extension sees them on the kernel bus
 * while a real AgentSession runs a scripted conversation: their order, their
 * payloads, and what ends up in the session file.
 */
import { existsSync, readFileSync, rmSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { createScriptedSession, SCRIPTED_MODEL } from "../../test/support/scripted-session.js";
import { EVENT_NAMES, type EventName } from "../kernel/events.js";
import { Kernel } from "../kernel/kernel.js";
import { type AssistantMessage, type Message, textOf } from "../kernel/messages.js";
import type { ModelInfo } from "../kernel/provider.js";
import {
	type ScriptedProvider,
	type ScriptedProviderEntry,
	scriptedProvider,
} from "../testing/scripted-provider.js";
import { AgentSession } from "./session.js";
import type { SessionEvent } from "./session-events.js";
import { SessionStore } from "./session-store.js";

const EXT = "test-ext";
const MODEL = SCRIPTED_MODEL;

interface Seen {
	type: EventName;
	payload: Record<string, any>;
}

interface Harness {
	kernel: Kernel;
	session: AgentSession;
	provider: ScriptedProvider;
	dir: string;
	/** Every catalog event an observing extension saw, in order, as the other handlers left it. */
	seen: Seen[];
	/** What the session's subscribers (modes, the SDK) saw. */
	published: SessionEvent[];
}

const dirs: string[] = [];
afterEach(() => {
	for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function setup(script: ScriptedProviderEntry[]): Harness {
	const provider = scriptedProvider(script, { name: MODEL.provider, model: MODEL });
	const { kernel, session, dir } = createScriptedSession({
		provider,
		prefix: "weft-session-events-",
		dirs,
		systemPrompt: (tools) => `You are weft. Tools: ${tools.map((t) => t.name).join(", ")}.`,
	});
	const seen: Seen[] = [];
	for (const type of EVENT_NAMES) {
		kernel.bus.on(
			type,
			(event) => {
				seen.push({ type, payload: { ...event } });
			},
			{ owner: "observer-ext", priority: -100 },
		);
	}
	const published: SessionEvent[] = [];
	session.subscribe((event) => published.push(event));
	return { kernel, session, provider, dir, seen, published };
}

/** The entries written to the session file, header excluded. */
function fileEntries(session: AgentSession): Array<Record<string, any>> {
	const file = session.store.file!;
	if (!existsSync(file)) return [];
	const lines = readFileSync(file, "utf8").trim().split("\n");
	return lines.slice(1).map((line) => JSON.parse(line));
}

function fileMessages(session: AgentSession): Message[] {
	return fileEntries(session)
		.filter((e) => e.type === "message")
		.map((e) => e.message as Message);
}

const payloadsOf = (seen: Seen[], type: EventName) =>
	seen.filter((s) => s.type === type).map((s) => s.payload);

/** Event names in order, with runs of the same streaming event collapsed to one. */
function sequence(seen: Seen[]): string[] {
	const out: string[] = [];
	for (const { type } of seen) {
		const streaming = type === "message_update" || type === "tool_execution_update";
		if (!(streaming && out.at(-1) === type)) out.push(type);
	}
	return out;
}

describe("AgentSession lifecycle events", () => {
	it("announces session_start (reason new) and then startup with mode and cwd, once", () => {
		const h = setup([]);
		h.session.start();
		h.session.start();

		expect(sequence(h.seen)).toEqual(["session_start", "startup"]);
		expect(h.seen[0].payload).toMatchObject({ sessionId: h.session.id, reason: "new" });
		expect(h.seen[1].payload).toMatchObject({ mode: "sdk", cwd: h.dir });
	});

	it("announces session_load and then session_start (reason resume) for a session read from its file", async () => {
		const first = setup([{ text: "hi" }]);
		await first.session.prompt("hello");
		const kernel = new Kernel();
		const seen: string[] = [];
		kernel.bus.on("session_load", (e) => void seen.push(`load:${e.sessionId}:${e.file}:${e.entryCount}`), {
			owner: EXT,
		});
		kernel.bus.on("session_start", (e) => void seen.push(`start:${e.sessionId}:${e.reason}`), { owner: EXT });
		const file = first.session.store.file!;
		const resumed = new AgentSession({
			kernel,
			cwd: first.dir,
			mode: "sdk",
			model: MODEL,
			store: SessionStore.open(file, { persist: true }),
			startReason: "resume",
			systemPrompt: () => "",
		});
		resumed.start();

		const id = first.session.id;
		expect(seen).toEqual([`load:${id}:${file}:2`, `start:${id}:resume`]);
		expect(resumed.messages.map((m) => m.role)).toEqual(["user", "assistant"]);
	});

	it("does not wait for slow observers, which still receive their events in order", async () => {
		const h = setup([{ text: "one two three four" }]);
		const release = { fn: () => {} };
		const held = new Promise<void>((resolve) => {
			release.fn = resolve;
		});
		const received: string[] = [];
		h.kernel.bus.on(
			"message_update",
			async (e) => {
				if (received.length === 0) await held;
				received.push(e.delta.text);
			},
			{ owner: EXT },
		);
		const result = await h.session.prompt("count");

		expect(result.response).toBe("one two three four");
		expect(received).toEqual([]);
		release.fn();
		await h.kernel.bus.idle();
		expect(received).toEqual(["one ", "two ", "three ", "four"]);
	});

	it("emits every event of a prompt in order when the model thinks, talks and runs a streaming bash command", async () => {
		const h = setup([
			{
				thinking: "I should run it",
				text: "Running it now.",
				toolCalls: [{ name: "bash", args: { command: "echo one; sleep 0.3; echo two" } }],
			},
			{ text: "All done." },
		]);
		h.session.start();
		const result = await h.session.prompt("run the script");
		await h.kernel.bus.idle();

		expect(result).toEqual({ reason: "completed", response: "All done." });
		expect(sequence(h.seen)).toEqual([
			"session_start",
			"startup",
			"input",
			"before_agent_start",
			"session_save",
			"agent_start",
			"turn_start",
			"context",
			"message_start",
			"message_update",
			"message_end",
			"turn_result",
			"session_save",
			"assistant_message",
			"tool_call",
			"tool_execution_start",
			"tool_execution_update",
			"tool_execution_end",
			"tool_result",
			"session_save",
			"turn_end",
			"turn_start",
			"context",
			"message_start",
			"message_update",
			"message_end",
			"turn_result",
			"session_save",
			"assistant_message",
			"turn_end",
			"agent_end",
		]);

		const deltas = payloadsOf(h.seen, "message_update").map((p) => p.delta as { type: string; text: string });
		const joined = (type: string) =>
			deltas
				.filter((d) => d.type === type)
				.map((d) => d.text)
				.join("");
		expect(joined("thinking")).toBe("I should run it");
		expect(joined("text")).toBe("Running it now.All done.");
		expect(JSON.parse(joined("toolcall"))).toEqual({ command: "echo one; sleep 0.3; echo two" });
		expect(deltas.filter((d) => d.type === "text").length).toBeGreaterThan(2);

		const [update] = payloadsOf(h.seen, "tool_execution_update");
		expect(update.name).toBe("bash");
		expect(textOf(update.partial)).toContain("one");
		const [end] = payloadsOf(h.seen, "tool_execution_end");
		expect(end).toMatchObject({
			name: "bash",
			isError: false,
			content: [{ type: "text", text: "one\ntwo" }],
		});

		expect(payloadsOf(h.seen, "input")[0]).toMatchObject({ text: "run the script", source: "cli" });
		expect(payloadsOf(h.seen, "agent_start")[0]).toMatchObject({ prompt: "run the script" });
		expect(payloadsOf(h.seen, "turn_start").map((p) => p.step)).toEqual([1, 2]);
		expect(payloadsOf(h.seen, "turn_result")[0]).toMatchObject({
			step: 1,
			content: "Running it now.",
			thinking: "I should run it",
			toolCalls: [{ name: "bash", args: { command: "echo one; sleep 0.3; echo two" } }],
		});
		expect(payloadsOf(h.seen, "assistant_message").map((p) => p.text)).toEqual([
			"Running it now.",
			"All done.",
		]);
		expect(payloadsOf(h.seen, "tool_call")[0]).toMatchObject({ name: "bash", source: "model" });
		expect(payloadsOf(h.seen, "turn_end").map((p) => p.stopReason)).toEqual(["tool_use", "end"]);
		const [agentEnd] = payloadsOf(h.seen, "agent_end");
		expect(agentEnd).toMatchObject({ reason: "completed", response: "All done." });
		expect(agentEnd.messages.map((m: Message) => m.role)).toEqual([
			"user",
			"assistant",
			"toolResult",
			"assistant",
		]);
	});

	it("emits session_save once per appended entry, carrying the entry the file holds", async () => {
		const h = setup([{ toolCalls: [{ name: "ls", args: {} }] }, { text: "Nothing here." }]);
		await h.session.prompt("what is here?");
		h.session.setThinking("high");

		const saved = payloadsOf(h.seen, "session_save");
		expect(saved.map((p) => p.sessionId)).toEqual(saved.map(() => h.session.id));
		// Checkpoints of the streaming answer are in the file too, but are not entries and are not announced.
		expect(saved.map((p) => p.entry)).toEqual(fileEntries(h.session).filter((e) => e.type !== "partial"));
		expect(saved.map((p) => p.entry.type)).toEqual([
			"message",
			"message",
			"message",
			"message",
			"thinking_level",
		]);
	});

	it("announces model_select with the previous model and records the change in the session file", async () => {
		const h = setup([{ text: "hi" }]);
		await h.session.prompt("hello");
		const next: ModelInfo = { ...MODEL, id: "bigger-model" };
		h.session.setModel(next);

		expect(payloadsOf(h.seen, "model_select")).toEqual([
			expect.objectContaining({
				provider: "scripted",
				model: "bigger-model",
				previous: { provider: "scripted", model: "scripted-model" },
			}),
		]);
		expect(fileEntries(h.session).at(-1)).toMatchObject({
			type: "model_change",
			provider: "scripted",
			model: "bigger-model",
		});
		expect(h.session.model.id).toBe("bigger-model");
	});

	it("announces thinking_level_select with the previous level, only when the level changes", async () => {
		const h = setup([]);
		const before = h.session.thinking;
		const next = before === "high" ? "low" : "high";
		h.session.setThinking(next);
		h.session.setThinking(next);
		expect(payloadsOf(h.seen, "thinking_level_select")).toEqual([
			expect.objectContaining({ level: next, previous: before }),
		]);
	});

	it("waits for async session_shutdown handlers and then tells subscribers, with the reason", async () => {
		const h = setup([]);
		const finished: string[] = [];
		h.kernel.bus.on(
			"session_shutdown",
			async (event) => {
				await new Promise((resolve) => setImmediate(resolve));
				finished.push(event.reason);
			},
			{ owner: EXT },
		);
		await h.session.shutdown("user quit");

		expect(finished).toEqual(["user quit"]);
		expect(h.published.at(-1)).toEqual({ type: "session_shutdown", reason: "user quit" });
	});
});

describe("AgentSession run endings", () => {
	it("ends with reason aborted and persists the partial message when aborted mid-stream", async () => {
		const h = setup([{ text: "partial words here and then much more", stallAfterChunks: 2 }]);
		let stalled!: () => void;
		const streamedTwoChunks = new Promise<void>((resolve) => {
			stalled = resolve;
		});
		let chunks = 0;
		h.kernel.bus.on("message_update", () => (++chunks === 2 ? stalled() : undefined), { owner: EXT });

		const run = h.session.prompt("write a lot");
		await streamedTwoChunks;
		await h.session.abort();
		const result = await run;

		expect(result.reason).toBe("aborted");
		expect(payloadsOf(h.seen, "agent_end")[0]).toMatchObject({ reason: "aborted" });
		expect(payloadsOf(h.seen, "turn_end")[0]).toMatchObject({ stopReason: "aborted" });
		const saved = fileMessages(h.session).at(-1) as AssistantMessage;
		expect(saved).toMatchObject({ role: "assistant", stopReason: "aborted" });
		expect(textOf(saved.content)).toBe("partial words ");
		expect(h.session.isIdle).toBe(true);
	});

	it("ends with reason error and the provider's message when the provider fails", async () => {
		const h = setup([{ error: { status: 400, message: "the prompt is malformed" } }]);
		const result = await h.session.prompt("hello");

		expect(result.reason).toBe("error");
		expect(result.error).toContain("the prompt is malformed");
		const [agentEnd] = payloadsOf(h.seen, "agent_end");
		expect(agentEnd).toMatchObject({ reason: "error" });
		expect(agentEnd.error).toContain("the prompt is malformed");
		expect(payloadsOf(h.seen, "turn_end")[0]).toMatchObject({ stopReason: "error" });
		expect(payloadsOf(h.seen, "turn_result")).toEqual([]);
		expect(fileMessages(h.session).at(-1)).toMatchObject({ role: "assistant", stopReason: "error" });
	});

	it("accumulates usage and cost across turns and prompts", async () => {
		const h = setup([
			{ toolCalls: [{ name: "ls", args: {} }], usage: { input: 100, output: 10 } },
			{ text: "Empty folder.", usage: { input: 200, output: 20 } },
			{ text: "Still empty.", usage: { input: 300, output: 30, cacheRead: 50 } },
		]);
		await h.session.prompt("list it");
		expect(h.session.usage).toMatchObject({ input: 300, output: 30 });
		await h.session.prompt("again");

		const usage = h.session.usage;
		expect(usage).toMatchObject({ input: 600, output: 60, cacheRead: 50, cacheWrite: 0 });
		expect(usage.cost.total).toBeCloseTo((600 * 1 + 60 * 2) / 1e6, 12);
		expect(usage.cost.input).toBeCloseTo((600 * 1) / 1e6, 12);
		expect(payloadsOf(h.seen, "turn_end").map((p) => p.usage.input)).toEqual([100, 200, 300]);

		const reopened = new AgentSession({
			kernel: new Kernel(),
			cwd: h.dir,
			mode: "sdk",
			model: MODEL,
			store: SessionStore.open(h.session.store.file!, { persist: false }),
			systemPrompt: () => "",
		});
		expect(reopened.usage).toEqual(usage);
	});
});
