/**
 * Compaction in the real interactive mode: /compact shows "Compacting the
 * conversation…" with the status line's spinner while the summary is made,
 * then a line saying what it saved, and the context meter drops to the
 * compacted size; with nothing to compact, it says so.
 */
import { afterEach, describe, expect, it } from "vitest";
import { type Harness, startInteractive } from "../../support/tui-harness.js";

let h: Harness | undefined;
afterEach(async () => {
	await h?.dispose();
	h = undefined;
});

/** 2,500 words: enough for the summary to save thousands of tokens by weft's estimate. */
const filler = "word ".repeat(2_500).trim();

describe("compaction in the transcript", () => {
	it("/compact shows its progress and what it saved, and the context meter follows", async () => {
		let release: () => void = () => {};
		const summaryHeld = new Promise<void>((resolve) => {
			release = resolve;
		});
		h = await startInteractive({
			settings: { compaction: { keepRecentTokens: 1 } },
			script: [
				{ text: `The parser lives in src/parse.ts. ${filler}`, usage: { input: 3_000, output: 2_500 } },
				{ text: `It uses a Pratt loop. ${filler}`, usage: { input: 6_000, output: 2_500 } },
				{ text: "Add a case to infixPower.", usage: { input: 9_000, output: 100 } },
				{ text: "SUMMARY: the user explored the parser.", holdUntil: () => summaryHeld },
			],
		});
		await h.waitFor("mock-model");
		h.type("/compact");
		h.press("enter");
		await h.waitForAll("Nothing to compact: the conversation is empty");

		for (const [prompt, answer] of [
			["where is the parser?", "src/parse.ts"],
			["how does it parse operators?", "Pratt loop"],
			["how do I add the ** operator?", "infixPower"],
		]) {
			h.type(prompt);
			h.press("enter");
			await h.waitForAll(answer);
		}
		await h.waitFor("9.1k/32.8k (28%)");

		h.type("/compact");
		h.press("enter");
		await h.waitForAll("Compacting the conversation…");
		await h.waitFor(/Compacting \d/);
		release();
		const rows = await h.waitForAll(/Compacted: [\d.]+k → \d+ tokens \(manual\)/);
		expect(rows.join("\n")).not.toMatch(/Compacting \d/);
		// The provider's count (9.1k) less what the summary replaced: two answers of 2,500 words.
		const meter = (lines: string[]) => /([\d.]+)k\/32\.8k/.exec(lines.join("\n"))?.[1];
		const after = meter(await h.waitFor((lines) => meter(lines) !== "9.1"));
		expect(Number(after)).toBeLessThan(5);
		expect(h.requests()).toHaveLength(4);
	});
});
