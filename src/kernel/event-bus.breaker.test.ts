/** The circuit breaker: repeated missed deadlines suspend an owner; suspended gates block at once. */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { EventBus, type HandlerFailure } from "./event-bus.js";
import type { EventPayload } from "./events.js";

const toolCall = (id = "call-1"): EventPayload<"tool_call"> => ({
	id,
	name: "bash",
	args: { cmd: "ls" },
	source: "model",
});

const never = (): Promise<never> => new Promise<never>(() => {});

/** Emits and lets the fake clock run the owner's deadline out. */
async function emitPastDeadlines<K extends "tool_call" | "turn_start">(
	bus: EventBus,
	event: K,
	payload: EventPayload<K>,
) {
	const pending = bus.emit(event, payload);
	await vi.runAllTimersAsync();
	return pending;
}

function suspensions(bus: EventBus): Array<[string, string]> {
	const seen: Array<[string, string]> = [];
	bus.onSuspend((owner, reason) => seen.push([owner, reason]));
	return seen;
}

describe("the circuit breaker", () => {
	beforeEach(() => {
		vi.useFakeTimers();
	});
	afterEach(() => {
		vi.useRealTimers();
	});

	it("suspends an owner after breakAfter missed deadlines in a row, telling listeners once", async () => {
		const bus = new EventBus();
		bus.configureOwner("hung", { deadlineMs: 100, breakAfter: 2 });
		const seen = suspensions(bus);
		const handler = vi.fn(never);
		bus.on("turn_start", handler, { owner: "hung" });

		await emitPastDeadlines(bus, "turn_start", { step: 1 });
		expect(bus.suspendedReason("hung")).toBeUndefined();
		await emitPastDeadlines(bus, "turn_start", { step: 2 });

		expect(bus.suspendedReason("hung")).toBe("its handlers missed their 100 ms deadline 2 times in a row");
		expect(seen).toEqual([["hung", "its handlers missed their 100 ms deadline 2 times in a row"]]);
		for (let step = 3; step <= 6; step++) await bus.emit("turn_start", { step });
		expect(handler).toHaveBeenCalledTimes(2);
		expect(seen).toHaveLength(1);
	});

	it("defaults to three misses in a row", async () => {
		const bus = new EventBus(100);
		bus.on("turn_start", never, { owner: "hung" });

		for (let step = 1; step <= 2; step++) await emitPastDeadlines(bus, "turn_start", { step });
		expect(bus.suspendedReason("hung")).toBeUndefined();
		await emitPastDeadlines(bus, "turn_start", { step: 3 });

		expect(bus.suspendedReason("hung")).toMatch(/3 times in a row/);
	});

	it("counts only misses in a row: an async handler that settles in time resets the count", async () => {
		const bus = new EventBus();
		bus.configureOwner("flaky", { deadlineMs: 100, breakAfter: 2 });
		let hang = true;
		bus.on("turn_start", () => (hang ? never() : Promise.resolve(undefined)), { owner: "flaky" });

		await emitPastDeadlines(bus, "turn_start", { step: 1 });
		hang = false;
		await emitPastDeadlines(bus, "turn_start", { step: 2 });
		hang = true;
		await emitPastDeadlines(bus, "turn_start", { step: 3 });

		expect(bus.suspendedReason("flaky")).toBeUndefined();
		expect(bus.stats("flaky").get("turn_start")).toMatchObject({ calls: 3, timeouts: 2 });
	});

	it("never trips with breakAfter 0", async () => {
		const bus = new EventBus();
		bus.configureOwner("hung", { deadlineMs: 100, breakAfter: 0 });
		bus.on("turn_start", never, { owner: "hung" });

		for (let step = 1; step <= 5; step++) await emitPastDeadlines(bus, "turn_start", { step });

		expect(bus.suspendedReason("hung")).toBeUndefined();
		expect(bus.totalStats("hung").timeouts).toBe(5);
	});

	it("does not count time a handler spends waiting on the user (a deadline hold)", async () => {
		const bus = new EventBus();
		bus.configureOwner("asks", { deadlineMs: 100, breakAfter: 1 });
		let answer: (value: undefined) => void = () => {};
		bus.on("turn_start", () => new Promise((resolve) => (answer = resolve)), { owner: "asks" });
		const release = bus.holdDeadlines("asks");

		const pending = bus.emit("turn_start", { step: 1 });
		await vi.advanceTimersByTimeAsync(1_000);
		answer(undefined);
		release();
		await pending;

		expect(bus.suspendedReason("asks")).toBeUndefined();
	});

	it("leaves other owners running", async () => {
		const bus = new EventBus();
		bus.configureOwner("hung", { deadlineMs: 100, breakAfter: 1 });
		const fine = vi.fn();
		bus.on("turn_start", never, { owner: "hung" });
		bus.on("turn_start", fine, { owner: "fine" });

		for (let step = 1; step <= 3; step++) await emitPastDeadlines(bus, "turn_start", { step });

		expect(fine).toHaveBeenCalledTimes(3);
	});
});

