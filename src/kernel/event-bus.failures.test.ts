/** The handler guard: errors, rejections, deadlines, fail-closed policy, invalid results and stats. */
import { describe, expect, it, vi } from "vitest";
import { EventBus, type HandlerFailure } from "./event-bus.js";
import type { EventPayload } from "./events.js";
import type { ToolSpec } from "./messages.js";

const toolCall = (): EventPayload<"tool_call"> => ({
	id: "call-1",
	name: "bash",
	args: { cmd: "ls" },
	source: "model",
});

const never = (): Promise<never> => new Promise<never>(() => {});

function recordFailures(bus: EventBus): HandlerFailure[] {
	const failures: HandlerFailure[] = [];
	bus.onFailure((f) => failures.push(f));
	return failures;
}

const thrower = (message: string) => (): never => {
	throw new Error(message);
};

describe("a throwing handler", () => {
	it("is attributed to its owner, counted, and later handlers still run (fail open)", async () => {
		const bus = new EventBus();
		const failures = recordFailures(bus);
		const later = vi.fn();
		bus.on("turn_start", thrower("kaput"), { owner: "broken" });
		bus.on("turn_start", later, { owner: "fine" });

		const dispatch = await bus.emit("turn_start", { step: 1 });

		expect(later).toHaveBeenCalledTimes(1);
		expect(dispatch.terminal).toBeUndefined();
		expect(failures).toHaveLength(1);
		expect(failures[0]).toMatchObject({
			owner: "broken",
			event: "turn_start",
			message: "kaput",
			timedOut: false,
		});
		expect(failures[0].error).toBeInstanceOf(Error);
		expect(bus.stats("broken").get("turn_start")).toMatchObject({ calls: 1, errors: 1, timeouts: 0 });
	});

	it("reports non-Error throws by their string form", async () => {
		const bus = new EventBus();
		const failures = recordFailures(bus);
		bus.on(
			"startup",
			() => {
				throw "plain string";
			},
			{ owner: "a" },
		);

		await bus.emit("startup", { mode: "m", cwd: "/" });

		expect(failures[0].message).toBe("plain string");
	});
});

describe("a rejecting async handler", () => {
	it("is attributed, counted, and dispatch continues without its rewrite", async () => {
		const bus = new EventBus();
		const failures = recordFailures(bus);
		const seen: string[] = [];
		bus.on(
			"assistant_message",
			async () => {
				throw new Error("async kaput");
			},
			{ owner: "broken" },
		);
		bus.on("assistant_message", (e) => void seen.push(e.text), { owner: "fine" });

		const dispatch = await bus.emit("assistant_message", { text: "hello" });

		expect(seen).toEqual(["hello"]);
		expect(dispatch.payload.text).toBe("hello");
		expect(failures).toEqual([
			expect.objectContaining({
				owner: "broken",
				event: "assistant_message",
				message: "async kaput",
				timedOut: false,
			}),
		]);
		expect(bus.stats("broken").get("assistant_message")?.errors).toBe(1);
	});

	it("that resolves in time has its result applied", async () => {
		const bus = new EventBus();
		bus.on("assistant_message", async () => ({ text: "later" }), { owner: "a" });

		const dispatch = await bus.emit("assistant_message", { text: "now" });

		expect(dispatch.payload.text).toBe("later");
	});
});

describe("a handler that exceeds its deadline", () => {
	it("is reported as timed out and skipped, and later handlers run", async () => {
		const bus = new EventBus();
		bus.configureOwner("slow", { deadlineMs: 20 });
		const failures = recordFailures(bus);
		const seen: string[] = [];
		bus.on("assistant_message", () => never(), { owner: "slow" });
		bus.on("assistant_message", (e) => void seen.push(e.text), { owner: "fine" });

		const dispatch = await bus.emit("assistant_message", { text: "hi" });

		expect(seen).toEqual(["hi"]);
		expect(dispatch.terminal).toBeUndefined();
		expect(failures).toHaveLength(1);
		expect(failures[0]).toMatchObject({ owner: "slow", event: "assistant_message", timedOut: true });
		expect(failures[0].message).toMatch(/did not finish within 20 ms/);
		expect(bus.stats("slow").get("assistant_message")).toMatchObject({ calls: 1, errors: 0, timeouts: 1 });
	});

	it("uses the bus default deadline when its owner has none", async () => {
		const bus = new EventBus(20);
		const failures = recordFailures(bus);
		bus.on("turn_start", () => never(), { owner: "slow" });

		await bus.emit("turn_start", { step: 1 });

		expect(failures.map((f) => f.timedOut)).toEqual([true]);
	});

	it("has a late result ignored: neither applied nor counted again", async () => {
		const bus = new EventBus();
		bus.configureOwner("slow", { deadlineMs: 20 });
		const failures = recordFailures(bus);
		let release: (value: { text: string }) => void = () => {};
		bus.on("assistant_message", () => new Promise((resolve) => (release = resolve)), { owner: "slow" });

		const dispatch = await bus.emit("assistant_message", { text: "hi" });
		release({ text: "too late" });
		await Promise.resolve();

		expect(dispatch.payload.text).toBe("hi");
		expect(failures).toHaveLength(1);
		expect(bus.stats("slow").get("assistant_message")).toMatchObject({ calls: 1, timeouts: 1 });
	});
});

