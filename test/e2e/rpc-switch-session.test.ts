/**
 * `switch_session` over RPC that cannot happen — a file that does not exist,
 * a session another channel of the same weft holds open — is refused before
 * the client's session is left: no `session_shutdown` for it, and it keeps
 * answering in the same file.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { MockLlm } from "../../src/testing/mock-llm/index.js";
import { rpcClients } from "../support/rpc-clients.js";
import { type Sandbox, waitFor, withMockSandbox } from "../support/weft-cli.js";

let sandbox: Sandbox;
let llm: MockLlm;

withMockSandbox((made, started) => {
	sandbox = made;
	llm = started;
});

const start = rpcClients(() => sandbox);

/** A channel "holder" that opens a session of its own, prompts it once and writes its file; shutdowns logged. */
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
			writeFileSync(${JSON.stringify(heldFile)}, session.store.file);
		},
		stop() {},
	});
}
`,
	);
	return { holder, heldFile, shutdowns };
}

describe("weft --mode rpc: switch_session refused", () => {
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
			weft.request({ type: "switch_session", sessionPath: readFileSync(heldFile, "utf8") }),
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
});
