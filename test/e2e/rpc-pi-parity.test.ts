/**
 * `weft --mode rpc` through the real binary for what pi's protocol has and
 * weft once lacked: `new_session`'s `parentSession` recorded in the new
 * session's header; tools' `details` in `tool_execution_update` / `_end`.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import type { MockLlm } from "../../src/testing/mock-llm/index.js";
import { rpcClients } from "../support/rpc-clients.js";
import { type Sandbox, withMockSandbox } from "../support/weft-cli.js";

let sandbox: Sandbox;
let llm: MockLlm;

withMockSandbox((made, started) => {
	sandbox = made;
	llm = started;
});

const start = rpcClients(() => sandbox);

/** A pi extension whose tool reports progress and a result with details. */
function progressExtension(): string {
	const file = join(sandbox.home, "..", "pi-exts", "progress.ts");
	mkdirSync(dirname(file), { recursive: true });
	writeFileSync(
		file,
		`import type { ExtensionAPI } from "@mariozechner/pi-coding-agent";

export default function (pi: ExtensionAPI) {
	pi.registerTool({
		name: "progress",
		label: "Progress",
		description: "Counts to two",
		parameters: { type: "object", properties: {} },
		async execute(_id, _params, _signal, onUpdate) {
			onUpdate?.({ content: [{ type: "text", text: "one" }], details: { counted: 1 } });
			return { content: [{ type: "text", text: "one, two" }], details: { counted: 2 } };
		},
	});
}
`,
	);
	return file;
}

const headerOf = (file: string) => JSON.parse(readFileSync(file, "utf8").split("\n")[0]);

describe("weft --mode rpc, pi's commands and fields", () => {
	it("records new_session's parentSession in the new session file's header", async () => {
		llm.push({ text: "First." }, { text: "Second." });
		const { weft } = start();
		await weft.promptAndWait("the first session");
		const parent = String((await weft.getState()).sessionFile);
		expect(await weft.request({ type: "new_session", parentSession: parent })).toEqual({ cancelled: false });
		await weft.promptAndWait("the second session");
		const child = String((await weft.getState()).sessionFile);
		expect(child).not.toBe(parent);
		expect(headerOf(child)).toMatchObject({ type: "session", parentSession: parent });
		expect(headerOf(parent).parentSession).toBeUndefined();
	});

	it("sends a tool's details in tool_execution_update and tool_execution_end, as pi does", async () => {
		llm.push(
			{ toolCalls: [{ name: "progress", args: {}, id: "call_p" }] },
			{ toolCalls: [{ name: "bash", args: { command: "echo hi" }, id: "call_b" }] },
			{ text: "Counted." },
		);
		const { weft, events } = start("--no-session", "-e", progressExtension());
		await weft.promptAndWait("count");
		expect(events.find((e) => e.type === "tool_execution_update")).toMatchObject({
			toolCallId: "call_p",
			partialResult: { content: [{ type: "text", text: "one" }], details: { counted: 1 } },
		});
		const ends = events.filter((e) => e.type === "tool_execution_end");
		expect(ends).toMatchObject([
			{ toolCallId: "call_p", result: { details: { counted: 2 } }, isError: false },
			{ toolCallId: "call_b", result: { details: { exitCode: 0 } }, isError: false },
		]);
	});
});
