/**
 * createWeft against the mock LLM server: two sessions prompting at once
 * with extensions loaded through the handle (a factory and a file), the
 * activity of both, trust as the CLI applies it, channels, reload and
 * shutdown.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mockProviderSettings } from "../../../test/support/weft-cli.js";
import { NonInteractiveUI } from "../../extensions/non-interactive-ui.js";
import type { ActivityEvent } from "../../kernel/activity.js";
import { type MockLlm, type RecordedRequest, startMockLlm } from "../../testing/mock-llm/index.js";
import { createWeft, type Weft, type WeftOptions } from "./create-weft.js";

let root: string;
let cwd: string;
let home: string;
let llm: MockLlm;
const hosts: Weft[] = [];

beforeEach(async () => {
	root = mkdtempSync(join(tmpdir(), "weft-sdk-"));
	cwd = join(root, "project");
	home = join(root, "home");
	mkdirSync(cwd, { recursive: true });
	mkdirSync(home, { recursive: true });
	llm = await startMockLlm({ script: [] });
	writeFileSync(
		join(home, "settings.json"),
		JSON.stringify(mockProviderSettings(llm.baseUrlFor("openai-completions"), "openai-completions")),
	);
});

afterEach(async () => {
	for (const weft of hosts.splice(0)) await weft.shutdown();
	await llm.close();
	rmSync(root, { recursive: true, force: true });
});

async function start(options: WeftOptions = {}): Promise<Weft> {
	const weft = await createWeft({ cwd, home, env: {}, ...options });
	hosts.push(weft);
	return weft;
}

/** The text of the request's last message (a user prompt or a tool result). */
function lastText(request: RecordedRequest): { role: string; text: string } {
	const last = request.body.messages.at(-1);
	const text =
		typeof last.content === "string"
			? last.content
			: last.content.map((part: { text?: string }) => part.text ?? "").join("");
	return { role: last.role, text };
}

/** Answers "echo: <prompt>"; a prompt starting with "shout" first calls the extension's tool with the rest. */
function echoTurn(request: RecordedRequest) {
	const { role, text } = lastText(request);
	if (role === "tool") return { text: `tool said ${text}` };
	if (text.startsWith("shout ")) return { toolCalls: [{ name: "shout", args: { text: text.slice(6) } }] };
	return { text: `echo: ${text}` };
}

