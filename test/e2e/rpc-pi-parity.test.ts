/**
 * `weft --mode rpc` through the real binary for what pi's protocol has and
 * weft once lacked: `new_session`'s `parentSession` recorded in the new
 * session's header.
 */
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { RpcClient, type RpcEvent } from "../../src/modes/rpc/client.js";
import type { MockLlm } from "../../src/testing/mock-llm/index.js";
import { type Sandbox, WEFT_BIN, withMockSandbox } from "../support/weft-cli.js";

let sandbox: Sandbox;
let llm: MockLlm;
let client: RpcClient | undefined;

withMockSandbox((made, started) => {
	sandbox = made;
	llm = started;
});

afterEach(async () => {
	await client?.close();
	client = undefined;
});

function start(...args: string[]): { weft: RpcClient; events: RpcEvent[] } {
	const weft = RpcClient.start({ bin: WEFT_BIN, cwd: sandbox.cwd, env: sandbox.env, args });
	client = weft;
	const events: RpcEvent[] = [];
	weft.onEvent((event) => events.push(event));
	return { weft, events };
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
});
