// weft benchmarks: `npm run bench` (after `npm run build`). Figures are
// ratios against a floor measured in the same run (`node -e 0` for start-up;
// each other bench names its own); nothing here is part of the test suite.
// Usage: node bench/run.mjs [--runs N] [--peer]   (--peer: the TUI flood also runs pi, bench/peer-pi.mjs)
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { dispatchBench } from "./dispatch.mjs";
import { extensionsBench, formatExtensionsBench } from "./extensions.mjs";
import { makeSandbox, measure, row, series, startMockProcess, weftBin } from "./lib.mjs";
import { formatRpcBench, rpcBench } from "./rpc.mjs";
import { formatSdkBench, sdkBench } from "./sdk.mjs";
import { formatSessionsBench, sessionsBench } from "./sessions.mjs";
import { formatTuiBench, tuiBench } from "./tui.mjs";

const runsArg = process.argv.indexOf("--runs");
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 20;

const turns = [];
for (let i = 0; i <= RUNS; i++) {
	turns.push({ toolCalls: [{ name: "read", args: { path: "notes.txt" } }] }, { text: "The answer is 42." });
}
const mock = await startMockProcess(turns, (await import("node:os")).tmpdir());
const box = makeSandbox(mock.url);
writeFileSync(join(box.project, "notes.txt"), "the answer is 42\n");

const floor = series("node -e 0", RUNS, () => measure(process.execPath, ["-e", "0"]));
const version = series("weft --version", RUNS, () =>
	measure(process.execPath, [weftBin, "--version"], { env: box.env }),
);
const roundTrip = series("weft -p (read tool round trip)", RUNS, () =>
	measure(process.execPath, [weftBin, "-p", "--no-session", "what is the answer in notes.txt?"], {
		env: box.env,
		cwd: box.project,
	}),
);
mock.stop();
box.cleanup();

console.log(`start-up (${RUNS} runs each; median; ratio = median / node -e 0)`);
console.log(row(floor, floor.medianMs));
console.log(row(version, floor.medianMs, "budget ≤ 1.3×"));
console.log(row(roundTrip, floor.medianMs, "budget ≤ 3×, peak RSS ≤ 90 MB"));

const dispatch = await dispatchBench();
console.log("\nkernel dispatch: tool_call gate");
console.log(
	`  1 handler ${dispatch.oneHandlerUs.toFixed(2)} µs/event, 10 handlers ${dispatch.tenHandlersUs.toFixed(2)} µs/event, ` +
		`${dispatch.perHandlerUs.toFixed(2)} µs per handler (budget ≤ 5 µs)`,
);

console.log("");
for (const line of formatExtensionsBench(await extensionsBench({ runs: RUNS }))) console.log(line);

console.log("");
const peer = process.argv.includes("--peer");
for (const line of formatTuiBench(await tuiBench({ floor, peer }))) console.log(line);

console.log("");
for (const line of formatSessionsBench(await sessionsBench({ runs: RUNS }))) console.log(line);

console.log("");
for (const line of formatSdkBench(await sdkBench({ runs: RUNS }))) console.log(line);

console.log("");
for (const line of formatRpcBench(await rpcBench({ runs: RUNS }))) console.log(line);