describe("createWeft", () => {
	it("runs two sessions at once with an inline and a file extension, each answer and its activity apart", async () => {
		const extFile = join(root, "ext", "greeter.ts");
		mkdirSync(join(root, "ext"));
		writeFileSync(
			extFile,
			`export default function (weft) {
				weft.registerCommand("greet", { description: "says hi", handler: () => {} });
			}`,
		);
		const starts: string[] = [];
		const weft = await start({
			extensions: [
				extFile,
				function shouter(api) {
					api.registerTool({
						name: "shout",
						description: "Upper-cases text",
						parameters: { type: "object", properties: { text: { type: "string" } }, required: ["text"] },
						execute: (args) => String(args.text).toUpperCase(),
					});
					api.on("session_start", (event) => void starts.push(event.sessionId));
				},
			],
		});
		expect(weft.extensions.list().map((r) => [r.name, r.status])).toEqual([
			["shouter", "loaded"],
			["greeter", "loaded"],
		]);
		expect(weft.kernel.commands.ownerOf("greet")).toBe("greeter");

		const activity: ActivityEvent[] = [];
		weft.activity.subscribe((e) => activity.push(e));
		for (let i = 0; i < 3; i++) llm.push(echoTurn);
		const [a, b] = await Promise.all([weft.sessions.create(), weft.sessions.create()]);
		const [answerA, answerB] = await Promise.all([a.prompt("hello from a"), b.prompt("shout quiet b")]);

		expect(answerA.response).toBe("echo: hello from a");
		expect(answerB.response).toBe("tool said QUIET B");
		expect(a.id).not.toBe(b.id);
		expect(weft.sessions.list()).toEqual([a, b]);
		expect(weft.sessions.get(b.id)).toBe(b);
		expect(starts.sort()).toEqual([a.id, b.id].sort());

		const bySession = (id: string) => activity.filter((e) => e.sessionId === id).map((e) => e.type);
		expect(bySession(a.id)).toEqual(["task_started", "agent_start", "agent_end", "task_completed"]);
		expect(bySession(b.id)).toEqual([
			"task_started",
			"agent_start",
			"tool_start",
			"tool_end",
			"agent_end",
			"task_completed",
		]);

		expect(await weft.sessions.close(a.id)).toBe(true);
		expect(await weft.sessions.close(a.id)).toBe(false);
		expect(weft.sessions.list()).toEqual([b]);
	});

	it("tells each extension handler which session it serves, though both sessions run at once", async () => {
		const seen: string[] = [];
		const weft = await start({
			extensions: [
				function tagger(api) {
					api.registerTool({
						name: "shout",
						description: "Upper-cases text",
						parameters: { type: "object", properties: { text: { type: "string" } } },
						execute: (args) => String(args.text).toUpperCase(),
					});
					api.on("agent_start", (event, ctx) => void seen.push(`${event.prompt}→${ctx.sessionId}`));
					api.on("tool_call", (event, ctx) => void seen.push(`${event.name}→${ctx.sessionId}`));
					api.on(
						"session_start",
						(event, ctx) => void seen.push(`start ${event.sessionId === ctx.sessionId}`),
					);
				},
			],
		});
		for (let i = 0; i < 4; i++) llm.push(echoTurn);
		const [a, b] = await Promise.all([weft.sessions.create(), weft.sessions.create()]);
		// b is bound (the newest): a's handlers must still see a.
		await Promise.all([a.prompt("shout from a"), b.prompt("from b")]);

		expect(seen.filter((s) => s.startsWith("start"))).toEqual(["start true", "start true"]);
		expect(seen).toContain(`shout from a→${a.id}`);
		expect(seen).toContain(`shout→${a.id}`);
		expect(seen).toContain(`from b→${b.id}`);
	});

	it("loads a project's extensions only in a trusted folder or with trust, as the CLI does", async () => {
		mkdirSync(join(cwd, ".weft", "extensions"), { recursive: true });
		writeFileSync(
			join(cwd, ".weft", "extensions", "local.ts"),
			`export default (weft) => weft.registerCommand("local", { handler: () => {} });`,
		);

		const untrusted = await start();
		expect(untrusted.projectTrusted).toBe(false);
		expect(untrusted.extensions.list()).toMatchObject([{ name: "local", status: "untrusted" }]);
		expect(untrusted.extensions.notices().join("\n")).toMatch(/this folder is not trusted/);

		const trusted = await start({ trust: true });
		expect(trusted.extensions.list()).toMatchObject([{ name: "local", status: "loaded" }]);
		expect(trusted.kernel.commands.has("local")).toBe(true);

		const none = await start({ noExtensions: true });
		expect(none.extensions.list()).toEqual([]);
	});

	it("starts an extension's channel with the host's sessions, restarts it across a reload, stops it at shutdown", async () => {
		const calls: string[] = [];
		const weft = await start({
			extensions: [
				{
					name: "pinger",
					extension: (api) =>
						api.registerChannel({
							id: "ping",
							description: "answers pings",
							start: async (ctx) => {
								const session = await ctx.sessions.create();
								calls.push(`start ${ctx.sessions.list().length} ${session.id === ctx.sessions.list()[0].id}`);
								ctx.reportError(new Error("a client hung up"), "request");
							},
							stop: () => void calls.push("stop"),
						}),
				},
			],
		});
		expect(weft.channels.list()).toEqual([
			{ id: "ping", description: "answers pings", owner: "pinger", running: false },
		]);
		await expect(weft.channels.start("nope")).rejects.toThrow(
			/no channel "nope" is registered \(registered: ping\)/,
		);

		await weft.channels.start("ping");
		expect(weft.channels.list()[0].running).toBe(true);
		expect(calls).toEqual(["start 1 true"]);
		expect(weft.extensions.diagnostics()[0].errors).toMatchObject([
			{ where: "channel ping: request", message: "a client hung up" },
		]);

		await weft.extensions.reload();
		expect(calls).toEqual(["start 1 true", "stop", "start 2 false"]);
		expect(weft.channels.list()[0].running).toBe(true);

		await weft.shutdown();
		await weft.shutdown();
		expect(calls.at(-1)).toBe("stop");
		expect(weft.sessions.list()).toEqual([]);
		await expect(weft.sessions.create()).rejects.toThrow(/was shut down; create a new one with createWeft/);
	});

	it("runs an embedder's own channel and shows what it reports on the given UI", async () => {
		const ui = new NonInteractiveUI();
		const weft = await start({ ui, noExtensions: true });
		weft.channels.register({
			id: "queue",
			start: (ctx) => ctx.reportError(new Error("broker unreachable")),
			stop() {},
		});
		expect(() => weft.channels.register({ id: "two words" } as never)).toThrow(/registerChannel expects/);

		await weft.channels.start("queue");

		expect(weft.channels.list()).toMatchObject([{ id: "queue", owner: "builtin", running: true }]);
		expect(ui.notifications).toMatchObject([
			{ message: "channel queue failed: broker unreachable", level: "error" },
		]);
	});

	it("enables the built-in tools it is given for every session, and names an unknown one", async () => {
		const weft = await start({ tools: ["read", "ls"] });
		await weft.sessions.create({ session: { persist: false } });
		expect(weft.kernel.tools.names().sort()).toEqual(["ls", "read"]);

		const wrong = await start({ tools: ["reed"] });
		await expect(wrong.sessions.create()).rejects.toThrow(/unknown tool\(s\) reed; built-in tools are/);
	});

	it("refuses an extension entry that is neither a path, a function nor a plugin object", async () => {
		await expect(createWeft({ cwd, home, env: {}, extensions: [42 as never] })).rejects.toThrow(
			/extensions\[0\] is 42; give a path, a factory function, a plugin object or \{ name, extension \}/,
		);
	});
});
