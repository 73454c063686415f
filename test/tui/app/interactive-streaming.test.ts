/**
 * The real interactive mode against the mock LLM, seen through a terminal
 * emulator: a streamed markdown answer, the composer and status line, and
 * finished blocks written to the scrollback exactly once.
 */
import { afterEach, describe, expect, it } from "vitest";
import { type Harness, startInteractive } from "../../support/tui-harness.js";

const ANSWER = [
	"# Release plan",
	"",
	"Steps to ship:",
	"",
	"- bump the version",
	"- tag the commit",
	"",
	"```ts",
	"const version = bump(current);",
	"```",
	"",
	"That is all.",
].join("\n");

let h: Harness | undefined;
afterEach(async () => {
	await h?.dispose();
	h = undefined;
});

describe("a streamed answer", () => {
	it("shows the prompt, the markdown answer (heading, list, code block), the composer and the status line", async () => {
		h = await startInteractive({ script: [{ text: ANSWER, delayMs: 20 }] });
		await h.waitFor("mock-model");
		h.type("how do I release?");
		h.press("enter");

		// While it streams, part of the answer and the working indicator are on screen.
		const midway = await h.waitFor(
			(lines) => lines.some((l) => l.includes("Working")) && lines.join("\n").includes("Release"),
		);
		expect(midway.join("\n")).not.toContain("That is all.");

		const lines = await h.waitForAll("That is all.");
		const text = lines.join("\n");
		expect(text).toContain("❯ how do I release?");
		const heading = lines.findIndex((l) => l.includes("Release plan"));
		expect(heading).toBeGreaterThanOrEqual(0);
		// Markdown markers are rendered, not shown raw.
		expect(lines[heading]).not.toContain("#");
		expect(lines.some((l) => /^\s*• bump the version$/.test(l))).toBe(true);
		expect(lines.some((l) => /^\s*• tag the commit$/.test(l))).toBe(true);
		const code = lines.findIndex((l) => l.includes("const version = bump(current);"));
		expect(code).toBeGreaterThan(heading);
		expect(lines[code]).not.toContain("```");
		expect(lines[code - 1]).toContain("ts");

		const screen = await h.waitFor((rows) => !rows.some((l) => l.includes("Working")));
		expect(screen.some((l) => l.startsWith("> Ask anything"))).toBe(true);
		expect(screen.some((l) => l.startsWith("mock-model (mock)"))).toBe(true);
	});

	it("writes each finished block to the scrollback once, over several turns", async () => {
		h = await startInteractive({
			rows: 12,
			script: [
				{ text: "First answer, alpha.\n\n- item alpha" },
				{ text: "Second answer, beta.\n\n- item beta" },
				{ text: "Third answer, gamma.\n\n- item gamma" },
			],
		});
		await h.waitFor("mock-model");
		for (const [prompt, last] of [
			["question one", "item alpha"],
			["question two", "item beta"],
			["question three", "item gamma"],
		]) {
			h.type(prompt);
			h.press("enter");
			await h.waitForAll(last);
			await h.waitFor((rows) => !rows.some((l) => l.includes("Working")));
		}
		const all = await h.screen.allLines();
		for (const expected of [
			"❯ question one",
			"First answer, alpha.",
			"• item alpha",
			"❯ question two",
			"Second answer, beta.",
			"• item beta",
			"❯ question three",
			"Third answer, gamma.",
			"• item gamma",
		]) {
			expect(all.filter((l) => l.trim() === expected).length, expected).toBe(1);
		}
		// In the order they happened, and the chat (one composer, one status line) only once, at the bottom.
		const order = ["question one", "alpha.", "question two", "beta.", "question three", "gamma."].map((t) =>
			all.findIndex((l) => l.includes(t)),
		);
		expect(order).toEqual([...order].sort((a, b) => a - b));
		expect(all.filter((l) => l.startsWith("> Ask anything")).length).toBe(1);
		expect(all.filter((l) => l.startsWith("mock-model (mock)")).length).toBe(1);
		expect(all.findIndex((l) => l.startsWith("> Ask anything"))).toBeGreaterThan(order[5]);
	});
});

const LONG_ANSWER = Array.from(
	{ length: 12 },
	(_, i) => `Paragraph ${i + 1} of the long answer.\n\n- point ${i + 1}`,
).join("\n\n");

describe("a long streamed answer", () => {
	it("goes to the scrollback paragraph by paragraph while it streams, each line once", async () => {
		h = await startInteractive({ rows: 12, script: [{ text: LONG_ANSWER, deltas: 120, delayMs: 8 }] });
		await h.waitFor("mock-model");
		h.type("write a lot");
		h.press("enter");

		await h.waitFor(
			(rows) => rows.some((l) => l.includes("Working")) && rows.join("\n").includes("Paragraph 9"),
		);
		const midway = await h.screen.allLines();
		// The start is already in the scrollback, above a screen too short to hold it.
		expect(midway.filter((l) => l === "Paragraph 1 of the long answer.")).toHaveLength(1);

		await h.waitForAll("point 12");
		await h.waitFor((rows) => !rows.some((l) => l.includes("Working")));
		const all = await h.screen.allLines();
		for (let i = 1; i <= 12; i++) {
			expect(
				all.filter((l) => l === `Paragraph ${i} of the long answer.`),
				`paragraph ${i}`,
			).toHaveLength(1);
			expect(
				all.filter((l) => l === `• point ${i}`),
				`point ${i}`,
			).toHaveLength(1);
		}
		const order = Array.from({ length: 12 }, (_, i) => all.indexOf(`Paragraph ${i + 1} of the long answer.`));
		expect(order).toEqual([...order].sort((a, b) => a - b));
	});

	it("stays live until it is complete when an extension may rewrite what is displayed", async () => {
		h = await startInteractive({
			rows: 12,
			script: [{ text: LONG_ANSWER, deltas: 120, delayMs: 4 }],
			files: {
				"ext/rename.ts": `export default function (weft) {
	weft.on("assistant_message", (event) => ({ text: event.text.replaceAll("Paragraph", "Section") }));
}`,
			},
			extensions: ["ext/rename.ts"],
		});
		await h.waitFor("mock-model");
		h.type("write a lot");
		h.press("enter");
		await h.waitForAll("Section 12 of the long answer.");
		await h.waitFor((rows) => !rows.some((l) => l.includes("Working")));
		const all = await h.screen.allLines();
		expect(all.filter((l) => l.startsWith("Paragraph "))).toEqual([]);
		expect(all.filter((l) => l === "Section 1 of the long answer.")).toHaveLength(1);
	});
});
