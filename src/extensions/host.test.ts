/**
 * The host without a session: loading TypeScript that imports from "weft",
 * module isolation, failures that stay contained, unload taking back every
 * kind of registration, flags, inter-extension calls, guarding, diagnostics.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { Kernel } from "../kernel/kernel.js";
import { ExtensionHost, type ExtensionHostOptions } from "./host.js";
import { NonInteractiveUI } from "./non-interactive-ui.js";

const roots: string[] = [];
const hosts: ExtensionHost[] = [];
afterEach(async () => {
	for (const host of hosts.splice(0)) await host.unloadAll();
	for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

function project() {
	const root = mkdtempSync(join(tmpdir(), "weft-host-"));
	roots.push(root);
	const cwd = join(root, "project");
	const home = join(root, "home");
	mkdirSync(cwd, { recursive: true });
	mkdirSync(home, { recursive: true });
	const write = (rel: string, text: string): string => {
		const file = join(root, rel);
		mkdirSync(join(file, ".."), { recursive: true });
		writeFileSync(file, text);
		return file;
	};
	const host = (options: Partial<ExtensionHostOptions> = {}) => {
		const ui = new NonInteractiveUI();
		const created = new ExtensionHost({
			kernel: new Kernel(),
			cwd,
			home,
			settings: {},
			mode: "test",
			ui,
			watchdog: false,
			...options,
		});
		hosts.push(created);
		return { host: created, ui, kernel: created.kernel };
	};
	return { root, cwd, home, write, host };
}

describe("loading", () => {
	it("loads a TypeScript extension that takes Type from weft and uses it as tool parameters", async () => {
		const p = project();
		const file = p.write(
			"ext/weather.ts",
			`import { Type, BUILTIN_OWNER, type ExtensionAPI } from "weft";
			const schema = Type.Object({ city: Type.String() });
			export default function (weft: any) {
				weft.registerTool({ name: "weather", description: "Weather by city", parameters: schema,
					execute: async (args: { city: string }) => \`sunny in \${args.city} (\${BUILTIN_OWNER})\` });
			}`,
		);
		const { host, kernel } = p.host({ cliPaths: [file] });
		const [record] = await host.loadAll();
		expect(record).toMatchObject({ name: "weather", status: "loaded", origin: "cli" });
		const tool = kernel.tools.get("weather")!;
		expect(tool.parameters).toEqual({
			type: "object",
			required: ["city"],
			properties: { city: { type: "string" } },
		});
		const output = await tool.execute(
			{ city: "Oslo" },
			{ cwd: p.cwd, toolCallId: "t1", signal: new AbortController().signal, onUpdate: () => {} },
		);
		expect(output).toBe("sunny in Oslo (builtin)");
	});

	it("gives every load its own module instance, so module-level state is never shared", async () => {
		const p = project();
		const file = p.write(
			"ext/counter.ts",
			`let loads = 0;
			export default function (weft: any) { loads++; weft.registerCommand("count-" + loads, { description: "", handler() {} }); }`,
		);
		const { host: first, kernel: k1 } = p.host({ cliPaths: [file] });
		const { host: second, kernel: k2 } = p.host({ cliPaths: [file] });
		await first.loadAll();
		await second.loadAll();
		expect(k1.commands.names()).toEqual(["count-1"]);
		expect(k2.commands.names()).toEqual(["count-1"]);
	});

	it("reports a syntax error and a throwing factory with their file, and still loads the others", async () => {
		const p = project();
		const bad = p.write("ext/bad.ts", "export default function () {\n  const x = ;\n}\n");
		const throws = p.write(
			"ext/throws.ts",
			`export default function (weft: any) {
				weft.registerCommand("half", { description: "", handler() {} });
				throw new Error("no config found");
			}`,
		);
		const good = p.write(
			"ext/good.ts",
			`export default (weft: any) => weft.registerCommand("good", { description: "", handler() {} });`,
		);
		const { host, kernel } = p.host({ cliPaths: [bad, throws, good] });
		const records = await host.loadAll();
		expect(records.map((r) => [r.name, r.status])).toEqual([
			["bad", "failed"],
			["throws", "failed"],
			["good", "loaded"],
		]);
		expect(records[0].reason).toContain(`${bad}:2`);
		expect(records[1].reason).toContain("no config found");
		expect(records[1].reason).toContain(`${throws}:3`);
		expect(kernel.commands.names()).toEqual(["good"]);
		expect(host.notices()).toEqual([
			expect.stringContaining('extension "bad" failed to load'),
			expect.stringContaining('extension "throws" failed to load: no config found'),
		]);
	});

	it("fails an extension whose default export is neither a factory nor a plugin object", async () => {
		const p = project();
		const file = p.write("ext/nothing.ts", "export const x = 1;\n");
		const { host } = p.host({ cliPaths: [file] });
		const [record] = await host.loadAll();
		expect(record.status).toBe("failed");
		expect(record.reason).toMatch(/default export must be a function/);
	});

	it("fails a factory that does not finish within the load deadline, and ignores what it does later", async () => {
		const p = project();
		const file = p.write(
			"ext/slow.ts",
			`export default async function (weft: any) {
				await new Promise((r) => setTimeout(r, 200));
				weft.registerCommand("late", { description: "", handler() {} });
			}`,
		);
		const { host, kernel } = p.host({ cliPaths: [file], loadTimeoutMs: 20 });
		const [record] = await host.loadAll();
		expect(record.status).toBe("failed");
		expect(record.reason).toBe(
			'did not finish loading (import, factory and top-level await) within 20 ms; if it needs longer, raise extensionOptions."slow".loadTimeoutMs in settings',
		);
		await new Promise((r) => setTimeout(r, 300));
		expect(kernel.commands.has("late")).toBe(false);
	});

	it("loads a Mu-style plugin object through the adapter", async () => {
		const p = project();
		const file = p.write(
			"ext/mu.ts",
			`export default { name: "mu", tools: [{ name: "ping", description: "ping", parameters: { type: "object", properties: {} }, execute: () => "pong" }] };`,
		);
		const { host, kernel } = p.host({ cliPaths: [file] });
		const [record] = await host.loadAll();
		expect(record.status).toBe("loaded");
		expect(kernel.tools.ownerOf("ping")).toBe("mu");
	});

	it("keeps dispatch in load order even though extensions load concurrently", async () => {
		const p = project();
		const slow = p.write(
			"ext/a-slow.ts",
			`export default async (weft: any) => { await new Promise((r) => setTimeout(r, 30)); weft.on("input", () => { (globalThis as any).__order.push("a"); }); };`,
		);
		const fast = p.write(
			"ext/b-fast.ts",
			`export default (weft: any) => weft.on("input", () => { (globalThis as any).__order.push("b"); });`,
		);
		const { host, kernel } = p.host({ cliPaths: [slow, fast] });
		await host.loadAll();
		const order: string[] = [];
		(globalThis as any).__order = order;
		await kernel.bus.emit("input", { text: "x", images: [], source: "cli" });
		expect(order).toEqual(["a", "b"]);
	});
});

describe("unloading", () => {
	it("takes back every kind of registration, timer, job and subscription", async () => {
		const p = project();
		const file = p.write(
			"ext/everything.ts",
			`export default function (weft: any) {
				weft.on("tool_call", () => undefined);
				weft.registerTool({ name: "t", description: "d", parameters: { type: "object", properties: {} }, execute: () => "" });
				weft.registerCommand("c", { description: "", handler() {} });
				weft.registerShortcut("ctrl+k", { handler() {} });
				weft.registerKeymap({ key: "ctrl+j", handler: () => true });
				weft.registerProvider("p", { models: [{ id: "m" }], async *stream() {} });
				weft.registerMessageRenderer("note", { render: () => [] });
				weft.registerToolRenderer("t", { verb: "Ting" });
				weft.defer(60_000, () => {});
				weft.interval(60_000, () => {});
				weft.events.on("x:y", () => {});
				const job = weft.spawnJob("sleep", ["30"]);
				weft.expose({ job });
			}`,
		);
		const { host, kernel } = p.host({ cliPaths: [file] });
		await host.loadAll();
		const [before] = host.diagnostics();
		expect(before).toMatchObject({
			tools: ["t"],
			commands: ["c"],
			providers: ["p"],
			renderers: { messages: ["note"], tools: ["t"] },
			handlers: { tool_call: { count: 1, priorities: [0] } },
			timers: { defer: 1, interval: 1 },
			jobs: 1,
			customEventHandlers: 1,
		});
		expect(before.keymaps).toEqual([
			{ key: "ctrl+k", target: "global", priority: 100, description: undefined },
			{ key: "ctrl+j", target: "global", priority: 0, description: undefined },
		]);
		const { job } = (host as any).services.exposedBy("everything");
		await host.unloadAll();
		expect(kernel.bus.listHandlers("everything")).toEqual([]);
		for (const registry of [
			kernel.tools,
			kernel.commands,
			kernel.providers,
			kernel.messageRenderers,
			kernel.toolRenderers,
		]) {
			expect(registry.names()).toEqual([]);
		}
		expect(kernel.keymaps.list()).toEqual([]);
		expect(kernel.timers.count("everything")).toEqual({ defer: 0, interval: 0 });
		expect(await job.done).toBeNull();
		expect(() => process.kill(job.pid, 0)).toThrow();
		expect(host.list()).toEqual([]);
	});

	it("calls a Mu-style plugin's deactivate", async () => {
		const p = project();
		const file = p.write(
			"ext/plugin.ts",
			`export default { name: "plugin", tools: [], deactivate() { (globalThis as any).__deactivated = true; } };`,
		);
		const { host } = p.host({ cliPaths: [file] });
		await host.loadAll();
		await host.unloadAll();
		expect((globalThis as any).__deactivated).toBe(true);
	});

	it("reload gives fresh module state and registers the tools again", async () => {
		const p = project();
		const file = p.write(
			"ext/stateful.ts",
			`let loads = 0;
			export default (weft: any) => { loads++; weft.registerTool({ name: "loads_" + loads, description: "d", parameters: { type: "object" }, execute: () => "" }); };`,
		);
		const { host, kernel } = p.host({ cliPaths: [file] });
		await host.loadAll();
		expect(kernel.tools.names()).toEqual(["loads_1"]);
		await host.reload();
		expect(kernel.tools.names()).toEqual(["loads_1"]);
		expect(host.list()).toMatchObject([{ name: "stateful", status: "loaded" }]);
	});
});

describe("the API", () => {
	it("reads boolean and string flags from the command line, with defaults", async () => {
		const p = project();
		const file = p.write(
			"ext/flags.ts",
			`export default (weft: any) => {
				weft.registerFlag("plan", { type: "boolean", description: "plan first" });
				weft.registerFlag("style", { type: "string", description: "style", default: "terse" });
				weft.registerFlag("level", { type: "string", description: "level" });
				weft.registerFlag("quiet", { type: "boolean", description: "quiet", default: false });
				weft.expose({ read: () => ["plan", "style", "level", "quiet"].map((n) => weft.getFlag(n)) });
			};`,
		);
		const { host } = p.host({ cliPaths: [file], flags: [{ name: "plan" }, { name: "level", next: "high" }] });
		await host.loadAll();
		const read = (host as any).services.exposedBy("flags").read;
		expect(read()).toEqual([true, "terse", "high", false]);
		expect(host.flagSpecs().map((f) => [f.name, f.type, f.owner])).toEqual([
			["plan", "boolean", "flags"],
			["style", "string", "flags"],
			["level", "string", "flags"],
			["quiet", "boolean", "flags"],
		]);
	});

	it("lets one extension use what another exposed, and talk over custom events", async () => {
		const p = project();
		const a = p.write(
			"ext/store.ts",
			`export default (weft: any) => {
				const items: string[] = [];
				weft.expose({ add: (x: string) => items.push(x), items });
				weft.events.on("store:add", (x: any) => { items.push(String(x)); });
				weft.events.on("store:add", () => { throw new Error("listener broke"); });
			};`,
		);
		const b = p.write(
			"ext/client.ts",
			`export default (weft: any) => weft.registerCommand("use", { description: "", handler() {
				weft.getExtension("store").add("direct");
				weft.events.emit("store:add", "via event");
			} });`,
		);
		const { host, kernel, ui } = p.host({ cliPaths: [a, b] });
		await host.loadAll();
		await kernel.commands.get("use")!.handler("", { cwd: p.cwd });
		const store = (host as any).services.exposedBy("store");
		expect(store.items).toEqual(["direct", "via event"]);
		const diag = host.diagnostics().find((d) => d.name === "store")!;
		expect(diag.errors).toMatchObject([{ where: "event store:add", message: "listener broke" }]);
		expect(ui.notifications).toEqual([
			{ extension: "store", level: "error", message: "event store:add failed: listener broke" },
		]);
	});

	it("rejects an invalid tool definition with an error that says what to write", async () => {
		const p = project();
		const file = p.write(
			"ext/badtool.ts",
			`export default (weft: any) => weft.registerTool({ name: "my tool", description: "d", parameters: {}, execute() {} });`,
		);
		const { host } = p.host({ cliPaths: [file] });
		const [record] = await host.loadAll();
		expect(record.status).toBe("failed");
		expect(record.reason).toMatch(/tool name "my tool" is invalid/);
	});

	it("runs exec with a timeout that kills the process group", async () => {
		const p = project();
		const file = p.write("ext/runner.ts", `export default (weft: any) => weft.expose({ exec: weft.exec });`);
		const { host } = p.host({ cliPaths: [file] });
		await host.loadAll();
		const exec = (host as any).services.exposedBy("runner").exec;
		expect(await exec("sh", ["-c", "echo hi; echo err >&2"])).toEqual({
			stdout: "hi\n",
			stderr: "err\n",
			code: 0,
			killed: false,
		});
		const slow = await exec("sh", ["-c", "sleep 30"], { timeoutMs: 50 });
		expect(slow.killed).toBe(true);
		expect(slow.code).toBeNull();
	});

	it("streams a job's lines and lets the extension write to its stdin", async () => {
		const p = project();
		const file = p.write(
			"ext/jobber.ts",
			`export default (weft: any) => weft.expose({ start(lines: string[]) {
				return weft.spawnJob("sh", ["-c", "read x; echo got $x; echo oops >&2"], { onLine: (l: string, s: string) => lines.push(s + ":" + l) });
			} });`,
		);
		const { host } = p.host({ cliPaths: [file] });
		await host.loadAll();
		const lines: string[] = [];
		const job = (host as any).services.exposedBy("jobber").start(lines);
		job.write("ping\n");
		expect(await job.done).toBe(0);
		expect(lines.sort()).toEqual(["stderr:oops", "stdout:got ping"]);
	});

	it("writes the extension log to memory and to <home>/logs/ext-<name>.log", async () => {
		const p = project();
		const file = p.write(
			"ext/logger.ts",
			`export default (weft: any) => weft.log("hello from the logger", "warn");`,
		);
		const { host } = p.host({ cliPaths: [file] });
		await host.loadAll();
		expect(host.diagnostics()[0].log).toMatchObject([{ level: "warn", message: "hello from the logger" }]);
		// Lines reach the file in batches, on the next turn of the event loop.
		await new Promise((resolve) => setImmediate(resolve));
		expect(existsSync(join(p.home, "logs", "ext-logger.log"))).toBe(true);
	});
});

describe("guarding", () => {
	const guard = `export default (weft: any) => weft.on("tool_call", () => { throw new Error("guard crashed"); });`;

	it("a throwing tool_call handler blocks the call with a reason naming the extension, shown once", async () => {
		const p = project();
		const file = p.write("ext/guard.ts", guard);
		const { host, kernel, ui } = p.host({ cliPaths: [file] });
		await host.loadAll();
		const payload = { id: "1", name: "bash", args: {}, source: "model" as const };
		const first = await kernel.bus.emit("tool_call", payload);
		await kernel.bus.emit("tool_call", payload);
		expect(first.terminal).toMatchObject({ block: true });
		expect(first.terminal?.reason).toContain('extension "guard" failed');
		expect(first.terminal?.reason).toContain("guard crashed");
		expect(ui.notifications).toHaveLength(1);
		const [diag] = host.diagnostics();
		expect(diag.handlerStats).toMatchObject({ calls: 2, errors: 2 });
		expect(diag.errors.map((e) => e.where)).toEqual(["tool_call handler", "tool_call handler"]);
	});

	it("with extensionOptions.<name>.failOpen the call goes ahead", async () => {
		const p = project();
		const file = p.write("ext/guard.ts", guard);
		const { host, kernel } = p.host({
			cliPaths: [file],
			settings: { extensionOptions: { guard: { failOpen: true } } },
		});
		await host.loadAll();
		const result = await kernel.bus.emit("tool_call", { id: "1", name: "bash", args: {}, source: "model" });
		expect(result.terminal).toBeUndefined();
	});

	it("attributes a failing timer to its extension", async () => {
		const p = project();
		const file = p.write(
			"ext/ticker.ts",
			`export default (weft: any) => weft.defer(1, () => { throw new Error("tick failed"); });`,
		);
		const { host } = p.host({ cliPaths: [file] });
		await host.loadAll();
		await new Promise((r) => setTimeout(r, 30));
		expect(host.diagnostics()[0].errors).toMatchObject([{ where: "timer", message: "tick failed" }]);
	});

	it("names the extension whose synchronous code is running", async () => {
		const p = project();
		const file = p.write(
			"ext/peek.ts",
			`export default (weft: any) => weft.on("input", () => { (globalThis as any).__seen = (globalThis as any).__host.running(); });`,
		);
		const { host, kernel } = p.host({ cliPaths: [file] });
		await host.loadAll();
		(globalThis as any).__host = host;
		await kernel.bus.emit("input", { text: "x", images: [], source: "cli" });
		expect((globalThis as any).__seen).toMatchObject({ owner: "peek", what: "its input handler" });
		expect(host.running()).toBeUndefined();
	});
});
