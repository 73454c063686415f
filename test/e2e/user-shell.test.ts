/**
 * The `user_shell` gate through the real binary: RPC's `bash` (the same gate
 * as the terminal's `!cmd`) reaches a weft extension, which rewrites or
 * blocks the command, and a pi extension's `user_bash` handler, which runs
 * it its own way and supplies the result.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { RpcClient } from "../../src/modes/rpc/client.js";
import type { MockLlm } from "../../src/testing/mock-llm/index.js";
import { extensionEventsFixture } from "../support/extension-events-fixture.js";
import { rpcClients } from "../support/rpc-clients.js";
import { type Sandbox, withMockSandbox } from "../support/weft-cli.js";

let sandbox: Sandbox;
let llm: MockLlm;

withMockSandbox((made, started) => {
	sandbox = made;
	llm = started;
});
const recordFile = () => join(sandbox.home, "..", "record.log");
const { extension } = extensionEventsFixture(() => ({ sandbox, llm, recordFile: recordFile() }));

const rpc = rpcClients(() => sandbox);

function start(...extensions: string[]): RpcClient {
	return rpc("--no-session", "--no-extensions", ...extensions.flatMap((file) => ["-e", file])).weft;
}

type Ran = { output: string; exitCode: number | null; cancelled: boolean };

const PI_SHELL = `import type { ExtensionAPI } from "@mariozechner/pi-coding-agent";

export default function (pi: ExtensionAPI) {
	pi.on("user_bash", async (event) => {
		if (!event.command.startsWith("i ")) return;
		return {
			result: { output: "ran " + event.command.slice(2) + " in " + event.cwd + " excluded=" + event.excludeFromContext, exitCode: 3, cancelled: false, truncated: false },
		};
	});
}
`;

describe("the user_shell gate", () => {
	it("lets a weft extension rewrite or block a user's command and a pi user_bash handler supply its result", async () => {
		const weftShell = extension(
			"weft-shell",
			`weft.on("user_shell", (event) => {
				record(event.source + " " + event.command + " " + event.addToContext);
				if (event.command.includes("forbidden")) return { block: true, reason: "not that one" };
				if (event.command === "echo short") return { command: "echo rewritten" };
				return undefined;
			});`,
		);
		const piFile = sandbox.write(join(sandbox.home, "..", "pi-exts", "pi-shell.ts"), PI_SHELL);
		const weft = start(weftShell, piFile);

		const rewritten = await weft.request<Ran>({ type: "bash", command: "echo short" });
		expect(rewritten).toMatchObject({ output: expect.stringContaining("rewritten"), exitCode: 0 });

		await expect(weft.request({ type: "bash", command: "echo forbidden" })).rejects.toThrow(
			"Shell command blocked: not that one",
		);

		const handled = await weft.request<Ran>({ type: "bash", command: "i vim notes.txt" });
		expect(handled).toEqual({
			output: `ran vim notes.txt in ${sandbox.cwd} excluded=false`,
			exitCode: 3,
			cancelled: false,
			truncated: false,
		});

		expect(readFileSync(recordFile(), "utf8").trim().split("\n")).toEqual([
			"rpc echo short true",
			"rpc echo forbidden true",
			"rpc i vim notes.txt true",
		]);

		// The command and its (supplied) output join the conversation, as a command weft ran would.
		llm.push({ text: "Seen." });
		await weft.promptAndWait("what did I run?");
		const sent = JSON.stringify(llm.requests.at(-1)?.body);
		expect(sent).toContain("rewritten");
		expect(sent).toContain("ran vim notes.txt");
		expect(sent).not.toContain("not that one");
	});
});
