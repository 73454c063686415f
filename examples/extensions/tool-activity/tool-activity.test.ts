import { afterEach, describe, expect, it } from "vitest";
import { type ExtensionRun, runExtensions } from "weft/testing";
import toolActivity, { drawActivity, summary } from "./index.js";

const runs: ExtensionRun[] = [];
afterEach(async () => {
	for (const run of runs.splice(0)) await run.dispose();
});

describe("tool-activity", () => {
	it("draws a titled box with one span per tool, counts included", () => {
		const ops = drawActivity(
			new Map([
				["read", 2],
				["bash", 1],
			]),
			40,
		);
		expect(ops[0]).toMatchObject({ op: "box", width: 40, height: 3, title: "tools" });
		const spans = ops[1].op === "spans" ? ops[1].spans.map((s) => s.text).join("") : "";
		expect(spans).toBe("read ×2 · bash ×1");
	});

	it("says so when no tool has been called", () => {
		const ops = drawActivity(new Map(), 30);
		expect(ops[1]).toMatchObject({ op: "spans", spans: [{ text: "no tool calls yet" }] });
	});

	it("falls back to a status segment without the terminal UI, counting each tool call", async () => {
		const run = await runExtensions({
			extensions: [{ name: "tool-activity", extension: toolActivity }],
			script: [
				{ toolCalls: [{ name: "ls", args: {} }] },
				{ toolCalls: [{ name: "ls", args: {} }] },
				{ text: "done" },
			],
			prompts: ["look around"],
		});
		runs.push(run);
		expect(run.ui.statuses.get("tool-activity")).toBe(summary(new Map([["ls", 2]])));
	});
});
