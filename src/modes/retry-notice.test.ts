import { describe, expect, it } from "vitest";
import { retryNotice } from "./retry-notice.js";

describe("retryNotice", () => {
	it("says what failed, how long weft waits and which attempt of how many comes next", () => {
		expect(
			retryNotice({
				type: "retry",
				attempt: 1,
				maxRetries: 3,
				delayMs: 1500,
				error: "provider x had a server error",
			}),
		).toBe("provider x had a server error — retrying in 1.5 s (attempt 2 of 4)");
	});

	it("leaves out the total when the event does not carry it (a custom loop's retry)", () => {
		expect(retryNotice({ type: "retry", attempt: 2, delayMs: 40_000, error: "stalled" })).toBe(
			"stalled — retrying in 40 s (attempt 3)",
		);
	});
});
