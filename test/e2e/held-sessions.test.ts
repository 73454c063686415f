/**
 * A session another channel of the same weft holds open (an extension's)
 * cannot be taken over: RPC's `switch_session` to it, or to a file that does
 * not exist, is refused before the client's session is left (no
 * `session_shutdown` for it, and it keeps answering in the same file); ACP's
 * `session/load` of it is refused as invalid params, saying why.
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { MockLlm } from "../../src/testing/mock-llm/index.js";
import { rpcClients } from "../support/rpc-clients.js";
import { type Sandbox, WEFT_BIN, waitFor, withMockSandbox } from "../support/weft-cli.js";

let sandbox: Sandbox;
let llm: MockLlm;

withMockSandbox((made, started) => {
	sandbox = made;
	llm = started;
});

const start = rpcClients(() => sandbox);

/** A channel "holder" that opens a session of its own, prompts it once and writes its file and id; shutdowns logged. */
function writeHolder(): { holder: string; heldFile: string; shutdowns: string } {
	const heldFile = join(sandbox.cwd, "held.txt");
	const shutdowns = join(sandbox.cwd, "shutdowns.log");
	const holder = sandbox.write(
		"ext/holder.ts",
		`import { appendFileSync, writeFileSync } from "node:fs";
export default function (weft) {
	weft.on("session_shutdown", (event) => appendFileSync(${JSON.stringify(shutdowns)}, event.reason + "\\n"));
	weft.registerChannel({
		id: "holder",
		description: "holds a session open",
		start: async (ctx) => {
			const session = await ctx.sessions.create();
			await session.prompt("hold this");
			writeFileSync(${JSON.stringify(heldFile)}, JSON.stringify({ file: session.store.file, id: session.id }));
		},
		stop() {},
	});
}
`,
	);
	return { holder, heldFile, shutdowns };
}

describe("a session held by another channel", () => {
	it("keeps the client's session when the target is missing or open in another channel", async () => {
		llm.push({ text: "Held." }, { text: "Mine." }, { text: "Still mine." });
		const { holder, heldFile, shutdowns } = writeHolder();
		const { weft } = start("-e", holder, "--channel", "holder");
		await waitFor(() => existsSync(heldFile), 30_000);
		await weft.promptAndWait("my session");
		const before = await weft.getState();

		await expect(
			weft.request({ type: "switch_session", sessionPath: join(sandbox.cwd, "nope.jsonl") }),
		).rejects.toThrow(/does not exist/);
		await expect(
			weft.request({ type: "switch_session", sessionPath: JSON.parse(readFileSync(heldFile, "utf8")).file }),
		).rejects.toThrow(/open in another channel of this weft/);

		expect(existsSync(shutdowns)).toBe(false);
		await weft.promptAndWait("still there?");
		expect(await weft.getState()).toMatchObject({
			sessionId: before.sessionId,
			sessionFile: before.sessionFile,
		});
		expect(await weft.getLastAssistantText()).toBe("Still mine.");
		expect(readFileSync(String(before.sessionFile), "utf8")).toContain("Still mine.");
	});

	it("is refused by ACP's session/load as invalid params, naming why", async () => {
		llm.push({ text: "Held." });
		const { holder, heldFile } = writeHolder();
		const child = spawn(process.execPath, [WEFT_BIN, "--mode", "acp", "-e", holder, "--channel", "holder"], {
			cwd: sandbox.cwd,
			env: sandbox.env,
			stdio: ["pipe", "pipe", "pipe"],
		});
		const exited = new Promise((resolveExit) => child.on("close", resolveExit));
		let out = "";
		child.stdout.on("data", (d) => {
			out += d;
		});
		const answer = async (id: number) => {
			await waitFor(() => out.split("\n").some((line) => line.includes(`"id":${id},`)), 30_000);
			return JSON.parse(out.split("\n").find((line) => line.includes(`"id":${id},`)) ?? "");
		};
		const send = (message: object) =>
			child.stdin.write(`${JSON.stringify({ jsonrpc: "2.0", ...message })}\n`);
		send({ id: 1, method: "initialize", params: { protocolVersion: 1, clientCapabilities: {} } });
		await answer(1);
		await waitFor(() => existsSync(heldFile), 30_000);
		const { id } = JSON.parse(readFileSync(heldFile, "utf8"));
		send({ id: 2, method: "session/load", params: { sessionId: id, cwd: sandbox.cwd, mcpServers: [] } });
		expect((await answer(2)).error).toMatchObject({
			code: -32602,
			message: expect.stringContaining(`session ${id} is open in another channel of this weft`),
		});
		child.stdin.end();
		expect(await exited).toBe(0);
	});
});
