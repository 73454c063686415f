/** The Mu plugin adapter: detection, tools, commands, system prompt, input, loop, activation, validation. */
import { describe, expect, it } from "vitest";
/** A stand-in ExtensionAPI: handlers go onto a real bus (so results fold as in a session), the rest is recorded. */
import { fakeHost, spec } from "../../../../test/support/mu-fixtures.js";
import type { AgentLoop, LoopContext, LoopResult } from "../../../agent/agent-loop.js";
import type { EventPayload } from "../../../kernel/events.js";
import type { ToolExecutionContext } from "../../types.js";
import { adaptMuPlugin, isMuPlugin, type MuPlugin } from "./mu-adapter.js";

describe("isMuPlugin", () => {
	it("recognises plain objects carrying a Mu key and nothing else", () => {
		expect(isMuPlugin({ name: "x", tools: [] })).toBe(true);
		expect(isMuPlugin({ hooks: {} })).toBe(true);
		expect(isMuPlugin({ activate() {} })).toBe(true);
		expect(isMuPlugin({ systemPrompt: "be brief" })).toBe(true);
		expect(isMuPlugin({ name: "only a name" })).toBe(false);
		expect(isMuPlugin(() => {})).toBe(false);
		expect(isMuPlugin(Object.assign(() => {}, { tools: [] }))).toBe(false);
		expect(isMuPlugin([{ tools: [] }])).toBe(false);
		expect(isMuPlugin(null)).toBe(false);
		expect(isMuPlugin("tools")).toBe(false);
	});
});

describe("Mu tools", () => {
	it("registers a Mu tool from its definition and hands execute the abort signal", async () => {
		const host = fakeHost();
		let received: unknown;
		await adaptMuPlugin(
			{
				name: "weather",
				tools: [
					{
						definition: {
							type: "function",
							function: { name: "forecast", description: "Forecast", parameters: { type: "object" } },
						},
						execute: (args, signal) => {
							received = signal;
							return `sunny in ${args.city}`;
						},
					},
				],
			},
			host.api,
		);
		const [tool] = host.tools;
		expect(tool).toMatchObject({ name: "forecast", description: "Forecast", parameters: { type: "object" } });
		const controller = new AbortController();
		const result = await tool.execute({ city: "Oslo" }, host.toolCtx(controller.signal));
		expect(result).toEqual({ content: "sunny in Oslo", isError: false });
		expect(received).toBe(controller.signal);
	});

	it("turns Mu's result shapes into text, errors included", async () => {
		const host = fakeHost();
		const outputs: unknown[] = ["Error: no network", { content: "partial", error: true }, { temp: 21 }];
		await adaptMuPlugin(
			{
				tools: outputs.map((output, i) => ({
					definition: { function: { name: `t${i}` } },
					execute: () => output,
				})),
			},
			host.api,
		);
		const run = (i: number) => host.tools[i].execute({}, host.toolCtx());
		expect(await run(0)).toEqual({ content: "Error: no network", isError: true });
		expect(await run(1)).toMatchObject({ content: "partial", isError: true });
		expect(await run(2)).toBe(JSON.stringify({ temp: 21 }, null, 2));
		expect(host.tools[0].parameters).toEqual({ type: "object", properties: {} });
	});

	it("accepts flat tools, whose execute receives weft's tool context", async () => {
		const host = fakeHost();
		await adaptMuPlugin(
			{
				tools: [
					{
						...spec("echo"),
						execute: (args: any, ctx: ToolExecutionContext) => `${ctx.toolCallId}:${args.x}`,
					},
				],
			},
			host.api,
		);
		expect(host.tools[0].name).toBe("echo");
		expect(await host.tools[0].execute({ x: 1 }, host.toolCtx())).toEqual({
			content: "call-1:1",
			isError: false,
		});
	});
});