describe("tool_call fails closed", () => {
	it("a throwing handler blocks the call with a reason naming the extension", async () => {
		const bus = new EventBus();
		const later = vi.fn();
		bus.on("tool_call", thrower("policy file unreadable"), { owner: "guard" });
		bus.on("tool_call", later, { owner: "other" });

		const dispatch = await bus.emit("tool_call", toolCall());

		expect(later).not.toHaveBeenCalled();
		expect(dispatch.terminalOwner).toBe("guard");
		expect(dispatch.terminal?.block).toBe(true);
		expect(dispatch.terminal?.reason).toContain('"guard"');
		expect(dispatch.terminal?.reason).toContain("policy file unreadable");
	});

	it("a handler that times out blocks the call too", async () => {
		const bus = new EventBus();
		bus.configureOwner("guard", { deadlineMs: 20 });
		bus.on("tool_call", () => never(), { owner: "guard" });

		const dispatch = await bus.emit("tool_call", toolCall());

		expect(dispatch.terminal?.block).toBe(true);
		expect(dispatch.terminal?.reason).toMatch(/"guard".*did not finish within 20 ms/);
	});

	it("unless the owner is configured fail-open, in which case later handlers run", async () => {
		const bus = new EventBus();
		bus.configureOwner("lenient", { failOpen: true });
		const failures = recordFailures(bus);
		const later = vi.fn();
		bus.on("tool_call", thrower("oops"), { owner: "lenient" });
		bus.on("tool_call", later, { owner: "other" });

		const dispatch = await bus.emit("tool_call", toolCall());

		expect(later).toHaveBeenCalledTimes(1);
		expect(dispatch.terminal).toBeUndefined();
		expect(failures.map((f) => f.owner)).toEqual(["lenient"]);
	});

	it("keeps rewrites made before the failing handler in the payload", async () => {
		const bus = new EventBus();
		bus.on("tool_call", () => ({ args: { cmd: "ls -la" } }), { owner: "rewriter" });
		bus.on("tool_call", thrower("nope"), { owner: "guard" });

		const dispatch = await bus.emit("tool_call", toolCall());

		expect(dispatch.payload.args).toEqual({ cmd: "ls -la" });
		expect(dispatch.terminalOwner).toBe("guard");
	});
});

describe("an invalid result", () => {
	const contextPayload = (): EventPayload<"context"> => ({
		step: 1,
		messages: [],
		tools: ["read", "bash"].map((name): ToolSpec => ({ name, description: name, parameters: {} })),
		systemPrompt: "sp",
	});

	it("is attributed to its owner and does not crash the dispatch", async () => {
		const bus = new EventBus();
		const failures = recordFailures(bus);
		const later = vi.fn();
		bus.on("context", () => ({ tools: "bash" as any }), { owner: "sloppy" });
		bus.on("context", later, { owner: "fine" });

		const dispatch = await bus.emit("context", contextPayload());

		expect(later).toHaveBeenCalledTimes(1);
		expect(dispatch.payload.tools.map((t) => t.name)).toEqual(["read", "bash"]);
		expect(failures).toHaveLength(1);
		expect(failures[0]).toMatchObject({ owner: "sloppy", event: "context", timedOut: false });
		expect(failures[0].message).toMatch(/invalid result/);
	});

	it("is discarded as a whole: its valid parts are not applied either", async () => {
		const bus = new EventBus();
		bus.on("context", () => ({ systemPrompt: "half-applied", tools: 42 as any }), { owner: "sloppy" });

		const dispatch = await bus.emit("context", contextPayload());

		expect(dispatch.payload.systemPrompt).toBe("sp");
	});

	it("counts as one call with one error", async () => {
		const bus = new EventBus();
		bus.on("context", () => ({ tools: "bash" as any }), { owner: "sloppy" });

		await bus.emit("context", contextPayload());

		expect(bus.stats("sloppy").get("context")).toMatchObject({ calls: 1, errors: 1, timeouts: 0 });
	});
});

