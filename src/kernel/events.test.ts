/** The event catalog's own consistency: every event has a spec whose parts fit its fold kind. */
import { describe, expect, it } from "vitest";
import { EVENT_NAMES, EVENTS, isEventName } from "./events.js";

describe("the event catalog", () => {
	it("names every event in snake_case with a description", () => {
		expect(EVENT_NAMES.length).toBeGreaterThan(0);
		for (const name of EVENT_NAMES) {
			expect(name).toMatch(/^[a-z]+(_[a-z]+)*$/);
			expect(EVENTS[name].description.length, name).toBeGreaterThan(0);
		}
	});

	it("gives observe events no way to rewrite or end dispatch", () => {
		for (const name of EVENT_NAMES) {
			const spec = EVENTS[name];
			if (spec.kind !== "observe") continue;
			expect(spec.apply, name).toBeUndefined();
			expect(spec.isTerminal, name).toBeUndefined();
			expect(spec.failClosed, name).toBeUndefined();
		}
	});

	it("gives chain events an apply and no terminal results", () => {
		for (const name of EVENT_NAMES) {
			const spec = EVENTS[name];
			if (spec.kind !== "chain") continue;
			expect(spec.apply, name).toBeTypeOf("function");
			expect(spec.isTerminal, name).toBeUndefined();
		}
	});

	it("gives every gate event except key (which ends via consume) a terminal test", () => {
		const gates = EVENT_NAMES.filter((name) => EVENTS[name].kind === "gate");
		expect(gates).toContain("tool_call");
		for (const name of gates) {
			if (name === "key") continue;
			expect(EVENTS[name].isTerminal, name).toBeTypeOf("function");
		}
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
