/**
 * Usage and its cost by kind of token: sums add every part, and a usage
 * from outside weft's own code (an extension's ToolResult, an older session
 * file) with a bare number as `cost` is read as that total.
 */
import { describe, expect, it } from "vitest";
import { addUsage, emptyCost, emptyUsage, normalizeUsage, usageOf } from "./messages.js";

describe("usage", () => {
	it("adds every count and every part of the cost", () => {
		const step = {
			input: 10,
			output: 2,
			cacheRead: 5,
			cacheWrite: 1,
			totalTokens: 18,
			cost: { input: 0.1, output: 0.2, cacheRead: 0.01, cacheWrite: 0.02, total: 0.33 },
		};
		const sum = addUsage(addUsage(emptyUsage(), step), step);
		expect(sum).toEqual({
			input: 20,
			output: 4,
			cacheRead: 10,
			cacheWrite: 2,
			totalTokens: 36,
			cost: { input: 0.2, output: 0.4, cacheRead: 0.02, cacheWrite: 0.04, total: 0.66 },
		});
	});

	it("reads a bare number as the total, keeps given parts, and counts what is missing or not a number as 0", () => {
		expect(normalizeUsage({ input: 3, output: 4, cost: 0.5 })).toEqual({
			input: 3,
			output: 4,
			cacheRead: 0,
			cacheWrite: 0,
			totalTokens: 7,
			cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, total: 0.5 },
		});
		expect(normalizeUsage({ input: "3", cost: { output: 0.2, total: 0.2 } })).toEqual({
			...emptyUsage(),
			cost: { input: 0, output: 0.2, cacheRead: 0, cacheWrite: 0, total: 0.2 },
		});
		expect(normalizeUsage(undefined)).toEqual(emptyUsage());
	});

	it("keeps a given totalTokens and sums the counts when a usage has none (files written before weft had it)", () => {
		expect(normalizeUsage({ input: 3, output: 4, cacheRead: 2, cacheWrite: 1, cost: 0 }).totalTokens).toBe(
			10,
		);
		expect(normalizeUsage({ input: 3, output: 4, totalTokens: 9, cost: 0 }).totalTokens).toBe(9);
		expect(usageOf({ input: 1, output: 2, cacheRead: 3, cacheWrite: 4 }, emptyCost()).totalTokens).toBe(10);
	});
});