describe("failure listeners", () => {
	it("a throwing listener does not break dispatch or other listeners", async () => {
		const bus = new EventBus();
		bus.onFailure(() => {
			throw new Error("listener broke");
		});
		const failures = recordFailures(bus);
		const later = vi.fn();
		bus.on("startup", thrower("x"), { owner: "a" });
		bus.on("startup", later, { owner: "b" });

		await bus.emit("startup", { mode: "m", cwd: "/" });

		expect(later).toHaveBeenCalledTimes(1);
		expect(failures).toHaveLength(1);
	});

	it("stop hearing about failures once unsubscribed", async () => {
		const bus = new EventBus();
		const failures: HandlerFailure[] = [];
		const off = bus.onFailure((f) => failures.push(f));
		bus.on("startup", thrower("x"), { owner: "a" });

		off();
		await bus.emit("startup", { mode: "m", cwd: "/" });

		expect(failures).toEqual([]);
	});
});

describe("stats", () => {
	it("accumulate calls, errors and timeouts per owner and per event", async () => {
		const bus = new EventBus();
		bus.configureOwner("a", { deadlineMs: 20 });
		let call = 0;
		bus.on(
			"turn_start",
			() => {
				call++;
				if (call === 2) throw new Error("second call fails");
				if (call === 3) return never();
			},
			{ owner: "a" },
		);
		bus.on("agent_start", () => {}, { owner: "a" });
		bus.on("turn_start", () => {}, { owner: "b" });

		for (let step = 1; step <= 4; step++) await bus.emit("turn_start", { step });
		await bus.emit("agent_start", { prompt: "p" });

		const turn = bus.stats("a").get("turn_start")!;
		expect(turn).toMatchObject({ calls: 4, errors: 1, timeouts: 1 });
		expect(turn.ms).toBeGreaterThanOrEqual(0);
		expect(bus.stats("a").get("agent_start")).toMatchObject({ calls: 1, errors: 0, timeouts: 0 });
		expect(bus.totalStats("a")).toMatchObject({ calls: 5, errors: 1, timeouts: 1 });
		expect(bus.totalStats("b")).toMatchObject({ calls: 4, errors: 0, timeouts: 0 });
	});

	it("are empty for an owner that never ran", () => {
		const bus = new EventBus();
		expect(bus.stats("ghost").size).toBe(0);
		expect(bus.totalStats("ghost")).toEqual({ calls: 0, ms: 0, errors: 0, timeouts: 0 });
	});
});

describe("deadline holds", () => {
	it("a handler waiting on the user past its deadline is not failed while a hold is active", async () => {
		const bus = new EventBus();
		bus.configureOwner("ext", { deadlineMs: 20 });
		let answer: (value: unknown) => void = () => {};
		bus.on(
			"tool_call",
			async () => {
				const release = bus.holdDeadlines("ext");
				try {
					await new Promise((resolve) => {
						answer = resolve;
					});
				} finally {
					release();
				}
				return { block: true, reason: "user said no" };
			},
			{ owner: "ext" },
		);
		const pending = bus.emit("tool_call", { id: "1", name: "bash", args: {}, source: "model" });
		await new Promise((resolve) => setTimeout(resolve, 80));
		answer(undefined);
		const dispatch = await pending;
		expect(dispatch.terminal).toEqual({ block: true, reason: "user said no" });
		expect(bus.totalStats("ext").timeouts).toBe(0);
	});

	it("once released, the next deadline applies again", async () => {
		const bus = new EventBus();
		bus.configureOwner("ext", { deadlineMs: 20 });
		bus.holdDeadlines("ext")();
		bus.on("context", () => new Promise(() => {}), { owner: "ext" });
		await bus.emit("context", { step: 1, messages: [], tools: [], systemPrompt: "" });
		expect(bus.totalStats("ext").timeouts).toBe(1);
	});
});
