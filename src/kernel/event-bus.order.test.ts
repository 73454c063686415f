/** Handler order, stop/consume, registration and removal, and the bus's diagnostics hooks. */
import { describe, expect, it, vi } from "vitest";
import { EventBus, type RunningHandler } from "./event-bus.js";
import type { EventName } from "./events.js";
import { BUILTIN_OWNER } from "./owner.js";

const startup = { mode: "print", cwd: "/w" };

type Registration = [owner: string, label: string, priority?: number];

/** Registers, in the given order, a startup handler per entry that records its label; returns the run order. */
async function runOrder(bus: EventBus, registrations: Registration[]): Promise<string[]> {
	const ran: string[] = [];
	for (const [owner, label, priority] of registrations) {
		bus.on("startup", () => void ran.push(label), { owner, priority });
	}
	await bus.emit("startup", startup);
	return ran;
}

describe("handler order", () => {
	it("runs higher priorities first", async () => {
		const bus = new EventBus();
		expect(
			await runOrder(bus, [
				["a", "low", -5],
				["a", "default"],
				["a", "high", 10],
			]),
		).toEqual(["high", "default", "low"]);
	});

	it("breaks priority ties by owner rank: built-ins before extensions by default", async () => {
		const bus = new EventBus();
		expect(
			await runOrder(bus, [
				["ext", "ext"],
				[BUILTIN_OWNER, "builtin"],
			]),
		).toEqual(["builtin", "ext"]);
	});

	it("breaks priority ties by configured load order, then by registration order", async () => {
		const bus = new EventBus();
		bus.configureOwner("second", { rank: 2 });
		bus.configureOwner("first", { rank: 1 });
		expect(
			await runOrder(bus, [
				["second", "second-1"],
				["first", "first-1"],
				["second", "second-2"],
				["first", "first-2"],
			]),
		).toEqual(["first-1", "first-2", "second-1", "second-2"]);
	});

	it("lets priority beat load order", async () => {
		const bus = new EventBus();
		bus.configureOwner("early", { rank: 1 });
		bus.configureOwner("late", { rank: 9 });
		expect(
			await runOrder(bus, [
				["early", "early"],
				["late", "late", 1],
			]),
		).toEqual(["late", "early"]);
	});

	it("re-sorts existing handlers when ranks are configured after registration", async () => {
		const bus = new EventBus();
		const ran: string[] = [];
		bus.on("startup", () => void ran.push("a"), { owner: "a" });
		bus.on("startup", () => void ran.push("b"), { owner: "b" });
		bus.configureOwner("b", { rank: 1 });
		bus.configureOwner("a", { rank: 2 });

		await bus.emit("startup", startup);

		expect(ran).toEqual(["b", "a"]);
		expect(bus.listHandlers().map((h) => h.owner)).toEqual(["b", "a"]);
	});

	it("keeps earlier owner options when an owner is configured again", async () => {
		const bus = new EventBus();
		bus.configureOwner("a", { rank: 5 });
		bus.configureOwner("a", { failOpen: true });
		bus.configureOwner("b", { rank: 3 });
		expect(
			await runOrder(bus, [
				["a", "a"],
				["b", "b"],
			]),
		).toEqual(["b", "a"]);
	});
});

describe("stop and consume", () => {
	it("stop() prevents later handlers from running and keeps rewrites made so far", async () => {
		const bus = new EventBus();
		const later = vi.fn();
		bus.on(
			"tool_call",
			(e) => {
				e.stop();
				return { args: { path: "rewritten" } };
			},
			{ owner: "a" },
		);
		bus.on("tool_call", later, { owner: "b" });

		const dispatch = await bus.emit("tool_call", { id: "1", name: "read", args: {}, source: "model" });

		expect(later).not.toHaveBeenCalled();
		expect(dispatch.stopped).toBe(true);
		expect(dispatch.payload.args).toEqual({ path: "rewritten" });
		expect(dispatch.terminal).toBeUndefined();
	});

	it("stop() also works for observe events", async () => {
		const bus = new EventBus();
		const ran: string[] = [];
		bus.on(
			"startup",
			(e) => {
				ran.push("a");
				e.stop();
			},
			{ owner: "a" },
		);
		bus.on("startup", () => void ran.push("b"), { owner: "b" });

		const dispatch = await bus.emit("startup", startup);

		expect(ran).toEqual(["a"]);
		expect(dispatch.stopped).toBe(true);
	});

	it("consume() marks the default action skipped without stopping later handlers", async () => {
		const bus = new EventBus();
		const ran: string[] = [];
		bus.on(
			"key",
			(e) => {
				ran.push("a");
				e.consume();
			},
			{ owner: "a" },
		);
		bus.on("key", () => void ran.push("b"), { owner: "b" });

		const dispatch = await bus.emit("key", { key: "ctrl+k", raw: "\x0b" });

		expect(ran).toEqual(["a", "b"]);
		expect(dispatch.consumed).toBe(true);
		expect(dispatch.stopped).toBe(false);
	});

	it("a fresh dispatch starts neither stopped nor consumed", async () => {
		const bus = new EventBus();
		let calls = 0;
		bus.on(
			"key",
			(e) => {
				calls++;
				if (calls === 1) {
					e.stop();
					e.consume();
				}
			},
			{ owner: "a" },
		);

		await bus.emit("key", { key: "x", raw: "x" });
		const second = await bus.emit("key", { key: "x", raw: "x" });

		expect(second.stopped).toBe(false);
		expect(second.consumed).toBe(false);
	});
});

