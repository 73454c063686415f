/**
 * `weft --mode acp` with sessions in several folders on one connection: a
 * session in a folder other than the start one runs in that folder's own
 * host (its files, its trust, its extensions), as a multi-root workspace
 * needs. The real binary on a pipe, the protocol's SDK as the editor.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { Readable, Writable } from "node:stream";
import * as acp from "@agentclientprotocol/sdk";
import { afterEach, describe, expect, it } from "vitest";
import type { MockLlm } from "../../src/testing/mock-llm/index.js";
import { type Sandbox, WEFT_BIN, waitFor, withMockSandbox } from "../support/weft-cli.js";

const MCP_SERVER = resolve(import.meta.dirname, "../support/mcp-server.mjs");

let sandbox: Sandbox;
let llm: MockLlm;
withMockSandbox((made, started) => {
	sandbox = made;
	llm = started;
});

interface Editor {
	agent: acp.ClientContext;
	updates: acp.SessionNotification[];
	child: ChildProcess;
	close(): Promise<number | null>;
}

const editors: Editor[] = [];
afterEach(async () => {
	for (const editor of editors.splice(0)) await editor.close();
});

async function startEditor(args: string[] = []): Promise<Editor> {
	const child = spawn(process.execPath, [WEFT_BIN, "--mode", "acp", ...args], {
		cwd: sandbox.cwd,
		env: sandbox.env,
		stdio: ["pipe", "pipe", "pipe"],
	});
	child.stderr?.resume();
	const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
	const updates: acp.SessionNotification[] = [];
	const connection = acp
		.client({ name: "test-editor" })
		.onNotification(acp.methods.client.session.update, ({ params }) => {
			updates.push(params);
		})
		.connect(
			acp.ndJsonStream(
				Writable.toWeb(child.stdin!) as WritableStream<Uint8Array>,
				Readable.toWeb(child.stdout!) as ReadableStream<Uint8Array>,
			),
		);
	const editor: Editor = {
		agent: connection.agent,
		updates,
		child,
		close: async () => {
			connection.close();
			child.stdin?.end();
			return exited;
		},
	};
	editors.push(editor);
	await editor.agent.request(acp.methods.agent.initialize, {
		protocolVersion: acp.PROTOCOL_VERSION,
		clientCapabilities: {},
		clientInfo: { name: "test-editor", version: "1.0.0" },
	});
	return editor;
}

const newSession = async (editor: Editor, cwd: string, mcpServers: acp.McpServer[] = []) =>
	(await editor.agent.request(acp.methods.agent.session.new, { cwd, mcpServers })).sessionId;

const prompt = (editor: Editor, sessionId: string, text: string) =>
	editor.agent.request(acp.methods.agent.session.prompt, { sessionId, prompt: [{ type: "text", text }] });

/** What the tool calls answered, as the model was sent them in request `n`. */
const toolResultsSent = (n: number): string =>
	JSON.stringify(llm.requests[n].body.messages.filter((m: { role: string }) => m.role === "tool"));

/** A project extension (`.weft/extensions/`) in `folder` that records its folder when it loads. */
function projectExtension(folder: string, record: string): void {
	sandbox.write(
		join(folder, ".weft", "extensions", "where.ts"),
		`import { appendFileSync } from "node:fs";
export default function () { appendFileSync(${JSON.stringify(record)}, ${JSON.stringify(folder)} + "\\n"); }
`,
	);
}