describe("Mu commands", () => {
	it("registers array commands; a returned string is shown to the user", async () => {
		const host = fakeHost();
		let seen: any;
		await adaptMuPlugin(
			{
				commands: [
					{
						name: "hello",
						description: "Greets",
						execute: async (args, ctx) => {
							seen = ctx;
							return `hi ${args}`;
						},
					},
				],
			},
			host.api,
		);
		const command = host.commands.get("hello")!;
		expect(command.description).toBe("Greets");
		await command.handler("there", host.ctx);
		expect(host.notes).toEqual(["hi there"]);
		expect(seen).toMatchObject({
			cwd: "/project",
			messages: [],
			config: { model: "m-1", providerId: "p-1" },
		});
	});

	it("takes a record keyed by name with handler or run", async () => {
		const host = fakeHost();
		const calls: string[] = [];
		await adaptMuPlugin(
			{
				commands: {
					first: { description: "one", handler: (args) => void calls.push(`first ${args}`) },
					second: { run: (args) => void calls.push(`second ${args}`) },
				},
			},
			host.api,
		);
		await host.commands.get("first")!.handler("a", host.ctx);
		await host.commands.get("second")!.handler("b", host.ctx);
		expect(calls).toEqual(["first a", "second b"]);
		expect(host.notes).toEqual([]);
	});
});

describe("systemPrompt", () => {
	it("appends a string prompt after a blank line", async () => {
		const host = fakeHost();
		await adaptMuPlugin({ systemPrompt: "Always answer in French." }, host.api);
		const result = await host.emit("before_agent_start", {
			prompt: "hi",
			systemPrompt: "Base.",
			injected: [],
		});
		expect(result.payload.systemPrompt).toBe("Base.\n\nAlways answer in French.");
	});

	it("calls a prompt function with the plugin context on every run", async () => {
		const host = fakeHost();
		let runs = 0;
		await adaptMuPlugin({ systemPrompt: (context) => `run ${++runs} in ${context.cwd}` }, host.api);
		await host.emit("before_agent_start", { prompt: "a", systemPrompt: "", injected: [] });
		const second = await host.emit("before_agent_start", { prompt: "b", systemPrompt: "", injected: [] });
		expect(second.payload.systemPrompt).toBe("run 2 in /project");
	});
});

describe("hooks.transformUserInput", () => {
	const input = (text: string): EventPayload<"input"> => ({ text, images: [], source: "interactive" });

	it("rewrites the input with Mu's transform result or a plain string", async () => {
		const host = fakeHost();
		await adaptMuPlugin(
			{ hooks: { transformUserInput: (text) => ({ kind: "transform", text: `${text}!` }) } },
			host.api,
		);
		expect((await host.emit("input", input("go"))).payload.text).toBe("go!");

		const plain = fakeHost();
		await adaptMuPlugin({ hooks: { transformUserInput: (text) => text.toUpperCase() } }, plain.api);
		expect((await plain.emit("input", input("go"))).payload.text).toBe("GO");
	});

	it("treats intercept as handled and pass as no change", async () => {
		const host = fakeHost();
		await adaptMuPlugin(
			{
				hooks: {
					transformUserInput: (text) => (text.startsWith("!") ? { kind: "intercept" } : { kind: "pass" }),
				},
			},
			host.api,
		);
		expect((await host.emit("input", input("!stop"))).terminal).toEqual({ action: "handled" });
		const passed = await host.emit("input", input("hello"));
		expect(passed.terminal).toBeUndefined();
		expect(passed.payload.text).toBe("hello");
	});
});

describe("agentLoop", () => {
	const loopCtx = {} as LoopContext;
	const stock: AgentLoop = async () => ({ reason: "completed", response: "stock" });

	it("wraps the stock loop, which the plugin's loop receives", async () => {
		const host = fakeHost();
		await adaptMuPlugin(
			{
				agentLoop: async (ctx, inner) => {
					const result = await inner(ctx);
					return { ...result, response: `${result.response} (wrapped)` };
				},
			},
			host.api,
		);
		const loop = host.recorded.loop!(stock);
		expect(await loop(loopCtx)).toEqual({ reason: "completed", response: "stock (wrapped)" });
	});

	it("accepts an object with run, called as its method", async () => {
		const host = fakeHost();
		const strategy = {
			label: "mine",
			async run(this: { label: string }, _ctx: LoopContext, _stock: AgentLoop): Promise<LoopResult> {
				return { reason: "completed", response: this.label };
			},
		};
		await adaptMuPlugin({ agentLoop: strategy }, host.api);
		expect(await host.recorded.loop!(stock)(loopCtx)).toEqual({ reason: "completed", response: "mine" });
	});

	it("refuses Mu's generator strategies with a message saying what to write instead", async () => {
		const host = fakeHost();
		const plugin = { name: "looper", agentLoop: { name: "mu", async *run() {} } } as unknown as MuPlugin;
		await expect(adaptMuPlugin(plugin, host.api)).rejects.toThrow(
			/plugin "looper": agentLoop is a Mu loop strategy .*\(ctx, stock\) => Promise<LoopResult>/,
		);
		expect(host.recorded.loop).toBeUndefined();
	});
});

