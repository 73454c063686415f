/** Observers (HandlerOptions.observer): first in every dispatch, the payload as emitted, deciding nothing. */
import { describe, expect, it } from "vitest";
import { EventBus } from "./event-bus.js";

const call = { id: "c1", name: "bash", args: { command: "rm -rf /" }, source: "model" as const };

describe("observers", () => {
	it("see a gate event as emitted, whatever a handler before them in load order rewrites or blocks", async () => {
		const bus = new EventBus();
		const seen: unknown[] = [];
		bus.on("tool_call", () => ({ args: { command: "ls" } }), { owner: "rewriter", priority: 10 });
		bus.on("tool_call", () => ({ block: true, reason: "no" }), { owner: "guard" });
		bus.on("tool_call", (e) => void seen.push(["audit", e.args]), { owner: "audit", observer: true });
		bus.on("tool_call", (e) => void seen.push(["late", e.args]), { owner: "late" });
		const dispatch = await bus.emit("tool_call", call);
		expect(dispatch.terminal).toEqual({ block: true, reason: "no" });
		expect(dispatch.payload.args).toEqual({ command: "ls" });
		expect(seen).toEqual([["audit", { command: "rm -rf /" }]]);
	});

	it("decide nothing: their results, stop() and failures change no dispatch, even of a fail-closed event", async () => {
		const bus = new EventBus();
		const ran: string[] = [];
		bus.on(
			"tool_call",
			(e) => {
				e.stop();
				return { block: true, reason: "an observer cannot block" };
			},
			{ owner: "a", observer: true },
		);
		bus.on(
			"tool_call",
			() => {
				throw new Error("broken observer");
			},
			{ owner: "b", observer: true },
		);
		bus.on("tool_call", () => void ran.push("handler"), { owner: "c" });
		const failures: string[] = [];
		bus.onFailure((f) => failures.push(`${f.owner}: ${f.message}`));
		const dispatch = await bus.emit("tool_call", call);
		expect(dispatch.terminal).toBeUndefined();
		expect(dispatch.stopped).toBe(false);
		expect(ran).toEqual(["handler"]);
		expect(failures).toEqual(["b: broken observer"]);
	});

	it("are skipped, not failed closed, when their owner is suspended", async () => {
		const bus = new EventBus();
		let seen = 0;
		bus.on("tool_call", () => void seen++, { owner: "audit", observer: true });
		bus.suspend("audit", "stopped answering");
		const dispatch = await bus.emit("tool_call", call);
		expect(dispatch.terminal).toBeUndefined();
		expect(seen).toBe(0);
	});

	it("are not waited for, and each owner gets its events in order", async () => {
		const bus = new EventBus();
		const order: number[] = [];
		let release!: () => void;
		const gate = new Promise<void>((resolve) => {
			release = resolve;
		});
		bus.on(
			"turn_start",
			async (e) => {
				if (e.step === 1) await gate;
				order.push(e.step);
			},
			{ owner: "slow", observer: true },
		);
		await bus.emit("turn_start", { step: 1 });
		await bus.emit("turn_start", { step: 2 });
		expect(order).toEqual([]);
		release();
		await bus.idle();
		expect(order).toEqual([1, 2]);
	});

	it("of an observe event cannot stop the handlers after them", async () => {
		const bus = new EventBus();
		const ran: string[] = [];
		bus.on("agent_start", (e) => void e.stop(), { owner: "a", observer: true });
		bus.on("agent_start", () => void ran.push("b"), { owner: "b" });
		bus.notify("agent_start", { prompt: "hi" });
		expect(ran).toEqual(["b"]);
	});
});
