import { describe, expect, it } from "vitest";
import { MissCounter } from "./miss-counter.js";

describe("missed reply deadlines", () => {
	it("trips on the breakAfter-th miss in a row, naming the last request, and counts afresh after", () => {
		const trips: string[] = [];
		const misses = new MissCounter(3, (reason) => trips.push(reason));
		misses.missed('tool "a"');
		misses.missed('tool "b"');
		expect(misses.count).toBe(2);
		expect(trips).toEqual([]);
		misses.missed("tool_call intercept");
		expect(trips).toEqual(["it missed its reply deadline 3 times in a row (last: tool_call intercept)"]);
		expect(misses.count).toBe(0);
	});

	it("starts over when a reply comes in time", () => {
		const trips: string[] = [];
		const misses = new MissCounter(2, (reason) => trips.push(reason));
		misses.missed('tool "a"');
		misses.answered();
		misses.missed('tool "a"');
		expect(trips).toEqual([]);
		expect(misses.count).toBe(1);
	});

	it("never trips with breakAfter 0", () => {
		const trips: string[] = [];
		const misses = new MissCounter(0, (reason) => trips.push(reason));
		for (let i = 0; i < 10; i++) misses.missed('tool "a"');
		expect(trips).toEqual([]);
	});
});
