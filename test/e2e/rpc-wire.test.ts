/**
 * The RPC protocol as a client written from docs/rpc.md alone sees it: a
 * child process, JSON lines written to its stdin and read from its stdout
 * (split on LF only), nothing from weft's code. A prompt and its events, an
 * extension command's select dialog answered on the wire, a malformed line,
 * and a clean exit when stdin ends; then parallel tool calls with a steer
 * while one runs, abort, compact, fork, an unknown command and a dialog the
 * client never answers.
 */
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import type { MockLlm } from "../../src/testing/mock-llm/index.js";
import { extensionEventsFixture } from "../support/extension-events-fixture.js";
import {
	mockProviderSettings,
	type Sandbox,
	WEFT_BIN,
	waitFor,
	withMockSandbox,
} from "../support/weft-cli.js";

/** The built subprocess SDK (`weft/subprocess`), as an extension process imports it. */
const SUBPROCESS_SDK = resolve(import.meta.dirname, "../../dist/extensions/subprocess/sdk.js");

let sandbox: Sandbox;
let llm: MockLlm;
withMockSandbox((made, started) => {
	sandbox = made;
	llm = started;
});
const { extension } = extensionEventsFixture(() => ({
	sandbox,
	llm,
	recordFile: join(sandbox.home, "..", "r.log"),
}));

/** A subprocess extension (the built SDK) whose tool_call intercept asks a confirm without a timeout. */
function subprocessGatekeeper(): string {
	const dir = join(sandbox.cwd, "gatekeeper");
	mkdirSync(dir);
	writeFileSync(
		join(dir, "main.mjs"),
		`const { createSubprocessExtension } = await import(${JSON.stringify(SUBPROCESS_SDK)});
const ext = createSubprocessExtension({ name: "gatekeeper", version: "1.0" });
ext.intercept("tool_call", async () => ((await ext.ui.confirm("Allow?", "")) ? undefined : { block: true, reason: "not allowed" }));
await ext.run();
`,
	);
	writeFileSync(
		join(dir, "extension.json"),
		JSON.stringify({ name: "gatekeeper", exec: process.execPath, args: ["main.mjs"] }),
	);
	return dir;
}

/** The whole client: write a line, wait for a line that matches. */
function wire(child: ChildProcessWithoutNullStreams) {
	const lines: any[] = [];
	const waiters: Array<{ match: (line: any) => boolean; resolve: (line: any) => void; from: number }> = [];
	let buffer = "";
	child.stdout.setEncoding("utf8");
	child.stdout.on("data", (chunk: string) => {
		buffer += chunk;
		let newline = buffer.indexOf("\n");
		while (newline !== -1) {
			lines.push(JSON.parse(buffer.slice(0, newline)));
			buffer = buffer.slice(newline + 1);
			newline = buffer.indexOf("\n");
		}
		for (const waiter of [...waiters]) {
			const found = lines.slice(waiter.from).find(waiter.match);
			if (found) {
				waiters.splice(waiters.indexOf(waiter), 1);
				waiter.resolve(found);
			}
		}
	});
	return {
		lines,
		send: (value: unknown) =>
			child.stdin.write(`${typeof value === "string" ? value : JSON.stringify(value)}\n`),
		/** The first line from now on (or from `from`) that matches. */
		next: (match: (line: any) => boolean, from = lines.length) =>
			new Promise<any>((resolve) => {
				const found = lines.slice(from).find(match);
				if (found) resolve(found);
				else waiters.push({ match, resolve, from });
			}),
	};
}

