/** The event catalog's own consistency: every event has a spec whose parts fit its fold kind (checked by the types). */
import { describe, expect, it } from "vitest";
import { EventBus } from "./event-bus.js";
import { EVENT_NAMES, EVENTS, type EventSpec, isEventName } from "./events.js";

describe("the event catalog", () => {
	it("names every event in snake_case with a description", () => {
		expect(EVENT_NAMES.length).toBeGreaterThan(0);
		for (const name of EVENT_NAMES) {
			expect(name).toMatch(/^[a-z]+(_[a-z]+)*$/);
			expect(EVENTS[name].description.length, name).toBeGreaterThan(0);
		}
	});

	it("makes a spec that does not fit its event's kind a compile error", () => {
		// `tsc` (which checks the tests) fails on each marked line without its @ts-expect-error.
		type Chain = EventSpec<"context">;
		const specs: unknown[] = [
			// @ts-expect-error an observe event cannot rewrite the payload
			{ kind: "observe", description: "x", apply: () => {} } satisfies EventSpec<"startup">,
			// @ts-expect-error an observe event cannot end dispatch
			{ kind: "observe", description: "x", isTerminal: () => true } satisfies EventSpec<"startup">,
			// @ts-expect-error an event's kind is fixed by its type
			{ kind: "gate", description: "x", isTerminal: () => true } satisfies EventSpec<"startup">,
			// @ts-expect-error a chain event needs an apply
			{ kind: "chain", description: "x" } satisfies Chain,
			// @ts-expect-error a chain event never ends dispatch
			{ kind: "chain", description: "x", apply: () => {}, isTerminal: () => true } satisfies Chain,
			// @ts-expect-error a gate whose handlers return results needs a terminal test
			{ kind: "gate", description: "x" } satisfies EventSpec<"tool_call">,
			// key's handlers return nothing: it ends through event.consume(), with no terminal test
			{ kind: "gate", description: "x" } satisfies EventSpec<"key">,
			// @ts-expect-error …and cannot be given one
			{ kind: "gate", description: "x", isTerminal: () => true } satisfies EventSpec<"key">,
		];
		const bus = new EventBus();
		// @ts-expect-error notify takes observe events only: nobody would see a gate's verdict
		bus.notify("turn_start", { step: 1 });
		bus.notify("tick", { time: 1 });

		expect(specs).toHaveLength(8);
		expect(EVENTS.key.kind).toBe("gate");
	});

	it("makes tool_call the only event that fails closed", () => {
		expect(EVENT_NAMES.filter((name) => EVENTS[name].failClosed)).toEqual(["tool_call"]);
		expect(EVENTS.tool_call.failClosed?.("guard", "boom")).toEqual({
			block: true,
			reason: expect.stringMatching(/"guard".*boom/),
		});
	});

	it("recognises catalog names and nothing inherited from Object", () => {
		expect(isEventName("tool_call")).toBe(true);
		expect(isEventName("my-ext:thing")).toBe(false);
		expect(isEventName("toString")).toBe(false);
	});
});
