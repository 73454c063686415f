/**
 * The extension test harness: extensions given as factories, plugin objects
 * and paths run against a scripted model, and the run records blocked and
 * rewritten calls, what the model was sent, dialogs, notifications and the
 * displayed answer; the temp folders go away on dispose.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { ExtensionAPI } from "../extensions/types.js";
import { emptyUsage, textOf } from "../kernel/messages.js";
import { type ExtensionRun, type RunExtensionsOptions, runExtensions } from "./harness.js";

const emptyModel = {
	api: "custom",
	contextWindow: 8192,
	maxOutput: 1024,
	cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 },
};

const runs: ExtensionRun[] = [];
const folders: string[] = [];
afterEach(async () => {
	for (const run of runs.splice(0)) await run.dispose();
	for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

async function run(options: RunExtensionsOptions): Promise<ExtensionRun> {
	const started = await runExtensions(options);
	runs.push(started);
	return started;
}

function extensionFile(name: string, source: string): string {
	const folder = mkdtempSync(join(tmpdir(), "weft-harness-test-"));
	folders.push(folder);
	const file = join(folder, name);
	writeFileSync(file, source);
	return file;
}

const noRm = (weft: ExtensionAPI) => {
	weft.on("tool_call", (event) => {
		if (event.name === "bash" && /rm -rf/.test(String(event.args.command)))
			return { block: true, reason: "destructive command refused" };
	});
};

describe("runExtensions", () => {
	it("records a call an inline factory blocked, with the reason and the extension, and what the model got back", async () => {
		const r = await run({
			extensions: [{ name: "guard", extension: noRm }],
			script: [{ toolCalls: [{ name: "bash", args: { command: "rm -rf build" } }] }, { text: "ok" }],
			prompt: "clean up",
		});
		expect(r.blockedCalls).toEqual([
			{
				id: expect.any(String),
				name: "bash",
				args: { command: "rm -rf build" },
				reason: "destructive command refused",
				by: "guard",
			},
		]);
		expect(r.toolCalls[0]).toMatchObject({
			blocked: { by: "guard" },
			source: "model",
			result: { isError: true },
		});
		expect(r.toolCalls[0].output).toBeUndefined();
		const second = r.requests[1].messages.find((m) => m.role === "toolResult");
		expect(textOf(second!.content)).toBe("Tool call blocked: destructive command refused");
		expect(r.result).toMatchObject({ reason: "completed", response: "ok" });
		expect(r.output).toBe("ok");
	});

	it("records arguments a handler rewrote next to the ones the model asked for, and the tool runs with the rewrite", async () => {
		const r = await run({
			extensions: [
				function sandbox(weft: ExtensionAPI) {
					weft.on("tool_call", (event) =>
						event.name === "write" ? { args: { ...event.args, path: `out/${event.args.path}` } } : undefined,
					);
				},
			],
			script: [
				{ toolCalls: [{ name: "write", args: { path: "a.txt", content: "hi" } }] },
				{ text: "written" },
			],
			prompt: "write it",
		});
		expect(r.rewrittenArgs).toEqual([
			{
				id: expect.any(String),
				name: "write",
				originalArgs: { path: "a.txt", content: "hi" },
				args: { path: "out/a.txt", content: "hi" },
			},
		]);
		expect(r.readFile("out/a.txt")).toBe("hi");
		expect(r.readFile("a.txt")).toBeUndefined();
		expect(r.extensions.map((e) => e.name)).toEqual(["sandbox"]);
	});

	it("tells what a tool produced from what the model was given after tool_result handlers, and marks substituted results", async () => {
		const r = await run({
			extensions: [
				(weft: ExtensionAPI) => {
					weft.on("tool_call", (event) =>
						event.name === "ls" ? { result: { content: "(listing withheld)" } } : undefined,
					);
					weft.on("tool_result", (event) =>
						event.name === "read" ? { content: textOf(event.content).toUpperCase() } : undefined,
					);
				},
			],
			files: { "notes.txt": "secret plans" },
			script: [
				{
					toolCalls: [
						{ name: "read", args: { path: "notes.txt" } },
						{ name: "ls", args: {} },
					],
				},
				{ text: "done" },
			],
			prompt: "look",
		});
		const [read, ls] = r.toolCalls;
		expect(read.output?.text).toBe("secret plans");
		expect(read.result.text).toBe("SECRET PLANS");
		expect(ls.substituted).toEqual({ by: "extension-1" });
		expect(ls.output).toBeUndefined();
		expect(ls.result.text).toBe("(listing withheld)");
	});

	it("loads an extension by path that takes Type from weft, in a project folder holding the given files", async () => {
		const file = extensionFile(
			"count-lines.ts",
			`import { Type, type ExtensionAPI } from "weft";
			import { readFileSync } from "node:fs";
			import { join } from "node:path";
			export default function (weft: ExtensionAPI) {
				weft.registerTool({ name: "count_lines", description: "Counts lines of a file",
					parameters: Type.Object({ path: Type.String() }),
					execute: (args, ctx) => String(readFileSync(join(ctx.cwd, args.path), "utf8").split("\\n").length) });
			}`,
		);
		const r = await run({
			extensions: [file],
			files: { "src/a.txt": "1\n2\n3" },
			script: [{ toolCalls: [{ name: "count_lines", args: { path: "src/a.txt" } }] }, { text: "3 lines" }],
			prompt: "count",
		});
		expect(r.extensions).toMatchObject([{ name: "count-lines", status: "loaded", entry: file }]);
		expect(r.toolCalls[0].result).toMatchObject({ text: "3", isError: false });
		expect(r.requests[0].tools.map((t) => t.name)).toContain("count_lines");
	});

	it("records what the model was sent, including a system prompt addition and a provider payload rewrite", async () => {
		const r = await run({
			extensions: [
				(weft: ExtensionAPI) => {
					weft.on("before_agent_start", (event) => ({
						systemPrompt: `${event.systemPrompt}\n\nAlways answer in French.`,
						inject: "Context: the user is in Paris.",
					}));
					weft.on("before_provider_request", (event) => ({
						payload: { ...(event.payload as object), temperature: 0 },
					}));
				},
			],
			script: [{ text: "Bonjour" }],
			prompt: "hello",
		});
		const [request] = r.requests;
		expect(request.systemPrompt).toContain("Always answer in French.");
		expect(request.messages.map((m) => textOf(m.content as string))).toEqual([
			"hello",
			"Context: the user is in Paris.",
		]);
		expect(request.payload).toMatchObject({ temperature: 0, model: "scripted-model" });
	});

	it("shows the displayed answer after a display rewrite while the result keeps the original", async () => {
		const r = await run({
			extensions: [
				(weft: ExtensionAPI) => {
					weft.on("assistant_message", (e) => ({ text: `» ${e.text}` }));
				},
			],
			script: [{ text: "first" }, { text: "second" }],
			prompts: ["one", "two"],
		});
		expect(r.outputs).toEqual(["» first", "» second"]);
		expect(r.output).toBe("» second");
		expect(r.result?.response).toBe("second");
		expect(r.results).toHaveLength(2);
	});

	it("answers dialogs from the ui script in order, records each, and cancels unscripted ones", async () => {
		const asked: unknown[] = [];
		const r = await run({
			extensions: [
				{
					name: "asker",
					extension: (weft: ExtensionAPI) =>
						weft.registerCommand("ask", {
							description: "asks things",
							handler: async (_args, ctx) => {
								asked.push(await ctx.ui.confirm("first?"));
								asked.push(await ctx.ui.confirm("second?"));
								asked.push(await ctx.ui.select("pick", ["a", { value: "b", label: "B" }]));
								asked.push(await ctx.ui.input("name", { initial: "x" }));
								asked.push(await ctx.ui.editor("text"));
								asked.push(ctx.hasUI);
								ctx.ui.notify("asked", "success");
							},
						}),
				},
			],
			ui: { confirm: [true, false], select: "b", input: ({ initial }) => `${initial}y` },
		});
		await r.command("/ask");
		expect(asked).toEqual([true, false, "b", "xy", undefined, true]);
		expect(r.dialogs.map((d) => [d.extension, d.kind, d.title, d.answer])).toEqual([
			["asker", "confirm", "first?", true],
			["asker", "confirm", "second?", false],
			["asker", "select", "pick", "b"],
			["asker", "input", "name", "xy"],
			["asker", "editor", "text", undefined],
		]);
		expect(r.dialogs[2].items).toEqual(["a", "b"]);
		expect(r.notifications).toEqual([{ extension: "asker", level: "success", message: "asked" }]);
	});

	it("cancels every dialog when the scripted user is absent, as in print mode", async () => {
		let answers: unknown[] = [];
		const r = await run({
			extensions: [
				(weft: ExtensionAPI) =>
					weft.registerCommand("ask", {
						description: "asks",
						handler: async (_args, ctx) => {
							answers = [ctx.hasUI, await ctx.ui.confirm("sure?"), await ctx.ui.select("pick", ["a"])];
						},
					}),
			],
			ui: { interactive: false, confirm: true, select: "a" },
		});
		await r.command("ask");
		expect(answers).toEqual([false, false, undefined]);
	});

	it("reports a scripted select answer that is not among the items as the extension's failure", async () => {
		const r = await run({
			extensions: [
				{
					name: "picker",
					extension: (weft: ExtensionAPI) =>
						weft.on("turn_start", async (_e, ctx) => {
							await ctx.ui.select("pick", ["a", "b"]);
						}),
				},
			],
			ui: { select: "c" },
			script: [{ text: "ok" }],
			prompt: "go",
		});
		expect(r.notifications[0]).toMatchObject({ extension: "picker", level: "error" });
		expect(r.notifications[0].message).toContain('"c" to select "pick" is not one of the items: a, b');
	});

	it("hands flags to the extension as the command line would, and refuses a flag no extension registered", async () => {
		let seen: unknown[] = [];
		const flagged = (weft: ExtensionAPI) => {
			weft.registerFlag("read-only", { description: "no writes", type: "boolean" });
			weft.registerFlag("limit", { description: "max", type: "string", default: "5" });
			weft.on("startup", () => {
				seen = [weft.getFlag("read-only"), weft.getFlag("limit")];
			});
		};
		await run({ extensions: [flagged], flags: { "read-only": true, limit: 3 } });
		expect(seen).toEqual([true, "3"]);
		await expect(runExtensions({ extensions: [flagged], flags: { readonly: true } })).rejects.toThrow(
			"flag(s) --readonly are not registered by any extension (registered: --read-only, --limit)",
		);
	});

	it("throws when an extension fails to load, unless told to keep going", async () => {
		const broken = (_weft: ExtensionAPI) => {
			throw new Error("no config file");
		};
		await expect(runExtensions({ extensions: [{ name: "broken", extension: broken }] })).rejects.toThrow(
			/broken \(\(inline\)\): failed: no config file/,
		);
		const r = await run({ extensions: [{ name: "broken", extension: broken }], allowLoadFailure: true });
		expect(r.extensions).toMatchObject([{ name: "broken", status: "failed", reason: "no config file" }]);
	});

	it("runs tools as the user and more prompts with more scripted turns, through the same handlers", async () => {
		const r = await run({ extensions: [{ name: "guard", extension: noRm }] });
		const result = await r.runTool("bash", { command: "rm -rf /tmp/nothing-here" });
		expect(textOf(result.content)).toBe("Tool call blocked: destructive command refused");
		expect(r.toolCalls[0]).toMatchObject({ source: "user", blocked: { by: "guard" } });
		r.script({ text: "later" });
		await r.prompt("and now?");
		expect(r.output).toBe("later");
		expect(r.unusedTurns).toBe(0);
	});

	it("ends the run with an error naming the exhausted script when the model is asked once too often", async () => {
		const r = await run({ extensions: [], script: [], prompt: "hi" });
		expect(r.result).toMatchObject({ reason: "error" });
		expect(r.result?.error).toContain("mock script exhausted");
	});

	it("uses a provider an extension registered when asked to", async () => {
		const r = await run({
			extensions: [
				(weft: ExtensionAPI) =>
					weft.registerProvider("shout", {
						models: [{ ...emptyModel, id: "loud", provider: "shout" }],
						async *stream(request) {
							const text = textOf(request.messages.at(-1)!.content as string).toUpperCase();
							yield { type: "text_delta" as const, text };
							yield {
								type: "done" as const,
								message: {
									role: "assistant",
									content: [{ type: "text", text }],
									provider: "shout",
									model: request.model.id,
									usage: emptyUsage(),
									stopReason: "end",
									timestamp: Date.now(),
								},
							};
						},
					}),
			],
			provider: "shout",
			prompt: "hello",
		});
		expect(r.output).toBe("HELLO");
		expect(r.session.model).toMatchObject({ provider: "shout", id: "loud" });
	});

	it("loads Mu-style plugin objects named by their name", async () => {
		const r = await run({
			extensions: [{ name: "mu-upper", hooks: { transformUserInput: (text: string) => text.toUpperCase() } }],
			script: [{ text: "ok" }],
			prompt: "quiet please",
		});
		expect(textOf(r.requests[0].messages[0].content as string)).toBe("QUIET PLEASE");
		expect(r.extensions[0].name).toBe("mu-upper");
	});

	it("reloads an inline extension by calling its factory again", async () => {
		let calls = 0;
		const r = await run({ extensions: [{ name: "counter", extension: () => void calls++ }] });
		await r.host.reload();
		expect(calls).toBe(2);
		expect(r.host.list()).toMatchObject([{ name: "counter", status: "loaded", source: "(inline)" }]);
	});

	it("shadows a project extension of the same name with the inline one", async () => {
		const r = await run({
			extensions: [{ name: "guard", extension: noRm }],
			files: { ".weft/extensions/guard.ts": "export default () => {}" },
			allowLoadFailure: true,
		});
		expect(r.extensions.map((e) => [e.name, e.origin, e.status])).toEqual([
			["guard", "cli", "loaded"],
			["guard", "project", "shadowed"],
		]);
	});

	it("on dispose tells extensions the session ends, stops their timers and deletes the run's folders", async () => {
		const events: string[] = [];
		const r = await runExtensions({
			extensions: [
				(weft: ExtensionAPI) => {
					weft.on("session_shutdown", () => void events.push("shutdown"));
					weft.interval(60_000, () => {});
				},
			],
		});
		expect(r.host.diagnostics()[0].timers.interval).toBe(1);
		await r.dispose();
		await r.dispose();
		expect(events).toEqual(["shutdown"]);
		expect(r.kernel.timers.count("extension-1")).toEqual({ defer: 0, interval: 0 });
		expect(existsSync(r.cwd)).toBe(false);
		expect(existsSync(r.home)).toBe(false);
	});
});
