/**
 * `weft --mode rpc` through the typed client in an e2e test's sandbox: each
 * start spawns the real binary there and records its events, and every
 * client a test started is closed after it (a failed assertion included).
 */
import { afterEach } from "vitest";
import { RpcClient, type RpcEvent } from "../../src/modes/rpc/client.js";
import { type Sandbox, WEFT_BIN } from "./weft-cli.js";

export interface RpcRun {
	weft: RpcClient;
	/** Every event the client received, in order. */
	events: RpcEvent[];
}

/** Call at a describe's (or file's) top level, beside withMockSandbox; `sandbox` is read at each start. */
export function rpcClients(sandbox: () => Sandbox): (...args: string[]) => RpcRun {
	const started: RpcClient[] = [];
	afterEach(async () => {
		await Promise.all(started.splice(0).map((client) => client.close()));
	});
	return (...args) => {
		const { cwd, env } = sandbox();
		const weft = RpcClient.start({ bin: WEFT_BIN, cwd, env, args });
		started.push(weft);
		const events: RpcEvent[] = [];
		weft.onEvent((event) => events.push(event));
		return { weft, events };
	};
}
