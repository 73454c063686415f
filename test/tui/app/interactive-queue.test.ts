/**
 * Typing while the agent works, and stopping it, in the real interactive
 * mode: Enter queues a steer and Alt+Enter a follow-up, both shown as queued
 * until they are delivered into the transcript; Esc aborts a stalled stream
 * and the chat is usable again.
 */
import { afterEach, describe, expect, it } from "vitest";
import { type Harness, idle, startInteractive, userTexts } from "../../support/tui-harness.js";

let h: Harness | undefined;
afterEach(async () => {
	await h?.dispose();
	h = undefined;
});

describe("messages typed while the agent works", () => {
	it("are shown as queued (steer, follow-up) and later appear in the transcript", async () => {
		h = await startInteractive({
			script: [
				{ text: "one two three four five six seven eight nine ten eleven twelve", delayMs: 150 },
				{ text: "answer to the steer" },
				{ text: "answer to the follow-up" },
			],
		});
		await h.waitFor("mock-model");
		h.type("a slow question");
		h.press("enter");
		await h.waitFor("Working");
		h.type("steer this way");
		h.press("enter");
		h.type("and then this");
		h.press("alt+enter");
		const queued = await h.waitFor("↳ follow-up and then this");
		expect(queued.join("\n")).toContain("↳ steer steer this way");
		expect(queued.find((l) => l.includes("Working"))).toContain("2 queued");
		// The queue is drawn above the composer, which is empty again.
		const composer = queued.findIndex((l) => l.startsWith("> Ask anything"));
		expect(composer).toBeGreaterThan(queued.findIndex((l) => l.includes("↳ follow-up")));

		const all = await h.waitForAll("answer to the follow-up");
		const order = [
			"❯ a slow question",
			"twelve",
			"❯ steer this way",
			"answer to the steer",
			"❯ and then this",
		].map((t) => all.findIndex((l) => l.includes(t)));
		expect(order.every((i) => i >= 0)).toBe(true);
		expect(order).toEqual([...order].sort((a, b) => a - b));
		const screen = await h.waitFor(idle);
		expect(screen.join("\n")).not.toContain("↳");
		expect(userTexts(h, 2)).toEqual(["a slow question", "steer this way", "and then this"]);
	});

	it("Escape aborts a stalled stream, and the next prompt works", async () => {
		h = await startInteractive({
			script: [
				{ text: "a first answer" },
				{ text: "partial words and then a stall", stallAfterChunks: 2 },
				{ text: "fresh answer" },
			],
		});
		await h.waitFor("mock-model");
		h.type("warm up");
		h.press("enter");
		await h.waitForAll("a first answer");
		const context = (rows: string[]) => rows.find((l) => l.includes("mock-model"))?.split(" · ")[1];
		const before = context(await h.waitFor(idle));
		expect(before).toMatch(/^[1-9][\d.]*k?\/32\.8k \(\d+%\)$/);

		h.type("this will stall");
		h.press("enter");
		await h.waitFor((rows) => rows.join("\n").includes("partial") && rows.some((l) => l.includes("Working")));
		h.press("escape");
		const aborted = await h.waitFor(idle);
		expect(aborted.join("\n")).toContain("partial");
		await h.waitForAll("Aborted");
		// The aborted turn reported no usage: the context shown is still the last one measured.
		expect(context(aborted)).toBe(before);

		h.type("try again");
		h.press("enter");
		await h.waitForAll("fresh answer");
		expect(h.requests()).toHaveLength(3);
		expect(userTexts(h, 2)).toContain("try again");
	});
});
