/**
 * Taking queued messages back in the real interactive mode: Esc stops the
 * run and puts what was queued for it back in the composer (never sent
 * later), and Alt+Up pulls the last queued message back to edit while the
 * agent keeps working.
 */
import { afterEach, describe, expect, it } from "vitest";
import { type Harness, idle, startInteractive, userTexts } from "../../support/tui-harness.js";

let h: Harness | undefined;
afterEach(async () => {
	await h?.dispose();
	h = undefined;
});

const ALT_UP = "\x1b[1;3A";

describe("queued messages taken back", () => {
	it("Esc puts them back in the composer, in order, and they are never sent", async () => {
		h = await startInteractive({
			script: [{ text: "partial words and then a stall", stallAfterChunks: 2 }, { text: "the next answer" }],
		});
		await h.waitFor("mock-model");
		h.type("a question that stalls");
		h.press("enter");
		await h.waitFor((rows) => rows.join("\n").includes("partial") && rows.some((l) => l.includes("Working")));
		h.type("steer this way");
		h.press("enter");
		h.type("and then this");
		h.press("alt+enter");
		await h.waitFor("↳ follow-up and then this");

		h.press("escape");
		const stopped = await h.waitFor(
			(rows) => idle(rows) && rows.some((l) => l.startsWith("> steer this way")),
		);
		expect(stopped.join("\n")).not.toContain("↳");
		const composer = stopped.findIndex((l) => l.startsWith("> steer this way"));
		expect(stopped.slice(composer, composer + 4).join("\n")).toContain("and then this");

		// Sending the composer sends the edited text once, and nothing queued follows it.
		h.press("enter");
		await h.waitForAll("the next answer");
		await h.waitFor(idle);
		expect(h.requests()).toHaveLength(2);
		const sent = userTexts(h, 1);
		expect(sent.at(-1)).toBe("steer this way\n\nand then this");
		expect(sent.filter((t) => t.includes("steer this way"))).toHaveLength(1);
	});

	it("Alt+Up takes the last queued message back to edit; the others stay queued", async () => {
		h = await startInteractive({
			script: [
				{ text: "one two three four five six seven eight nine ten eleven twelve", delayMs: 150 },
				{ text: "answer to both" },
			],
		});
		await h.waitFor("mock-model");
		h.type("a slow question");
		h.press("enter");
		await h.waitFor("Working");
		h.type("keep this");
		h.press("alt+enter");
		h.type("fix this");
		h.press("alt+enter");
		await h.waitFor("↳ follow-up fix this");

		h.type(ALT_UP);
		const editing = await h.waitFor((rows) => rows.some((l) => l.startsWith("> fix this")));
		expect(editing.join("\n")).toContain("↳ follow-up keep this");
		expect(editing.join("\n")).not.toContain("↳ follow-up fix this");

		h.type(" now");
		h.press("alt+enter");
		await h.waitForAll("answer to both");
		await h.waitFor(idle);
		expect(h.requests()).toHaveLength(2);
		expect(userTexts(h, 1)).toEqual(["a slow question", "keep this", "fix this now"]);
	});
});
