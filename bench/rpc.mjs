// `weft --mode rpc` (built dist/): a prompt → agent_end round trip through
// the typed client (`weft/rpc`: a command line out, events back over the
// pipe) against the same round trip through the SDK handle, measured in the
// same run against the same kind of mock (issue 14's budget: the RPC trip
// adds ≤ 2 ms).
// Usage: node bench/rpc.mjs [--runs N]   (after `npm run build`)
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { makeSandbox, root, startMockProcess, weftBin } from "./lib.mjs";
import { sdkRoundTrip } from "./sdk.mjs";

export const RPC_OVERHEAD_BUDGET_MS = 2;
const ANSWER = { text: "The answer is 42." };

/** prompt → agent_end through `weft --mode rpc`: one process, `runs` prompts after one warm-up. */
export async function rpcRoundTrip({ runs = 20 } = {}) {
	const mock = await startMockProcess(
		Array.from({ length: runs + 1 }, () => ANSWER),
		tmpdir(),
	);
	const sandbox = makeSandbox(mock.url);
	const { RpcClient } = await import(pathToFileURL(join(root, "dist/modes/rpc/client.js")).href);
	const weft = RpcClient.start({
		bin: weftBin,
		cwd: sandbox.project,
		env: sandbox.env,
		args: ["--no-session"],
	});
	try {
		const samples = [];
		for (let i = 0; i <= runs; i++) {
			let ended = 0;
			const end = weft.waitForEvent((event) => {
				if (event.type !== "agent_end") return false;
				ended = performance.now();
				return true;
			});
			const started = performance.now();
			await weft.prompt(`round trip ${i}`);
			await end;
			if (i > 0) samples.push(ended - started);
		}
		samples.sort((a, b) => a - b);
		const pick = (q) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))];
		return { medianMs: pick(0.5), p90Ms: pick(0.9), samples };
	} finally {
		await weft.close();
		mock.stop();
		sandbox.cleanup();
	}
}

export async function rpcBench({ runs = 20 } = {}) {
	const sdk = await sdkRoundTrip({ runs });
	const rpc = await rpcRoundTrip({ runs });
	return { sdk, rpc };
}

export function formatRpcBench({ sdk, rpc }) {
	const overhead = rpc.medianMs - sdk.medianMs;
	return [
		"RPC (weft --mode rpc through weft/rpc): prompt → agent_end, median",
		`  through the SDK handle ${sdk.medianMs.toFixed(2).padStart(7)} ms  p90 ${sdk.p90Ms.toFixed(2)} ms`,
		`  through RPC            ${rpc.medianMs.toFixed(2).padStart(7)} ms  p90 ${rpc.p90Ms.toFixed(2)} ms  ${overhead >= 0 ? "+" : "−"}${Math.abs(overhead).toFixed(2)} ms  budget ≤ +${RPC_OVERHEAD_BUDGET_MS} ms ${overhead <= RPC_OVERHEAD_BUDGET_MS ? "ok" : "OVER"}`,
	];
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
	const runsArg = process.argv.indexOf("--runs");
	for (const line of formatRpcBench(
		await rpcBench({ runs: runsArg > 0 ? Number(process.argv[runsArg + 1]) : 20 }),
	))
		console.log(line);
}
