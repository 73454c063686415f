/**
 * Reading entry lines: a usage written before costs had their parts (a
 * bare number as `cost`) loads as that total, so sums over old and new
 * answers add up; one written before `totalTokens` gets the counts' sum.
 */
import { describe, expect, it } from "vitest";
import { parseEntry } from "./session-entries.js";

describe("parseEntry", () => {
	it("an answer written before costs had parts loads with its cost as the total", () => {
		const line = JSON.stringify({
			type: "message",
			id: "a1",
			parentId: null,
			timestamp: "2026-01-01T00:00:00.000Z",
			message: {
				role: "assistant",
				content: [{ type: "text", text: "hi" }],
				provider: "p",
				model: "m",
				usage: { input: 1, output: 2, cacheRead: 0, cacheWrite: 0, cost: 0.25 },
				stopReason: "end",
				timestamp: 1,
			},
		});
		const entry = parseEntry(line);
		expect(entry).toMatchObject({ message: { usage: { cost: { total: 0.25, input: 0 } } } });
	});

	it("an answer written before usage had totalTokens loads with the four counts summed", () => {
		const cost = { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, total: 0.5 };
		const line = JSON.stringify({
			type: "message",
			id: "a2",
			parentId: null,
			timestamp: "2026-01-01T00:00:00.000Z",
			message: {
				role: "assistant",
				content: [{ type: "text", text: "hi" }],
				provider: "p",
				model: "m",
				usage: { input: 10, output: 2, cacheRead: 5, cacheWrite: 1, cost },
				stopReason: "end",
				timestamp: 1,
			},
		});
		expect(parseEntry(line)).toMatchObject({ message: { usage: { totalTokens: 18, cost } } });
	});
});