describe("registration", () => {
	it("rejects unknown event names and non-function handlers", () => {
		const bus = new EventBus();
		expect(() => bus.on("no_such_event" as EventName, () => {}, { owner: "a" })).toThrow(
			/unknown event "no_such_event"/,
		);
		expect(() => bus.on("startup", "nope" as any, { owner: "a" })).toThrow(/must be a function/);
	});

	it("passes the event type and payload to handlers", async () => {
		const bus = new EventBus();
		const seen: unknown[] = [];
		bus.on("startup", (e) => void seen.push(e.type, e.mode), { owner: "a" });

		await bus.emit("startup", startup);

		expect(seen).toEqual(["startup", startup.mode]);
	});

	it("the unsubscribe function removes only that handler, and calling it twice is harmless", async () => {
		const bus = new EventBus();
		const ran: string[] = [];
		const off = bus.on("startup", () => void ran.push("one"), { owner: "a" });
		bus.on("startup", () => void ran.push("two"), { owner: "a" });

		off();
		off();
		await bus.emit("startup", startup);

		expect(ran).toEqual(["two"]);
	});

	it("removeOwner removes every handler of that owner only and says how many", async () => {
		const bus = new EventBus();
		const ran: string[] = [];
		bus.on("startup", () => void ran.push("a"), { owner: "a" });
		bus.on("agent_start", () => void ran.push("a2"), { owner: "a" });
		bus.on("startup", () => void ran.push("b"), { owner: "b" });

		expect(bus.removeOwner("a")).toBe(2);
		await bus.emit("startup", startup);
		await bus.emit("agent_start", { prompt: "p" });

		expect(ran).toEqual(["b"]);
		expect(bus.hasHandlers("agent_start")).toBe(false);
		expect(bus.hasHandlers("startup")).toBe(true);
		expect(bus.listHandlers("a")).toEqual([]);
		expect(bus.removeOwner("a")).toBe(0);
	});

	it("lists handlers with owner and priority in dispatch order", () => {
		const bus = new EventBus();
		bus.on("startup", () => {}, { owner: "a" });
		bus.on("startup", () => {}, { owner: "b", priority: 3 });
		bus.on("tick", () => {}, { owner: "a" });

		expect(bus.listHandlers()).toEqual([
			{ event: "startup", owner: "b", priority: 3 },
			{ event: "startup", owner: "a", priority: 0 },
			{ event: "tick", owner: "a", priority: 0 },
		]);
		expect(bus.listHandlers("a").map((h) => h.event)).toEqual(["startup", "tick"]);
	});
});

describe("running", () => {
	it("names the owner and event while a synchronous handler runs, and is cleared afterwards", async () => {
		const bus = new EventBus();
		let inside: RunningHandler | undefined;
		bus.on(
			"tool_call",
			() => {
				inside = bus.running ? { ...bus.running } : undefined;
			},
			{ owner: "watcher" },
		);

		await bus.emit("tool_call", { id: "1", name: "read", args: {}, source: "model" });

		expect(inside).toMatchObject({ owner: "watcher", event: "tool_call" });
		expect(typeof inside?.since).toBe("number");
		expect(bus.running).toBeUndefined();
	});

	it("is cleared after a synchronous handler throws", async () => {
		const bus = new EventBus();
		bus.on(
			"startup",
			() => {
				throw new Error("boom");
			},
			{ owner: "a" },
		);

		await bus.emit("startup", startup);

		expect(bus.running).toBeUndefined();
	});
});
