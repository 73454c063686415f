import { describe, expect, it } from "vitest";
import type { ModelInfo } from "../../kernel/provider.js";
import { compactionPolicy } from "./policy.js";

const model = (contextWindow: number, maxOutput: number, contextWindowUnknown?: boolean): ModelInfo => ({
	id: "m",
	provider: "p",
	api: "scripted",
	contextWindow,
	maxOutput,
	contextWindowUnknown,
	cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 },
});

describe("compactionPolicy", () => {
	it("fires at the window minus the model's max output, capped at 16,384, and keeps 20,000 tokens", () => {
		const policy = compactionPolicy();
		expect(policy.threshold(model(200_000, 8_192))).toBe(191_808);
		expect(policy.threshold(model(200_000, 64_000))).toBe(200_000 - 16_384);
		expect(policy.keepRecentTokens(model(200_000, 8_192))).toBe(20_000);
		expect(policy.overflowRecovery).toBe(true);
	});

	it("uses the settings, within what a small window allows", () => {
		const policy = compactionPolicy({ reserveTokens: 5_000, keepRecentTokens: 4_000 });
		expect(policy.threshold(model(100_000, 8_192))).toBe(95_000);
		expect(policy.threshold(model(6_000, 1_000))).toBe(3_000);
		expect(policy.keepRecentTokens(model(6_000, 1_000))).toBe(1_500);
	});

	it("switches off: enabled false stops both, overflowRecovery false only the retry", () => {
		const off = compactionPolicy({ enabled: false });
		expect(off.threshold(model(100_000, 1_000))).toBeUndefined();
		expect(off.overflowRecovery).toBe(false);
		const noRetry = compactionPolicy({ overflowRecovery: false });
		expect(noRetry.threshold(model(100_000, 1_000))).toBe(99_000);
		expect(noRetry.overflowRecovery).toBe(false);
	});

	it("never fires before a request when the window is only assumed", () => {
		expect(compactionPolicy().threshold(model(128_000, 8_192, true))).toBeUndefined();
	});
});
