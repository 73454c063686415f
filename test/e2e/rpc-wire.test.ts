/**
 * The RPC protocol as a client written from docs/rpc.md alone sees it: a
 * child process, JSON lines written to its stdin and read from its stdout
 * (split on LF only), nothing from weft's code. A prompt and its events, an
 * extension command's select dialog answered on the wire, a malformed line,
 * and a clean exit when stdin ends.
 */
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { MockLlm } from "../../src/testing/mock-llm/index.js";
import { extensionEventsFixture } from "../support/extension-events-fixture.js";
import { type Sandbox, WEFT_BIN, withMockSandbox } from "../support/weft-cli.js";

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
});
