/** Owner-tagged timers: they fire, stop per owner, and route errors to the error callback. */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Timers } from "./timers.js";

describe("Timers", () => {
	beforeEach(() => {
		vi.useFakeTimers();
	});
	afterEach(() => {
		vi.useRealTimers();
	});

	it("fires a deferred callback once and then forgets it", () => {
		const timers = new Timers();
		const fn = vi.fn();
		timers.defer("a", 100, fn);
		expect(timers.count("a")).toEqual({ defer: 1, interval: 0 });

		vi.advanceTimersByTime(99);
		expect(fn).not.toHaveBeenCalled();
		vi.advanceTimersByTime(1);
		vi.advanceTimersByTime(1000);

		expect(fn).toHaveBeenCalledTimes(1);
		expect(timers.count("a")).toEqual({ defer: 0, interval: 0 });
	});

	it("fires an interval repeatedly until stopped", () => {
		const timers = new Timers();
		const fn = vi.fn();
		const handle = timers.interval("a", 10, fn);

		vi.advanceTimersByTime(30);
		expect(fn).toHaveBeenCalledTimes(3);

		handle.stop();
		vi.advanceTimersByTime(100);
		expect(fn).toHaveBeenCalledTimes(3);
		expect(timers.count("a").interval).toBe(0);
	});

	it("treats a zero interval as the shortest positive one instead of spinning", () => {
		const timers = new Timers();
		const fn = vi.fn();
		timers.interval("a", 0, fn);

		vi.advanceTimersByTime(3);

		expect(fn).toHaveBeenCalledTimes(3);
	});

	it("a stopped deferred callback never fires", () => {
		const timers = new Timers();
		const fn = vi.fn();
		const handle = timers.defer("a", 10, fn);

		handle.stop();
		vi.advanceTimersByTime(100);

		expect(fn).not.toHaveBeenCalled();
	});

	it("stopOwner stops every timer of that owner only and says how many", () => {
		const timers = new Timers();
		const a = vi.fn();
		const b = vi.fn();
		timers.defer("a", 10, a);
		timers.interval("a", 10, a);
		timers.interval("b", 10, b);

		expect(timers.stopOwner("a")).toBe(2);
		vi.advanceTimersByTime(20);

		expect(a).not.toHaveBeenCalled();
		expect(b).toHaveBeenCalledTimes(2);
		expect(timers.count("a")).toEqual({ defer: 0, interval: 0 });
		expect(timers.count("b")).toEqual({ defer: 0, interval: 1 });
	});

	it("sends thrown errors and rejections to the error callback with the owner", async () => {
		const errors: Array<[string, unknown]> = [];
		const timers = new Timers((owner, error) => errors.push([owner, error]));
		const thrown = new Error("sync");
		const rejected = new Error("async");
		timers.defer("a", 1, () => {
			throw thrown;
		});
		timers.defer("b", 1, () => Promise.reject(rejected));

		await vi.advanceTimersByTimeAsync(1);

		expect(errors).toEqual([
			["a", thrown],
			["b", rejected],
		]);
	});

	it("keeps an interval running after its callback throws", () => {
		const errors: unknown[] = [];
		const timers = new Timers((_owner, error) => errors.push(error));
		timers.interval("a", 10, () => {
			throw new Error("again");
		});

		vi.advanceTimersByTime(30);

		expect(errors).toHaveLength(3);
	});

	it("refuses a delay no timer can hold instead of firing it after 1 ms", () => {
		const timers = new Timers();
		const fn = vi.fn();
		expect(() => timers.defer("a", 2 ** 31, fn)).toThrow(
			/delay must be a number of milliseconds from 0 to 2147483647/,
		);
		expect(() => timers.interval("a", Number.NaN, fn)).toThrow(RangeError);

		vi.advanceTimersByTime(10);

		expect(fn).not.toHaveBeenCalled();
		expect(timers.count("a")).toEqual({ defer: 0, interval: 0 });
	});

	it("gives each timer a distinct id", () => {
		const timers = new Timers();
		const ids = [timers.defer("a", 1, () => {}).id, timers.interval("a", 1, () => {}).id];
		expect(new Set(ids).size).toBe(2);
	});
});