describe("the RPC wire format, with a hand-written client", () => {
	it("prompt, an extension's select dialog, a malformed line, get_state, and exit at end of input", async () => {
		const picker = extension(
			"picker",
			`weft.registerCommand("pick", {
				description: "pick a colour",
				handler: async (args, ctx) => {
					const colour = await ctx.ui.select("Colour?", ["red", "blue"]);
					ctx.ui.notify("picked " + colour);
				},
			});`,
		);
		llm.push({ text: "Hi there." });
		const child = spawn(process.execPath, [WEFT_BIN, "--mode", "rpc", "--no-session", "-e", picker], {
			cwd: sandbox.cwd,
			env: sandbox.env,
		});
		let stderr = "";
		child.stderr.on("data", (d) => {
			stderr += d;
		});
		const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
		const client = wire(child);

		client.send({ id: "p1", type: "prompt", message: "hello" });
		expect(await client.next((l) => l.id === "p1")).toEqual({
			type: "response",
			id: "p1",
			command: "prompt",
			success: true,
		});
		const end = await client.next((l) => l.type === "agent_end", 0);
		expect(end.messages.at(-1)).toMatchObject({
			role: "assistant",
			content: [{ type: "text", text: "Hi there." }],
		});
		const deltas = client.lines
			.filter((l) => l.type === "message_update" && l.assistantMessageEvent.type === "text_delta")
			.map((l) => l.assistantMessageEvent.delta);
		expect(deltas.join("")).toBe("Hi there.");

		client.send({ id: "p2", type: "prompt", message: "/pick" });
		const dialog = await client.next((l) => l.type === "extension_ui_request" && l.method === "select");
		expect(dialog).toMatchObject({ title: "Colour?", options: ["red", "blue"], id: expect.any(String) });
		client.send({ type: "extension_ui_response", id: dialog.id, value: "blue" });
		expect(
			await client.next((l) => l.type === "extension_ui_request" && l.method === "notify", 0),
		).toMatchObject({
			message: "picked blue",
			notifyType: "info",
		});
		expect(await client.next((l) => l.id === "p2", 0)).toMatchObject({ command: "prompt", success: true });

		client.send("this is not json");
		expect(await client.next((l) => l.command === "parse")).toMatchObject({
			type: "response",
			success: false,
		});

		client.send({ id: "s1", type: "get_state" });
		expect(await client.next((l) => l.id === "s1")).toMatchObject({
			command: "get_state",
			success: true,
			data: { isStreaming: false, messageCount: 2, sessionFile: null },
		});

		child.stdin.end();
		expect(await exited).toBe(0);
		// stdout held nothing but JSON lines (each was parsed above); logs went to stderr.
		expect(stderr).not.toContain("Error");
	});

	it("parallel tool calls with a steer, abort, compact, fork, an unknown command, an unanswered dialog", async () => {
		sandbox.settings(
			mockProviderSettings(llm.baseUrlFor("openai-completions"), "openai-completions", {
				compaction: { keepRecentTokens: 1 },
			}),
		);
		const asker = extension(
			"asker",
			`weft.registerCommand("ask", {
				description: "ask and wait a little",
				handler: async (args, ctx) => {
					const yes = await ctx.ui.confirm("Go on?", "nobody answers", { timeoutMs: 300 });
					ctx.ui.notify("confirmed " + yes);
				},
			});`,
		);
		const gate = join(sandbox.cwd, "go");
		let release!: () => void;
		llm.push(
			{
				toolCalls: [
					{ name: "bash", args: { command: `while [ ! -f ${gate} ]; do sleep 0.05; done; echo waited` } },
					{ name: "bash", args: { command: "echo second" } },
				],
			},
			{ text: "Steered." },
			{ text: "never finished", holdUntil: () => new Promise<void>((resolve) => (release = resolve)) },
			{ text: "SUMMARY of the talk." },
		);
		const child = spawn(process.execPath, [WEFT_BIN, "--mode", "rpc", "-e", asker], {
			cwd: sandbox.cwd,
			env: sandbox.env,
		});
		const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
		const client = wire(child);
		const response = (id: string) => client.next((l) => l.type === "response" && l.id === id, 0);

		// Two tool calls streamed side by side; a steer while the first runs skips the second.
		client.send({ id: "p1", type: "prompt", message: "run both" });
		expect(await response("p1")).toMatchObject({ success: true });
		await client.next((l) => l.type === "tool_execution_start", 0);
		client.send({ id: "s1", type: "steer", message: "change course" });
		expect(await response("s1")).toMatchObject({ success: true });
		await client.next((l) => l.type === "queue_update" && l.steering.length === 1, 0);
		writeFileSync(gate, "");
		const firstEnd = await client.next((l) => l.type === "agent_end", 0);
		expect(firstEnd.messages.at(-1)).toMatchObject({ role: "assistant", content: [{ text: "Steered." }] });
		const calls = client.lines
			.filter((l) => l.type === "message_update" && l.assistantMessageEvent.type.startsWith("toolcall_"))
			.map((l) => l.assistantMessageEvent);
		expect(new Set(calls.map((e) => e.contentIndex))).toEqual(new Set([0, 1]));
		expect(calls.filter((e) => e.type === "toolcall_end").map((e) => e.toolCall.arguments.command)).toEqual([
			expect.stringContaining("waited"),
			"echo second",
		]);
		const [first, second] = calls.filter((e) => e.type === "toolcall_end").map((e) => e.toolCall.id);
		const ends = client.lines.filter((l) => l.type === "tool_execution_end");
		expect(ends.map((l) => [l.toolCallId, l.isError])).toEqual([
			[first, false],
			[second, true],
		]);

		// abort while the model answers
		const sent = client.lines.length;
		client.send({ id: "p2", type: "prompt", message: "take your time" });
		await waitFor(() => llm.requests.length === 3);
		client.send({ id: "a1", type: "abort" });
		expect(await response("a1")).toMatchObject({ command: "abort", success: true });
		const aborted = await client.next((l) => l.type === "agent_end", sent);
		expect(aborted.messages.at(-1)).toMatchObject({ role: "assistant", stopReason: "aborted" });
		release();

		client.send({ id: "c1", type: "compact" });
		expect(await response("c1")).toMatchObject({
			command: "compact",
			success: true,
			data: { summary: "SUMMARY of the talk.", firstKeptEntryId: expect.any(String) },
		});

		client.send({ id: "f1", type: "get_fork_messages" });
		const points = (await response("f1")).data.messages;
		expect(points.map((p: { text: string }) => p.text)).toEqual([
			"run both",
			"change course",
			"take your time",
		]);
		client.send({ id: "f2", type: "fork", entryId: points[1].entryId });
		expect(await response("f2")).toMatchObject({
			success: true,
			data: { text: "change course", cancelled: false },
		});

		client.send({ id: "u1", type: "no_such_command" });
		expect(await response("u1")).toEqual({
			type: "response",
			id: "u1",
			command: "no_such_command",
			success: false,
			error: "Unknown command: no_such_command",
		});

		// A dialog the client never answers costs its deadline, then weft says to dismiss it.
		client.send({ id: "k1", type: "prompt", message: "/ask" });
		const dialog = await client.next((l) => l.type === "extension_ui_request" && l.method === "confirm", 0);
		expect(dialog).toMatchObject({ title: "Go on?", timeout: 300 });
		expect(
			await client.next((l) => l.type === "extension_ui_request" && l.method === "dismiss", 0),
		).toMatchObject({ targetId: dialog.id });
		expect(
			await client.next((l) => l.type === "extension_ui_request" && l.method === "notify", 0),
		).toMatchObject({ message: "confirmed false" });
		expect(await response("k1")).toMatchObject({ success: true });

		child.stdin.end();
		expect(await exited).toBe(0);
	});

	it.each(["in-process", "subprocess"])(
		"abort while a tool_call handler's dialog waits (%s extension): the dialog is dismissed, the call blocked, the run ends",
		async (kind) => {
			const gatekeeper =
				kind === "in-process"
					? extension(
							"gatekeeper",
							`weft.on("tool_call", async (event, ctx) => {
				const ok = await ctx.ui.confirm("Allow?", String(event.args.command));
				return ok ? undefined : { block: true, reason: "not allowed" };
			});`,
						)
					: subprocessGatekeeper();
			const marker = join(sandbox.cwd, "ran");
			llm.push({ toolCalls: [{ name: "bash", args: { command: `touch ${marker}` } }] });
			const child = spawn(process.execPath, [WEFT_BIN, "--mode", "rpc", "--no-session", "-e", gatekeeper], {
				cwd: sandbox.cwd,
				env: sandbox.env,
			});
			const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
			const client = wire(child);

			client.send({ id: "p1", type: "prompt", message: "touch it" });
			const dialog = await client.next((l) => l.type === "extension_ui_request" && l.method === "confirm", 0);
			expect(dialog).not.toHaveProperty("timeout");
			client.send({ id: "a1", type: "abort" });
			expect(await client.next((l) => l.id === "a1", 0)).toMatchObject({ command: "abort", success: true });
			expect(
				await client.next((l) => l.type === "extension_ui_request" && l.method === "dismiss", 0),
			).toMatchObject({ targetId: dialog.id });
			const end = await client.next((l) => l.type === "agent_end", 0);
			expect(end.messages.find((m: { role: string }) => m.role === "toolResult")).toMatchObject({
				isError: true,
			});
			expect(existsSync(marker)).toBe(false);

			child.stdin.end();
			expect(await exited).toBe(0);
		},
	);
});