describe("weft --mode acp: sessions in other folders", () => {
	it("serves a session in folder B beside one in A, each with its own files; B's untrusted extension stays off despite --trust, trusted C's loads", async () => {
		const a = sandbox.cwd;
		const b = join(sandbox.home, "..", "other");
		const c = join(sandbox.home, "..", "trusted");
		mkdirSync(b, { recursive: true });
		mkdirSync(c, { recursive: true });
		sandbox.write(join(sandbox.home, "trust.json"), JSON.stringify({ trusted: [c] }));
		projectExtension(c, join(sandbox.home, "..", "loaded.log"));
		sandbox.write(join(a, "a-only.txt"), "A\n");
		sandbox.write(join(b, "b-only.txt"), "B\n");
		const record = join(sandbox.home, "..", "loaded.log");
		projectExtension(a, record);
		projectExtension(b, record);

		const editor = await startEditor(["--trust"]);
		const inA = await newSession(editor, a);
		const inB = await newSession(editor, b);
		expect(inB).not.toBe(inA);

		llm.push({ toolCalls: [{ id: "call_ls_b", name: "ls", args: {} }] });
		llm.push({ text: "B has b-only.txt." });
		expect((await prompt(editor, inB, "list files")).stopReason).toBe("end_turn");
		expect(toolResultsSent(1)).toContain("b-only.txt");
		expect(toolResultsSent(1)).not.toContain("a-only.txt");

		llm.push({ toolCalls: [{ id: "call_ls_a", name: "ls", args: {} }] });
		llm.push({ text: "A has a-only.txt." });
		expect((await prompt(editor, inA, "list files")).stopReason).toBe("end_turn");
		expect(toolResultsSent(3)).toContain("a-only.txt");
		expect(toolResultsSent(3)).not.toContain("b-only.txt");

		// --trust is for the folder weft started in: B's project extension did not load; trusted C's does.
		expect(readFileSync(record, "utf8").split("\n").filter(Boolean)).toEqual([a]);
		await newSession(editor, c);
		expect(readFileSync(record, "utf8").split("\n").filter(Boolean)).toEqual([a, c]);
		expect(await editor.close()).toBe(0);
	});

	it("loads a B session back in a later connection, with its conversation, and lists it under B", async () => {
		const b = join(sandbox.home, "..", "other");
		mkdirSync(b, { recursive: true });
		sandbox.write(join(b, "notes.txt"), "from B\n");
		llm.push({ toolCalls: [{ id: "call_read", name: "read", args: { path: "notes.txt" } }] });
		llm.push({ text: "It says from B." });
		const first = await startEditor();
		const sessionId = await newSession(first, b);
		await prompt(first, sessionId, "read notes.txt");
		expect(toolResultsSent(1)).toContain("from B");
		expect(await first.close()).toBe(0);

		const second = await startEditor();
		const listed = await second.agent.request(acp.methods.agent.session.list, { cwd: b });
		expect(listed.sessions.map((s) => [s.sessionId, s.cwd])).toEqual([[sessionId, b]]);
		await second.agent.request(acp.methods.agent.session.load, { sessionId, cwd: b, mcpServers: [] });
		const replayed = second.updates.map((n) => n.update.sessionUpdate);
		expect(replayed).toContain("user_message_chunk");
		expect(replayed).toContain("tool_call");
		llm.push({ text: "Still from B." });
		expect((await prompt(second, sessionId, "and now?")).stopReason).toBe("end_turn");
		expect(JSON.stringify(llm.requests.at(-1)?.body.messages)).toContain("It says from B.");
		expect(await second.close()).toBe(0);
	});

	it("connects the editor's MCP server for a B session in B's host: its tool answers there", async () => {
		const b = join(sandbox.home, "..", "other");
		mkdirSync(b, { recursive: true });
		const editor = await startEditor();
		const sessionId = await newSession(editor, b, [
			{
				name: "demo",
				command: process.execPath,
				args: [MCP_SERVER],
				env: [{ name: "MCP_TEST_TAG", value: "b" }],
			},
		]);
		const extLog = join(sandbox.home, "logs", "ext-mcp.log");
		await waitFor(() => existsSync(extLog) && readFileSync(extLog, "utf8").includes("demo: ready (4 tools"));
		llm.push(
			{ toolCalls: [{ id: "call_mcp", name: "mcp__demo__echo", args: { text: "hi" } }] },
			{ text: "Echoed." },
		);
		expect(await prompt(editor, sessionId, "echo hi")).toEqual({ stopReason: "end_turn" });
		expect(toolResultsSent(1)).toContain("echo: hi (env b)");
		expect(await editor.close()).toBe(0);
	});

	it("answers a folder whose host cannot start with an error naming the folder, and keeps serving", async () => {
		const broken = join(sandbox.home, "..", "broken");
		sandbox.write(join(broken, ".weft", "settings.json"), "{ not json");
		const editor = await startEditor();
		await expect(newSession(editor, broken)).rejects.toThrow(
			/weft could not start in .*broken: .*settings\.json/,
		);
		expect(await newSession(editor, sandbox.cwd)).toEqual(expect.any(String));
		expect(await editor.close()).toBe(0);
	});
});
