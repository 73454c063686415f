import { afterEach, describe, expect, it } from "vitest";
import { type ExtensionRun, runExtensions } from "weft/testing";
import turnRateLimit from "./index.js";

const runs: ExtensionRun[] = [];
afterEach(async () => {
	for (const run of runs.splice(0)) await run.dispose();
});

/** A model that keeps asking for `ls`, `turns` times, then answers. */
const looping = (turns: number) => [
	...Array.from({ length: turns }, () => ({ toolCalls: [{ name: "ls", args: {} }] })),
	{ text: "finally done" },
];

async function start(options: { flags?: Record<string, string>; turns: number; prompts?: string[] }) {
	const run = await runExtensions({
		extensions: [{ name: "turn-rate-limit", extension: turnRateLimit }],
		script: looping(options.turns),
		prompts: options.prompts ?? ["go"],
		flags: options.flags,
	});
	runs.push(run);
	return run;
}

describe("turn-rate-limit", () => {
	it("ends the run before the model call over the limit, with the reason", async () => {
		const run = await start({ flags: { "max-turns": "2" }, turns: 5 });
		expect(run.requests).toHaveLength(2);
		expect(run.result).toMatchObject({
			reason: "blocked",
			error: "stopped after 2 model call(s) for one prompt (--max-turns 2); send another prompt to continue",
		});
		expect(run.eventsOf("turn_start").at(-1)).toMatchObject({ step: 3, outcomeOwner: "turn-rate-limit" });
	});

	it("counts afresh for every prompt", async () => {
		const run = await start({ flags: { "max-turns": "2" }, turns: 3, prompts: ["first", "second"] });
		expect(run.results.map((r) => r.reason)).toEqual(["blocked", "completed"]);
		expect(run.output).toBe("finally done");
	});

	it("lets a run within the limit finish", async () => {
		const run = await start({ turns: 3 });
		expect(run.result).toMatchObject({ reason: "completed", response: "finally done" });
		expect(run.requests).toHaveLength(4);
	});

	it("warns once about a limit that is not a number and uses the default", async () => {
		const run = await start({ flags: { "max-turns": "lots" }, turns: 2 });
		expect(run.result?.reason).toBe("completed");
		expect(run.notifications).toEqual([
			{
				extension: "turn-rate-limit",
				level: "warning",
				message: '--max-turns must be a whole number above 0 (got "lots"); using 10',
			},
		]);
	});
});
