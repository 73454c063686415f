/**
 * Messages that arrive while a run is in progress: steering (delivered before
 * the model's next call, skipping the turn's remaining tools) and follow-ups
 * (delivered once the model would stop). A tool that waits on a promise the
 * test controls holds the run open at a known point.
 */
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { contentOf, createScriptedSession, SCRIPTED_MODEL } from "../../test/support/scripted-session.js";
import type { InputSource } from "../kernel/events.js";
import type { ToolDefinition } from "../kernel/tool.js";
import { type ScriptedProviderEntry, scriptedProvider } from "../testing/scripted-provider.js";

const EXT = "test-ext";
const MODEL = SCRIPTED_MODEL;

const dirs: string[] = [];
afterEach(() => {
	for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

interface Deferred<T> {
	promise: Promise<T>;
	resolve: (value: T) => void;
}

function deferred<T = void>(): Deferred<T> {
	let resolve!: (value: T) => void;
	const promise = new Promise<T>((r) => {
		resolve = r;
	});
	return { promise, resolve };
}

/** A tool that reports when it starts and returns only once the test releases it. */
function approvalTool() {
	const started = deferred();
	const released = deferred<string>();
	const tool: ToolDefinition = {
		name: "await_approval",
		description: "Waits for a human to approve.",
		parameters: { type: "object", properties: {}, additionalProperties: false },
		execute: async () => {
			started.resolve();
			return released.promise;
		},
	};
	return { tool, started: started.promise, release: released.resolve };
}

function setup(script: ScriptedProviderEntry[]) {
	const provider = scriptedProvider(script, { name: MODEL.provider, model: MODEL });
	const { kernel, session, dir } = createScriptedSession({
		provider,
		prefix: "weft-session-queue-",
		dirs,
	});
	const approval = approvalTool();
	kernel.tools.register(approval.tool.name, approval.tool, EXT);
	const inputs: Array<{ text: string; source: InputSource }> = [];
	kernel.bus.on("input", (e) => void inputs.push({ text: e.text, source: e.source }), {
		owner: "observer-ext",
	});
	return { kernel, session, provider, dir, approval, inputs };
}

const approve = { name: "await_approval", args: {} };

describe("steering while a run is in progress", () => {
	it("skips the turn's remaining tool calls and reaches the model on its next call", async () => {
		const h = setup([
			{ toolCalls: [approve, { name: "write", args: { path: "plan.txt", content: "old plan" } }] },
			{ text: "Changing course." },
		]);
		const run = h.session.prompt("do the plan");
		await h.approval.started;
		await h.session.steer("stop, use the new plan");
		h.approval.release("approved");
		const result = await run;

		expect(result).toEqual({ reason: "completed", response: "Changing course." });
		expect(existsSync(join(h.dir, "plan.txt"))).toBe(false);
		expect(h.provider.requests).toHaveLength(2);
		const sent = h.provider.requests[1].messages;
		expect(sent.map((m) => [m.role, contentOf(m)])).toEqual([
			["user", "do the plan"],
			["assistant", ""],
			["toolResult", "approved"],
			["toolResult", "Tool call skipped: a user message arrived."],
			["user", "stop, use the new plan"],
		]);
		expect(h.inputs).toEqual([
			{ text: "do the plan", source: "cli" },
			{ text: "stop, use the new plan", source: "queue" },
		]);
	});

	it("applies input transforms to the steering message", async () => {
		const h = setup([{ toolCalls: [approve] }, { text: "ok" }]);
		h.kernel.bus.on("input", (e) => ({ action: "transform", text: `[steer] ${e.text}` }), { owner: EXT });
		const run = h.session.prompt("go");
		await h.approval.started;
		await h.session.steer("faster");
		h.approval.release("approved");
		await run;

		expect(contentOf(h.provider.requests[1].messages.at(-1))).toBe("[steer] faster");
	});
});

describe("follow-ups while a run is in progress", () => {
	it("are delivered only once the model would stop", async () => {
		const h = setup([{ toolCalls: [approve] }, { text: "First answer." }, { text: "Second answer." }]);
		const run = h.session.prompt("start");
		await h.approval.started;
		await h.session.followUp("and then summarize");
		h.approval.release("approved");
		const result = await run;

		expect(result).toEqual({ reason: "completed", response: "Second answer." });
		const [, second, third] = h.provider.requests;
		expect(second.messages.map(contentOf)).not.toContain("and then summarize");
		expect(third.messages.map((m) => [m.role, contentOf(m)]).slice(-2)).toEqual([
			["assistant", "First answer."],
			["user", "and then summarize"],
		]);
	});

	it("queues a prompt submitted during a run, with source queue, and answers it with the run's result", async () => {
		const h = setup([{ toolCalls: [approve] }, { text: "Done." }, { text: "Also done." }]);
		const first = h.session.prompt("start");
		await h.approval.started;
		const second = h.session.prompt("one more thing");
		h.approval.release("approved");

		const results = await Promise.all([first, second]);
		expect(results).toEqual([
			{ reason: "completed", response: "Also done." },
			{ reason: "completed", response: "Also done." },
		]);
		expect(h.inputs.map((i) => i.source)).toEqual(["cli", "queue"]);
		expect(h.session.messages.map((m) => m.role)).toEqual([
			"user",
			"assistant",
			"toolResult",
			"assistant",
			"user",
			"assistant",
		]);
	});

	it("still answers a prompt whose input handler finishes after the run ended", async () => {
		const h = setup([{ toolCalls: [approve] }, { text: "Done." }, { text: "Late answer." }]);
		const hold = deferred();
		h.kernel.bus.on("input", (e) => (e.source === "queue" ? hold.promise.then(() => undefined) : undefined), {
			owner: EXT,
		});
		const first = h.session.prompt("start");
		await h.approval.started;
		const late = h.session.prompt("a late thought");
		h.approval.release("approved");
		expect(await first).toEqual({ reason: "completed", response: "Done." });
		hold.resolve();

		expect(await late).toEqual({ reason: "completed", response: "Late answer." });
		expect(contentOf(h.provider.requests[2].messages.at(-1))).toBe("a late thought");
		expect(h.inputs.map((i) => i.text)).toEqual(["start", "a late thought"]);
		expect(h.session.isIdle).toBe(true);
	});

	it("delivers a follow-up whose input handler finishes just as the model stops, whatever the microtask", async () => {
		for (let extraTicks = 0; extraTicks < 12; extraTicks++) {
			const h = setup([{ toolCalls: [approve] }, { text: "Done." }, { text: "Late answer." }]);
			const lastMessageEnded = deferred();
			let ended = 0;
			h.kernel.bus.on("message_end", () => (++ended === 2 ? lastMessageEnded.resolve() : undefined), {
				owner: "observer-ext",
			});
			h.kernel.bus.on(
				"input",
				async (e) => {
					if (e.source !== "queue") return;
					await lastMessageEnded.promise;
					for (let i = 0; i < extraTicks; i++) await Promise.resolve();
				},
				{ owner: EXT },
			);
			const first = h.session.prompt("start");
			await h.approval.started;
			const late = h.session.prompt("a late thought");
			h.approval.release("approved");
			await first;

			expect(await late).toEqual({ reason: "completed", response: "Late answer." });
			expect(contentOf(h.provider.requests[2]?.messages.at(-1))).toBe("a late thought");
		}
	});
});

describe("aborting while a tool runs", () => {
	it("skips the remaining tool calls and ends the run as aborted", async () => {
		const h = setup([{ toolCalls: [approve, { name: "write", args: { path: "after.txt", content: "x" } }] }]);
		const run = h.session.prompt("go");
		await h.approval.started;
		const aborting = h.session.abort();
		h.approval.release("approved anyway");
		await aborting;
		const result = await run;

		expect(result.reason).toBe("aborted");
		expect(existsSync(join(h.dir, "after.txt"))).toBe(false);
		expect(h.session.messages.map((m) => [m.role, contentOf(m)]).slice(-2)).toEqual([
			["toolResult", "approved anyway"],
			["toolResult", "Tool call skipped: aborted."],
		]);
		expect(h.provider.requests).toHaveLength(1);
	});
});
