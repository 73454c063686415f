/**
 * The host bound to a real session and a scripted model: messages and
 * entries sent by extensions, the agent loop replaced and restored, a
 * custom provider, and a reload the running session notices.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createAgentSession } from "../agent/create-session.js";
import { AgentSession } from "../agent/session.js";
import { SessionStore } from "../agent/session-store.js";
import { Kernel } from "../kernel/kernel.js";
import { type Message, textOf } from "../kernel/messages.js";
import { BUILTIN_OWNER } from "../kernel/owner.js";
import type { ModelInfo } from "../kernel/provider.js";
import { type ScriptedProviderEntry, scriptedProvider } from "../testing/scripted-provider.js";
import { ExtensionHost } from "./host.js";
import { NonInteractiveUI } from "./non-interactive-ui.js";

const MODEL: ModelInfo = {
	id: "scripted-model",
	provider: "scripted",
	api: "scripted",
	contextWindow: 200_000,
	maxOutput: 8192,
	cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 },
};

const roots: string[] = [];
const hosts: ExtensionHost[] = [];
afterEach(async () => {
	for (const host of hosts.splice(0)) await host.unloadAll();
	for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

async function setup(extensions: Record<string, string>, script: ScriptedProviderEntry[], model = MODEL) {
	const root = mkdtempSync(join(tmpdir(), "weft-host-session-"));
	roots.push(root);
	const files = Object.entries(extensions).map(([name, source]) => {
		const file = join(root, "ext", `${name}.ts`);
		mkdirSync(join(root, "ext"), { recursive: true });
		writeFileSync(file, source);
		return file;
	});
	const kernel = new Kernel();
	const ui = new NonInteractiveUI();
	const host = new ExtensionHost({
		kernel,
		cwd: root,
		home: root,
		settings: {},
		mode: "test",
		cliPaths: files,
		ui,
		watchdog: false,
	});
	hosts.push(host);
	const records = await host.loadAll();
	const provider = scriptedProvider(script, { name: MODEL.provider, model: MODEL });
	kernel.providers.register(MODEL.provider, provider, BUILTIN_OWNER);
	const session = new AgentSession({
		kernel,
		cwd: root,
		mode: "test",
		model,
		store: SessionStore.create({ home: root, cwd: root, persist: true }),
		systemPrompt: () => "You are weft.",
		retry: { maxRetries: 0 },
	});
	host.bind(session);
	return { kernel, host, session, provider, ui, records };
}

const userTexts = (messages: readonly Message[]) =>
	messages.filter((m) => m.role === "user").map((m) => textOf(m.content as string));

describe("a bound host", () => {
	it("lets the session prepare an extension's provider ahead of the first request, and ignores a failing prepare", async () => {
		const provider = (name: string, prepare: string) => `export default function (weft: any) {
			weft.registerProvider("${name}", { models: [{ id: "m" }], async *stream() {}, prepare: ${prepare} });
		}`;
		const ok = await setup(
			{ ready: provider("p", "async (model: { id: string }) => weft.expose({ prepared: model.id })") },
			[],
			{ ...MODEL, provider: "p", id: "m" },
		);
		await ok.session.prepare();
		expect((ok.host as any).services.exposedBy("ready")).toEqual({ prepared: "m" });

		const failing = await setup({ broken: provider("q", "async () => { throw new Error('no') }") }, [], {
			...MODEL,
			provider: "q",
		});
		await expect(failing.session.prepare()).resolves.toBeUndefined();
	});

	it("queues a user message sent while the agent is busy and delivers it once the model is done", async () => {
		const { session, provider } = await setup(
			{
				nudge: `export default (weft: any) => weft.registerTool({ name: "nudge", description: "d",
					parameters: { type: "object", properties: {} },
					execute: (_args: unknown, ctx: any) => { weft.sendUserMessage("and one more thing"); return ctx.isIdle() ? "idle" : "busy"; } });`,
			},
			[{ toolCalls: [{ name: "nudge", args: {} }] }, { text: "done" }, { text: "noted" }],
		);
		const result = await session.prompt("start");
		expect(result.reason).toBe("completed");
		expect(userTexts(session.messages)).toEqual(["start", "and one more thing"]);
		const toolResult = session.messages.find((m) => m.role === "toolResult");
		expect(textOf(toolResult!.content)).toBe("busy");
		expect(provider.remaining()).toBe(0);
	});

	it("delivers messages and entries an extension sent before the session existed, and persists entries", async () => {
		const { session } = await setup(
			{
				early: `export default (weft: any) => {
					weft.appendEntry("early-state", { count: 1 });
					weft.sendMessage({ customType: "early-note", content: "remember the tests", display: false });
				};`,
			},
			[{ text: "ok" }],
		);
		await session.prompt("hi");
		const entries = readFileSync(session.store.file!, "utf8")
			.trim()
			.split("\n")
			.map((line) => JSON.parse(line));
		expect(entries).toContainEqual(
			expect.objectContaining({ type: "custom", customType: "early-state", data: { count: 1 } }),
		);
		expect(session.messages[0]).toMatchObject({ role: "custom", customType: "early-note", display: false });
	});

	it("gives handlers a context with the session id, model, mode and run state", async () => {
		const { session } = await setup(
			{
				ctx: `export default (weft: any) => weft.on("turn_start", (_e: unknown, ctx: any) => {
					(globalThis as any).__ctx = { id: ctx.sessionId, model: ctx.model.id, mode: ctx.mode, idle: ctx.isIdle(), signal: ctx.signal instanceof AbortSignal, hasUI: ctx.hasUI };
				});`,
			},
			[{ text: "ok" }],
		);
		await session.prompt("hi");
		expect((globalThis as any).__ctx).toEqual({
			id: session.id,
			model: "scripted-model",
			mode: "test",
			idle: false,
			signal: true,
			hasUI: false,
		});
	});

	it("runs an agent loop that wraps the stock loop, and restores the stock loop on unload", async () => {
		const { session, host } = await setup(
			{
				looper: `export default (weft: any) => weft.setAgentLoop((stock: any) => async (ctx: any) => {
					const result = await stock(ctx);
					return { ...result, response: "wrapped: " + result.response };
				});`,
			},
			[{ text: "one" }, { text: "two" }],
		);
		expect((await session.prompt("a")).response).toBe("wrapped: one");
		await host.unloadAll();
		expect((await session.prompt("b")).response).toBe("two");
	});

	it("serves the session from a provider an extension registered with a stream function", async () => {
		const echo: ModelInfo = { ...MODEL, id: "echo-1", provider: "echo" };
		const { session } = await setup(
			{
				echo: `export default (weft: any) => weft.registerProvider("echo", { models: [{ id: "echo-1" }],
					async *stream(request: any) {
						const text = "echo: " + request.messages.at(-1).content;
						yield { type: "text_delta", text };
						yield { type: "done", message: { role: "assistant", content: [{ type: "text", text }], provider: "echo", model: "echo-1",
							usage: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, total: 0 } }, stopReason: "end", timestamp: Date.now() } };
					} });`,
			},
			[],
			echo,
		);
		expect((await session.prompt("ping")).response).toBe("echo: ping");
	});

	it("after a reload the session's next turn offers the reloaded tool set", async () => {
		const { session, host, provider } = await setup(
			{
				versioned: `let loads = 0;
				export default (weft: any) => { loads++; weft.registerTool({ name: "tool_v" + ((globalThis as any).__version ?? 1),
					description: "d", parameters: { type: "object" }, execute: () => "ok" }); };`,
			},
			[{ text: "first" }, { text: "second" }],
		);
		await session.prompt("a");
		(globalThis as any).__version = 2;
		await host.reload();
		await session.prompt("b");
		const toolNames = provider.requests.map((r) =>
			r.tools.map((t) => t.name).filter((n) => n.startsWith("tool_v")),
		);
		expect(toolNames).toEqual([["tool_v1"], ["tool_v2"]]);
	});

	it("createAgentSession can pick a provider an extension registered, by name or on its own", async () => {
		const { kernel, host } = await setup(
			{
				local: `export default (weft: any) => weft.registerProvider("ext-local", { models: [{ id: "small" }, { id: "large" }],
					async *stream() {} });`,
			},
			[],
		);
		const root = roots.at(-1)!;
		const base = { kernel, cwd: root, home: root, env: {}, settings: {}, session: { persist: false } };
		const auto = await createAgentSession(base);
		expect([auto.session.model.provider, auto.session.model.id]).toEqual(["ext-local", "small"]);
		const named = await createAgentSession({ ...base, provider: "ext-local", model: "large" });
		expect(named.session.model).toMatchObject({ provider: "ext-local", id: "large", contextWindow: 128_000 });
		expect(kernel.providers.ownerOf("ext-local")).toBe("local");
		await host.unloadAll();
		await expect(createAgentSession({ ...base, provider: "ext-local" })).rejects.toThrow(
			/unknown provider "ext-local"/,
		);
	});
});