describe("a suspended owner", () => {
	it("blocks a fail-closed gate at once, without calling its handler, with a reason naming it", async () => {
		const bus = new EventBus();
		const guard = vi.fn(() => undefined);
		const later = vi.fn();
		bus.on("tool_call", guard, { owner: "guard" });
		bus.on("tool_call", later, { owner: "other" });
		bus.suspend("guard", "stopped answering");

		const dispatch = await bus.emit("tool_call", toolCall());

		expect(guard).not.toHaveBeenCalled();
		expect(later).not.toHaveBeenCalled();
		expect(dispatch.terminalOwner).toBe("guard");
		expect(dispatch.terminal).toEqual({
			block: true,
			reason:
				'blocked because the extension "guard" failed while checking this call: it is suspended for this session (stopped answering)',
		});
	});

	it("is skipped on a fail-closed gate when it is fail-open", async () => {
		const bus = new EventBus();
		bus.configureOwner("lenient", { failOpen: true });
		const guard = vi.fn();
		bus.on("tool_call", guard, { owner: "lenient" });
		bus.on("tool_call", () => ({ args: { cmd: "pwd" } }), { owner: "other" });
		bus.suspend("lenient", "stopped answering");

		const dispatch = await bus.emit("tool_call", toolCall());

		expect(guard).not.toHaveBeenCalled();
		expect(dispatch.terminal).toBeUndefined();
		expect(dispatch.payload.args).toEqual({ cmd: "pwd" });
	});

	it("is skipped on chain and observe events, and by notify", async () => {
		const bus = new EventBus();
		const calls: string[] = [];
		bus.on("assistant_message", () => ({ text: "rewritten" }), { owner: "gone" });
		bus.on("agent_start", () => void calls.push("emit"), { owner: "gone" });
		bus.on("message_start", () => void calls.push("notify"), { owner: "gone" });
		bus.suspend("gone", "test");

		const dispatch = await bus.emit("assistant_message", { text: "as is" });
		await bus.emit("agent_start", { prompt: "p" });
		bus.notify("message_start", { message: {} as never });
		await bus.idle();

		expect(dispatch.payload.text).toBe("as is");
		expect(calls).toEqual([]);
	});

	it("drops notify events already queued behind its running handler", async () => {
		const bus = new EventBus();
		const seen: number[] = [];
		let finish: () => void = () => {};
		bus.on(
			"tick",
			(e) => {
				seen.push(e.time);
				if (e.time === 1) return new Promise<undefined>((resolve) => (finish = () => resolve(undefined)));
			},
			{ owner: "slow" },
		);

		bus.notify("tick", { time: 1 });
		bus.notify("tick", { time: 2 });
		bus.suspend("slow", "test");
		finish();
		await bus.idle();

		expect(seen).toEqual([1]);
	});

	it("runs again once resumed, with its miss count cleared", async () => {
		vi.useFakeTimers();
		try {
			const bus = new EventBus();
			bus.configureOwner("hung", { deadlineMs: 100, breakAfter: 2 });
			let hang = true;
			const handler = vi.fn(() => (hang ? never() : Promise.resolve(undefined)));
			bus.on("turn_start", handler, { owner: "hung" });
			for (let step = 1; step <= 2; step++) await emitPastDeadlines(bus, "turn_start", { step });
			expect(bus.suspendedReason("hung")).toBeDefined();

			bus.resume("hung");
			hang = false;
			await emitPastDeadlines(bus, "turn_start", { step: 3 });
			hang = true;
			await emitPastDeadlines(bus, "turn_start", { step: 4 });

			expect(bus.suspendedReason("hung")).toBeUndefined();
			expect(handler).toHaveBeenCalledTimes(4);
		} finally {
			vi.useRealTimers();
		}
	});

	it("is announced once however often suspend is called", () => {
		const bus = new EventBus();
		const seen = suspensions(bus);

		bus.suspend("x", "first");
		bus.suspend("x", "second");

		expect(seen).toEqual([["x", "first"]]);
		expect(bus.suspendedReason("x")).toBe("first");
	});

	it("reports the timeout that tripped the breaker as a failure before the suspension", async () => {
		vi.useFakeTimers();
		try {
			const bus = new EventBus();
			bus.configureOwner("hung", { deadlineMs: 100, breakAfter: 1 });
			const order: string[] = [];
			bus.onFailure((f: HandlerFailure) => order.push(`failure: ${f.message}`));
			bus.onSuspend((_owner, reason) => order.push(`suspended: ${reason}`));
			bus.on("tool_call", never, { owner: "hung" });

			const dispatch = await emitPastDeadlines(bus, "tool_call", toolCall());

			expect(order).toEqual([
				"failure: handler did not finish within 100 ms",
				"suspended: its handlers missed their 100 ms deadline",
			]);
			expect((dispatch.terminal as { reason: string }).reason).toMatch(/did not finish within 100 ms/);
		} finally {
			vi.useRealTimers();
		}
	});
});

describe("owner options are range-checked", () => {
	it("refuses a deadline a timer cannot hold, naming the owner", () => {
		const bus = new EventBus();
		expect(() => bus.configureOwner("ext", { deadlineMs: 2 ** 31 })).toThrow(
			/deadlineMs of "ext" must be a number of milliseconds from 1 to 2147483647/,
		);
		expect(() => bus.configureOwner("ext", { deadlineMs: 0 })).toThrow(RangeError);
		expect(() => bus.configureOwner("ext", { deadlineMs: Number.NaN })).toThrow(RangeError);
		expect(() => new EventBus(2 ** 40)).toThrow(/default deadline/);
	});

	it("accepts the largest deadline a timer can hold", () => {
		const bus = new EventBus();
		expect(() => bus.configureOwner("ext", { deadlineMs: 2 ** 31 - 1 })).not.toThrow();
	});

	it("refuses a negative or fractional breakAfter", () => {
		const bus = new EventBus();
		expect(() => bus.configureOwner("ext", { breakAfter: -1 })).toThrow(/breakAfter of "ext"/);
		expect(() => bus.configureOwner("ext", { breakAfter: 1.5 })).toThrow(RangeError);
	});
});
