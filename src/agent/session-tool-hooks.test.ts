/**
 * The one tool path as extensions see it: tool_call (block, rewrite args,
 * substitute a result, fail closed), tool_result rewrites, invalid arguments,
 * and tools run outside the model's turn, all through a real AgentSession.
 */
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
	contentOf,
	createScriptedSession,
	SCRIPTED_MODEL,
	savedMessages,
} from "../../test/support/scripted-session.js";
import type { EventPayload } from "../kernel/events.js";
import { textOf } from "../kernel/messages.js";
import { type ScriptedProviderEntry, scriptedProvider } from "../testing/scripted-provider.js";

const EXT = "test-ext";
const MODEL = SCRIPTED_MODEL;

const dirs: string[] = [];
afterEach(() => {
	for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function setup(script: ScriptedProviderEntry[]) {
	const provider = scriptedProvider(script, { name: MODEL.provider, model: MODEL });
	const { kernel, session, dir } = createScriptedSession({
		provider,
		prefix: "weft-session-tools-",
		dirs,
	});
	// Another extension watching what actually runs and what results come back.
	const executed: Array<EventPayload<"tool_execution_start">> = [];
	const results: Array<EventPayload<"tool_result">> = [];
	kernel.bus.on("tool_execution_start", (e) => void executed.push({ ...e }), { owner: "observer-ext" });
	kernel.bus.on("tool_result", (e) => void results.push({ ...e }), { owner: "observer-ext", priority: -100 });
	return {
		kernel,
		session,
		provider,
		dir,
		executed,
		results,
		on: kernel.bus.on.bind(kernel.bus),
		/** The tool result the model was sent in its second request. */
		modelSawResult: () => provider.requests[1]?.messages.at(-1),
	};
}

const writeCall = (path: string): ScriptedProviderEntry => ({
	toolCalls: [{ name: "write", args: { path, content: "data" } }],
});

describe("tool_call", () => {
	it("never runs a blocked tool and tells the model why", async () => {
		const h = setup([writeCall("secret.txt"), { text: "understood" }]);
		h.on(
			"tool_call",
			(e) => (e.name === "write" ? { block: true, reason: "writes are disabled" } : undefined),
			{
				owner: EXT,
			},
		);
		const result = await h.session.prompt("write it");

		expect(existsSync(join(h.dir, "secret.txt"))).toBe(false);
		expect(h.executed).toEqual([]);
		expect(h.modelSawResult()).toMatchObject({ role: "toolResult", toolName: "write", isError: true });
		expect(contentOf(h.modelSawResult())).toBe("Tool call blocked: writes are disabled");
		expect(h.results[0]).toMatchObject({ name: "write", isError: true, details: { blocked: true, by: EXT } });
		expect(result).toMatchObject({ reason: "completed", response: "understood" });
	});

	it("chains argument rewrites from a higher-priority handler into a lower one", async () => {
		const h = setup([{ toolCalls: [{ name: "bash", args: { command: "echo model" } }] }, { text: "ok" }]);
		const lowSaw: unknown[] = [];
		h.on("tool_call", () => ({ args: { command: "echo high" } }), { owner: EXT, priority: 10 });
		h.on(
			"tool_call",
			(e) => {
				lowSaw.push(e.args.command);
				return { args: { ...e.args, command: `${e.args.command} low` } };
			},
			{ owner: "second-ext" },
		);
		await h.session.prompt("run");

		expect(lowSaw).toEqual(["echo high"]);
		expect(h.executed.map((e) => e.args)).toEqual([{ command: "echo high low" }]);
		expect(contentOf(h.modelSawResult())).toBe("high low");
		expect(h.results[0].args).toEqual({ command: "echo high low" });
	});

	it("refuses arguments an extension rewrote into an invalid shape", async () => {
		const h = setup([writeCall("a.txt"), { text: "ok" }]);
		h.on("tool_call", () => ({ args: { path: 7 } }), { owner: EXT });
		await h.session.prompt("write");

		expect(h.executed).toEqual([]);
		expect(h.modelSawResult()).toMatchObject({ isError: true });
		expect(contentOf(h.modelSawResult())).toContain("(arguments as rewritten by an extension)");
	});

	it("gives the model a substitute result without running the tool", async () => {
		const h = setup([{ toolCalls: [{ name: "bash", args: { command: "touch ran.txt" } }] }, { text: "ok" }]);
		h.on("tool_call", () => ({ result: { content: "cached: nothing to do" } }), { owner: EXT });
		await h.session.prompt("run");

		expect(existsSync(join(h.dir, "ran.txt"))).toBe(false);
		expect(h.executed).toEqual([]);
		expect(h.modelSawResult()).toMatchObject({ role: "toolResult", isError: false });
		expect(contentOf(h.modelSawResult())).toBe("cached: nothing to do");
	});

	it("blocks the call, naming the extension, when a handler throws", async () => {
		const h = setup([writeCall("a.txt"), { text: "ok" }]);
		h.on(
			"tool_call",
			() => {
				throw new Error("policy file unreadable");
			},
			{ owner: EXT },
		);
		await h.session.prompt("write");

		expect(existsSync(join(h.dir, "a.txt"))).toBe(false);
		expect(contentOf(h.modelSawResult())).toBe(
			'Tool call blocked: blocked because the extension "test-ext" failed while checking this call: policy file unreadable',
		);
	});

	it("blocks the call when an async handler misses its owner's deadline", async () => {
		const h = setup([writeCall("a.txt"), { text: "ok" }]);
		h.kernel.bus.configureOwner(EXT, { deadlineMs: 20 });
		h.on("tool_call", () => new Promise<undefined>(() => {}), { owner: EXT });
		await h.session.prompt("write");

		expect(existsSync(join(h.dir, "a.txt"))).toBe(false);
		expect(contentOf(h.modelSawResult())).toContain('extension "test-ext" failed');
	});

	it("runs the tool when the throwing handler's owner is configured fail-open", async () => {
		const h = setup([writeCall("a.txt"), { text: "ok" }]);
		h.kernel.bus.configureOwner(EXT, { failOpen: true });
		h.on(
			"tool_call",
			() => {
				throw new Error("policy file unreadable");
			},
			{ owner: EXT },
		);
		await h.session.prompt("write");

		expect(readFileSync(join(h.dir, "a.txt"), "utf8")).toBe("data");
		expect(h.modelSawResult()).toMatchObject({ isError: false });
	});
});

describe("tool_result", () => {
	it("changes what the model sees and what is persisted", async () => {
		const h = setup([
			{ toolCalls: [{ name: "bash", args: { command: "echo token=abc123" } }] },
			{ text: "ok" },
		]);
		h.on(
			"tool_result",
			(e) =>
				textOf(e.content).includes("token=") ? { content: "[output withheld]", isError: true } : undefined,
			{ owner: EXT },
		);
		await h.session.prompt("show the token");

		expect(h.modelSawResult()).toMatchObject({
			role: "toolResult",
			isError: true,
			content: [{ type: "text", text: "[output withheld]" }],
		});
		const saved = savedMessages(h.session).find((m) => m.role === "toolResult");
		expect(contentOf(saved)).toBe("[output withheld]");
		expect(saved).toMatchObject({ isError: true });
	});
});

describe("invalid tool arguments", () => {
	it("become an error result the model sees, and the run continues", async () => {
		const h = setup([
			{ toolCalls: [{ name: "write", args: { path: 42 } }] },
			writeCall("fixed.txt"),
			{ text: "fixed it" },
		]);
		const gated: string[] = [];
		h.on("tool_call", (e) => void gated.push(e.name), { owner: EXT });
		const result = await h.session.prompt("write");

		const first = h.modelSawResult();
		expect(first).toMatchObject({ role: "toolResult", toolName: "write", isError: true });
		expect(contentOf(first)).toContain('Invalid arguments for tool "write"');
		expect(contentOf(first)).toContain("Fix the arguments and call the tool again.");
		expect(gated).toEqual(["write"]);
		expect(h.results.map((r) => r.isError)).toEqual([true, false]);
		expect(readFileSync(join(h.dir, "fixed.txt"), "utf8")).toBe("data");
		expect(result).toEqual({ reason: "completed", response: "fixed it" });
	});
});

describe("session.runTool", () => {
	it("passes a user shell command through tool_call and tool_result with source user", async () => {
		const h = setup([]);
		const sources: string[] = [];
		h.on("tool_call", (e) => void sources.push(`call:${e.source}`), { owner: EXT });
		h.on("tool_result", (e) => void sources.push(`result:${e.source}`), { owner: EXT });
		const result = await h.session.runTool({
			id: "user-1",
			name: "bash",
			args: { command: "echo hi" },
			source: "user",
		});

		expect(sources).toEqual(["call:user", "result:user"]);
		expect(h.executed).toEqual([
			expect.objectContaining({ id: "user-1", name: "bash", args: { command: "echo hi" }, source: "user" }),
		]);
		expect(result).toMatchObject({ role: "toolResult", toolCallId: "user-1", isError: false });
		expect(contentOf(result)).toBe("hi");
	});

	it("lets a tool_call handler block a user command", async () => {
		const h = setup([]);
		h.on(
			"tool_call",
			(e) => (e.source === "user" ? { block: true, reason: "no shell in this mode" } : undefined),
			{
				owner: EXT,
			},
		);
		const result = await h.session.runTool({
			id: "user-2",
			name: "bash",
			args: { command: "touch made.txt" },
			source: "user",
		});

		expect(existsSync(join(h.dir, "made.txt"))).toBe(false);
		expect(result).toMatchObject({ isError: true });
		expect(contentOf(result)).toBe("Tool call blocked: no shell in this mode");
	});
});
