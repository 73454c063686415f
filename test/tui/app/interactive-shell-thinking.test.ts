/**
 * Everyday input in the real interactive mode: `!cmd` runs a shell command
 * as the user (through tool_call interception) and adds it to the context,
 * `!!cmd` runs it without; Shift+Tab and `/thinking` set the thinking level,
 * shown in the status line and sent with the next request; `/new` leaves a
 * clean view.
 */
import { afterEach, describe, expect, it } from "vitest";
import { type Harness, idle, startInteractive, userTexts } from "../../support/tui-harness.js";

let h: Harness | undefined;
afterEach(async () => {
	await h?.dispose();
	h = undefined;
});

describe("shell commands typed by the user", () => {
	it("!cmd runs and its output joins the context; !!cmd runs without it", async () => {
		h = await startInteractive({ script: [{ text: "seen it" }] });
		await h.waitFor("mock-model");
		h.type("!echo shared-$((40+2))");
		h.press("enter");
		await h.waitForAll("shared-42");
		h.type("!!echo private-$((50+5))");
		h.press("enter");
		await h.waitForAll("private-55");
		await h.waitFor("not added to the context");

		h.type("what did I run?");
		h.press("enter");
		await h.waitForAll("seen it");
		const sent = userTexts(h, 0);
		expect(sent).toHaveLength(2);
		expect(sent[0]).toContain("$ echo shared-$((40+2))");
		expect(sent[0]).toContain("shared-42");
		expect(sent.join("\n")).not.toContain("private");
		expect(sent[1]).toBe("what did I run?");
	});

	it("goes through tool_call handlers with source user, which may block it", async () => {
		h = await startInteractive({
			script: [{ text: "unused" }],
			files: {
				"guard.mjs": `export default function (weft) {
	weft.on("tool_call", (event) => {
		if (event.source === "user" && event.args.command.includes("forbidden")) {
			return { block: true, reason: "user commands may not say forbidden" };
		}
	});
}
`,
			},
			extensions: ["guard.mjs"],
		});
		await h.waitFor("mock-model");
		h.type("!echo forbidden-word");
		h.press("enter");
		await h.waitForAll("user commands may not say forbidden");
		expect(h.requests()).toHaveLength(0);
	});

	it("Esc stops a shell command that is still running", async () => {
		h = await startInteractive({ script: [{ text: "unused" }] });
		await h.waitFor("mock-model");
		h.type("!!sleep 30");
		h.press("enter");
		await h.waitFor("$ sleep 30");
		h.press("escape");
		await h.waitForAll(/Aborted|aborted/);
		expect(h.requests()).toHaveLength(0);
	});
});

describe("the thinking level", () => {
	it("Shift+Tab cycles it and /thinking sets it; the status line and the request follow", async () => {
		h = await startInteractive({
			script: [{ text: "thought about it" }],
			// The project file merges into the mock provider: the same model, one that reasons.
			files: {
				".weft/settings.json": JSON.stringify({
					providers: { mock: { models: [{ id: "mock-model", contextWindow: 32768, reasoning: true }] } },
				}),
			},
		});
		await h.waitFor("mock-model");
		h.press("shift+tab");
		await h.waitFor((rows) => rows.some((l) => l.includes("mock-model") && l.includes("thinking low")));
		h.type("/thinking high");
		h.press("enter");
		await h.waitFor((rows) => rows.some((l) => l.includes("mock-model") && l.includes("thinking high")));
		h.type("/thinking lots");
		h.press("enter");
		await h.waitFor('unknown level "lots"');

		h.type("think hard");
		h.press("enter");
		await h.waitForAll("thought about it");
		expect(h.requests()[0].body.reasoning_effort).toBe("high");
	});
});

describe("/new", () => {
	it("marks where the old conversation ends and resets the context meter", async () => {
		h = await startInteractive({ script: [{ text: "an old answer" }] });
		await h.waitFor("mock-model");
		h.type("an old question");
		h.press("enter");
		await h.waitForAll("an old answer");
		await h.waitFor(
			(rows) => idle(rows) && rows.some((l) => /mock-model.*\(\d+%\)/.test(l) && !l.includes("(0%)")),
		);

		h.type("/new");
		h.press("enter");
		const all = await h.waitForAll("new session: the model sees nothing above");
		const boundary = all.findIndex((l) => l.includes("new session: the model sees nothing above"));
		expect(all.findIndex((l) => l.includes("an old answer"))).toBeLessThan(boundary);
		const screen = await h.waitFor((rows) => rows.some((l) => l.includes("mock-model")));
		const status = screen.find((l) => l.includes("mock-model"))!;
		expect(status).not.toMatch(/[1-9][\d.]*k?\/32\.8k/);
	});
});
