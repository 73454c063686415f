/** The activity bus: typed delivery, type filters, owners, listener faults, and telling publishers whether anyone listens. */
import { describe, expect, it } from "vitest";
import { ActivityBus, type ActivityEvent } from "./activity.js";

const started: ActivityEvent = { type: "task_started", sessionId: "s1", at: 10, taskId: "t1", prompt: "hi" };
const toolEnd: ActivityEvent = {
	type: "tool_end",
	sessionId: "s1",
	at: 20,
	taskId: "t1",
	toolCallId: "c1",
	toolName: "bash",
	durationMs: 5,
	isError: false,
};

describe("ActivityBus", () => {
	it("delivers every event to every listener, and only the chosen types to a filtered one", () => {
		const bus = new ActivityBus();
		const all: ActivityEvent[] = [];
		const tools: ActivityEvent[] = [];
		bus.subscribe((e) => all.push(e));
		bus.subscribe((e) => tools.push(e), { types: ["tool_end"] });

		bus.publish(started);
		bus.publish(toolEnd);

		expect(all).toEqual([started, toolEnd]);
		expect(tools).toEqual([toolEnd]);
	});

	it("says when the first listener arrives and the last one leaves, so feeders attach only then", () => {
		const bus = new ActivityBus();
		const changes: boolean[] = [];
		bus.onListening((listening) => changes.push(listening));
		expect(bus.listening).toBe(false);

		const offA = bus.subscribe(() => {});
		const offB = bus.subscribe(() => {});
		offA();
		offA();
		offB();

		expect(changes).toEqual([true, false]);
		expect(bus.listening).toBe(false);
	});

	it("removeOwner drops that owner's listeners only", () => {
		const bus = new ActivityBus();
		const seen: string[] = [];
		bus.subscribe(() => seen.push("a"), { owner: "ext-a" });
		bus.subscribe(() => seen.push("b"), { owner: "ext-b" });

		bus.removeOwner("ext-a");
		bus.publish(started);

		expect(seen).toEqual(["b"]);
	});

	it("reports a throwing listener with its owner and still delivers to the rest", () => {
		const failures: Array<[string, string | undefined]> = [];
		const bus = new ActivityBus((error, owner) => failures.push([(error as Error).message, owner]));
		const seen: string[] = [];
		bus.subscribe(
			() => {
				throw new Error("boom");
			},
			{ owner: "ext-a" },
		);
		bus.subscribe((e) => seen.push(e.type));

		bus.publish(started);

		expect(failures).toEqual([["boom", "ext-a"]]);
		expect(seen).toEqual(["task_started"]);
	});

	it("refuses a listener that is not a function with an error saying what it needs", () => {
		expect(() => new ActivityBus().subscribe(undefined as never)).toThrow(/needs a listener function/);
	});
});
