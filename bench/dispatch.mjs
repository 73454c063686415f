// Dispatch cost of the kernel bus: a `tool_call` gate with 1 and 10
// in-process handlers, per event and per handler. Run after `npm run build`.
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(fileURLToPath(import.meta.url), "../..");
const { EventBus } = await import(resolve(root, "dist/index.js"));

const ITERATIONS = 200_000;
const payload = { id: "call_1", name: "bash", args: { command: "ls -la" }, source: "model" };

async function perEvent(handlers) {
	const bus = new EventBus();
	for (let i = 0; i < handlers; i++) {
		bus.on(
			"tool_call",
			(event) => {
				if (event.name === "rm") return { block: true, reason: "no" };
				return undefined;
			},
			{ owner: `ext-${i}` },
		);
	}
	for (let i = 0; i < 20_000; i++) await bus.emit("tool_call", payload);
	const start = process.hrtime.bigint();
	for (let i = 0; i < ITERATIONS; i++) await bus.emit("tool_call", payload);
	return Number(process.hrtime.bigint() - start) / 1000 / ITERATIONS;
}

export async function dispatchBench() {
	const base = await perEvent(0);
	const one = await perEvent(1);
	const ten = await perEvent(10);
	return {
		emptyUs: base,
		oneHandlerUs: one,
		tenHandlersUs: ten,
		perHandlerUs: Math.max(one - base, (ten - base) / 10),
	};
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	const r = await dispatchBench();
	console.log(`tool_call gate dispatch (${ITERATIONS} events each)`);
	console.log(`  no handlers   ${r.emptyUs.toFixed(2)} µs/event`);
	console.log(`  1 handler     ${r.oneHandlerUs.toFixed(2)} µs/event`);
	console.log(`  10 handlers   ${r.tenHandlersUs.toFixed(2)} µs/event`);
	console.log(`  per handler   ${r.perHandlerUs.toFixed(2)} µs (budget ≤ 5 µs)`);
}
