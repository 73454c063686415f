/** Fire-and-forget observe dispatch: synchronous delivery, per-owner ordering, idle(). */
import { describe, expect, it } from "vitest";
import { EventBus, type HandlerFailure } from "./event-bus.js";

/** A promise the test resolves by hand. */
function gate(): { promise: Promise<void>; open: () => void } {
	let open = () => {};
	const promise = new Promise<void>((resolve) => (open = resolve));
	return { promise, open };
}

const tick = (time: number) => ({ time });

describe("notify", () => {
	it("runs synchronous observers before it returns", () => {
		const bus = new EventBus();
		const seen: number[] = [];
		bus.on("tick", (e) => void seen.push(e.time), { owner: "a" });
		bus.on("tick", (e) => void seen.push(e.time * 10), { owner: "b" });

		bus.notify("tick", tick(1));

		expect(seen).toEqual([1, 10]);
	});

	it("preserves each owner's event order when its handler is async and slow", async () => {
		const bus = new EventBus();
		const log: string[] = [];
		const first = gate();
		bus.on(
			"tick",
			async (e) => {
				log.push(`start ${e.time}`);
				if (e.time === 1) await first.promise;
				log.push(`end ${e.time}`);
			},
			{ owner: "slow" },
		);

		bus.notify("tick", tick(1));
		bus.notify("tick", tick(2));
		bus.notify("tick", tick(3));
		expect(log).toEqual(["start 1"]);

		first.open();
		await bus.idle();

		expect(log).toEqual(["start 1", "end 1", "start 2", "end 2", "start 3", "end 3"]);
	});

	it("queues an owner's later handlers behind its own pending one within the same event", async () => {
		const bus = new EventBus();
		const log: string[] = [];
		const held = gate();
		bus.on(
			"tick",
			async () => {
				await held.promise;
				log.push("a1");
			},
			{ owner: "a" },
		);
		bus.on("tick", () => void log.push("a2"), { owner: "a" });

		bus.notify("tick", tick(1));
		expect(log).toEqual([]);

		held.open();
		await bus.idle();
		expect(log).toEqual(["a1", "a2"]);
	});

	it("does not hold back other owners while one owner is slow", async () => {
		const bus = new EventBus();
		const log: string[] = [];
		const held = gate();
		bus.on("tick", () => held.promise.then(() => void log.push("slow")), { owner: "slow", priority: 1 });
		bus.on("tick", (e) => void log.push(`fast ${e.time}`), { owner: "fast" });

		bus.notify("tick", tick(1));
		bus.notify("tick", tick(2));
		expect(log).toEqual(["fast 1", "fast 2"]);

		held.open();
		await bus.idle();
		expect(log).toEqual(["fast 1", "fast 2", "slow", "slow"]);
	});

	it("hands observers a copy of the payload and ignores their results", () => {
		const bus = new EventBus();
		const payload = tick(5);
		let received: unknown;
		bus.on(
			"tick",
			(e) => {
				received = e;
				return { time: 99 } as any;
			},
			{ owner: "a" },
		);

		bus.notify("tick", payload);

		expect(received).not.toBe(payload);
		expect(payload).toEqual({ time: 5 });
	});

	it("attributes observer errors to their owner and keeps delivering to others", async () => {
		const bus = new EventBus();
		const failures: HandlerFailure[] = [];
		bus.onFailure((f) => failures.push(f));
		const seen: string[] = [];
		bus.on(
			"tick",
			() => {
				throw new Error("sync observer broke");
			},
			{ owner: "a" },
		);
		bus.on(
			"tick",
			async () => {
				throw new Error("async observer broke");
			},
			{ owner: "b" },
		);
		bus.on("tick", () => void seen.push("c"), { owner: "c" });

		bus.notify("tick", tick(1));
		await bus.idle();

		expect(seen).toEqual(["c"]);
		expect(failures.map((f) => [f.owner, f.message])).toEqual([
			["a", "sync observer broke"],
			["b", "async observer broke"],
		]);
	});

	it("times out an observer that never settles and then delivers that owner's next event", async () => {
		const bus = new EventBus();
		bus.configureOwner("stuck", { deadlineMs: 20 });
		const failures: HandlerFailure[] = [];
		bus.onFailure((f) => failures.push(f));
		const seen: number[] = [];
		bus.on(
			"tick",
			(e) => {
				seen.push(e.time);
				if (e.time === 1) return new Promise<void>(() => {});
			},
			{ owner: "stuck" },
		);

		bus.notify("tick", tick(1));
		bus.notify("tick", tick(2));
		await bus.idle();

		expect(seen).toEqual([1, 2]);
		expect(failures.map((f) => f.timedOut)).toEqual([true]);
	});

	it("honours stop() from a synchronous observer", () => {
		const bus = new EventBus();
		const seen: string[] = [];
		bus.on(
			"tick",
			(e) => {
				seen.push("a");
				e.stop();
			},
			{ owner: "a" },
		);
		bus.on("tick", () => void seen.push("b"), { owner: "b" });

		bus.notify("tick", tick(1));

		expect(seen).toEqual(["a"]);
	});

	it("does nothing for an event without handlers", async () => {
		const bus = new EventBus();
		bus.notify("tick", tick(1));
		await expect(bus.idle()).resolves.toBeUndefined();
	});

	it("does not deliver queued events to an owner removed meanwhile", async () => {
		const bus = new EventBus();
		const seen: number[] = [];
		const held = gate();
		bus.on(
			"tick",
			async (e) => {
				seen.push(e.time);
				await held.promise;
			},
			{ owner: "leaving" },
		);

		bus.notify("tick", tick(1));
		bus.notify("tick", tick(2));
		bus.removeOwner("leaving");
		held.open();
		await held.promise;
		await bus.idle();
		await new Promise((resolve) => setImmediate(resolve));

		expect(seen).toEqual([1]);
	});
});

describe("idle", () => {
	it("waits until every queued observer has run", async () => {
		const bus = new EventBus();
		const done: number[] = [];
		bus.on(
			"tick",
			async (e) => {
				await new Promise((resolve) => setTimeout(resolve, 1));
				done.push(e.time);
			},
			{ owner: "a" },
		);
		bus.on(
			"tick",
			async (e) => {
				await Promise.resolve();
				done.push(e.time * 100);
			},
			{ owner: "b" },
		);

		bus.notify("tick", tick(1));
		bus.notify("tick", tick(2));
		await bus.idle();

		expect(done.sort((x, y) => x - y)).toEqual([1, 2, 100, 200]);
	});

	it("also waits for observers queued while it was waiting", async () => {
		const bus = new EventBus();
		const done: string[] = [];
		bus.on(
			"tick",
			async () => {
				await Promise.resolve();
				done.push("tick");
				bus.notify("resize", { columns: 80, rows: 24 });
			},
			{ owner: "a" },
		);
		bus.on(
			"resize",
			async () => {
				await new Promise((resolve) => setTimeout(resolve, 1));
				done.push("resize");
			},
			{ owner: "b" },
		);

		bus.notify("tick", tick(1));
		await bus.idle();

		expect(done).toEqual(["tick", "resize"]);
	});
});
