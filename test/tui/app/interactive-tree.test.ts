/**
 * `/tree` in the interactive UI at 80×24: the session tree with both
 * branches and the current one marked, going back to an earlier user
 * message (its text comes back to the composer), the next request holding
 * only the chosen branch, and the session resumed later going on there.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { RecordedRequest } from "../../../src/testing/mock-llm/index.js";
import { type Harness, idle, startInteractive } from "../../support/tui-harness.js";

let h: Harness | undefined;
afterEach(async () => {
	await h?.dispose();
	h = undefined;
});

/** The user and assistant texts of a request, in order. */
function said(request: RecordedRequest | undefined): string[] {
	const messages = (request?.body.messages ?? []) as Array<{ role: string; content: unknown }>;
	return messages
		.filter((m) => m.role === "user" || m.role === "assistant")
		.map((m) =>
			typeof m.content === "string"
				? m.content
				: (m.content as Array<{ type: string; text?: string }>).map((p) => p.text ?? "").join(""),
		);
}

async function send(harness: Harness, text: string, answer: string): Promise<void> {
	harness.type(text);
	harness.press("enter");
	await harness.waitForAll(answer);
	await harness.waitFor(idle);
}

describe("/tree", () => {
	it("shows both branches, goes back to an earlier message, and the model and a resume see only that branch", async () => {
		h = await startInteractive({
			script: [
				{ text: "answer one" },
				{ text: "answer two" },
				{ text: "answer three" },
				{ text: "answer four" },
				{ text: "answer five" },
			],
		});
		const harness = h;
		await harness.waitFor("mock-model");
		await send(harness, "first question", "answer one");
		await send(harness, "second question", "answer two");

		// Back before "second question" (the current node is highlighted at the start): a first branch.
		harness.type("/tree");
		harness.press("enter");
		const first = await harness.waitFor("Session tree");
		expect(first.join("\n")).toMatch(/› ● second question .*here/);
		harness.press("enter");
		await harness.waitFor("Summarise the branch you leave?");
		harness.press("enter");
		await harness.waitFor(/^> second question/m);
		harness.press("ctrl+u");
		await send(harness, "other question", "answer three");

		harness.type("/tree");
		harness.press("enter");
		const tree = await harness.waitFor("Session tree");
		// Rows of the dialog (inside its border), not of the transcript behind it.
		const row = (text: string) => tree.find((l) => l.startsWith("│") && l.includes(text)) ?? "";
		expect(row("first question")).not.toMatch(/[├└]/);
		expect(row("second question")).toContain("├─");
		expect(row("other question")).toContain("└─");
		expect(row("other question")).toMatch(/● other question .*here/);
		expect(row("second question")).not.toContain("here");

		// Up to the first branch's message; typing filters the list on the way.
		harness.type("second");
		await harness.waitFor("1/3");
		harness.press("enter");
		await harness.waitFor("Summarise the branch you leave?");
		harness.press("enter");
		await harness.waitFor(/^> second question/m);
		harness.type(", again");
		harness.press("enter");
		await harness.waitForAll("answer four");
		await harness.waitFor(idle);
		expect(said(harness.requests().at(-1))).toEqual([
			"first question",
			"answer one",
			"second question, again",
		]);

		// Another session, then this one resumed: it goes on from the branch last used.
		harness.type("/new");
		harness.press("enter");
		await harness.waitForAll("Started a new session");
		harness.type("/resume");
		harness.press("enter");
		await harness.waitFor("Resume which session?");
		harness.press("enter");
		await harness.waitForAll("Resumed");
		await send(harness, "go on", "answer five");
		expect(said(harness.requests().at(-1))).toEqual([
			"first question",
			"answer one",
			"second question, again",
			"answer four",
			"go on",
		]);
	});
});