describe("activate and deactivate", () => {
	it("activate runs last with Mu's context and the weft API; the plugin is exposed", async () => {
		const host = fakeHost();
		let context: any;
		let toolsAtActivate = -1;
		const plugin: MuPlugin = {
			name: "life",
			tools: [{ ...spec("t"), execute: () => "" }],
			activate(ctx) {
				context = ctx;
				toolsAtActivate = host.tools.length;
			},
		};
		const result = await adaptMuPlugin(plugin, host.api);
		expect(toolsAtActivate).toBe(1);
		expect(context).toMatchObject({ cwd: "/project", config: {} });
		expect(context.weft).toBe(host.api);
		expect(context.getPlugin("peer")).toEqual({ peer: true });
		expect(host.recorded.exposed).toBe(plugin);
		expect(result).toEqual({});
	});

	it("returns deactivate for the host to call on unload", async () => {
		const host = fakeHost();
		let stopped = false;
		const result = await adaptMuPlugin(
			{
				activate() {},
				deactivate() {
					stopped = true;
				},
			},
			host.api,
		);
		await result.deactivate?.();
		expect(stopped).toBe(true);
	});
});

describe("invalid plugins", () => {
	const rejects = async (plugin: unknown, message: string) => {
		const host = fakeHost();
		await expect(adaptMuPlugin(plugin as MuPlugin, host.api)).rejects.toThrow(message);
		return host;
	};

	it("are rejected with the plugin and the bad field named", async () => {
		const ok = { ...spec("ok"), execute: () => "" };
		await rejects({ name: "x", tools: {} }, 'plugin "x": tools must be an array');
		await rejects(
			{ name: "x", tools: [ok, ok, { description: "d", execute() {} }] },
			'plugin "x": tools[2] has no name',
		);
		await rejects(
			{ name: "x", tools: [spec("nox")] },
			'plugin "x": tools[0] ("nox") has no execute function',
		);
		await rejects(
			{ name: "x", tools: [{ ...ok, parameters: "object" }] },
			'plugin "x": tools[0] ("ok") parameters must be a JSON Schema object',
		);
		await rejects({ name: "x", commands: [{ name: "go" }] }, 'plugin "x": commands[0] ("go") has no execute');
		await rejects({ name: "x", commands: [{ run() {} }] }, 'plugin "x": commands[0] has no name');
		await rejects(
			{ name: "x", hooks: { beforeToolExec: "no" } },
			'plugin "x": hooks.beforeToolExec must be a function',
		);
		await rejects({ name: "x", systemPrompt: 42 }, 'plugin "x": systemPrompt must be a string');
		await rejects({ name: "x", agentLoop: 1 }, 'plugin "x": agentLoop must be a function');
		await rejects({ name: "x", activate: "soon" }, 'plugin "x": activate must be a function');
	});

	it("fall back to the extension's name and register nothing", async () => {
		const host = await rejects(
			{ tools: [{ ...spec("fine"), execute: () => "" }], hooks: { afterToolExec: 1 } },
			'plugin "mu-file": hooks.afterToolExec must be a function',
		);
		expect(host.tools).toEqual([]);
		expect(host.bus.listHandlers()).toEqual([]);
	});

	it("hooks weft does not know are logged and ignored", async () => {
		const host = fakeHost();
		await adaptMuPlugin({ name: "deco", hooks: { decorateMessage: (m: unknown) => m } as never }, host.api);
		expect(host.logs).toEqual([
			'warn: plugin "deco": hooks.decorateMessage is not supported by weft and is ignored',
		]);
	});
});
