import { describe, expect, it } from "vitest";
import { DEFAULT_WORKING_INTERVAL_MS, WorkingLook } from "./working-look.js";

describe("WorkingLook", () => {
	it("is weft's spinner until an indicator is set, and again once it is cleared", () => {
		const look = new WorkingLook();
		expect(look.frame(3)).toBeUndefined();
		look.setIndicator({ frames: ["a", "b"], intervalMs: 120 });
		expect([look.frame(0), look.frame(1), look.frame(2)]).toEqual(["a", "b", "a"]);
		expect(look.intervalMs).toBe(120);
		look.setIndicator(undefined);
		expect(look.frame(1)).toBeUndefined();
		expect(look.intervalMs).toBe(DEFAULT_WORKING_INTERVAL_MS);
	});

	it("draws no frame for an empty list, and keeps the interval sane", () => {
		const look = new WorkingLook();
		look.setIndicator({ frames: [], intervalMs: 1 });
		expect(look.frame(5)).toBe("");
		expect(look.intervalMs).toBe(16);
		look.setIndicator({ frames: ["x"], intervalMs: Number.NaN });
		expect(look.intervalMs).toBe(DEFAULT_WORKING_INTERVAL_MS);
	});

	it("names what it needs when given something that is not an indicator", () => {
		expect(() => new WorkingLook().setIndicator({ frames: "●" } as never)).toThrow(/frames: string\[\]/);
	});
});
