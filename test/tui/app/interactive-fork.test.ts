/**
 * `/fork` in the terminal UI: the user picks one of the branch's messages,
 * the chat moves to a new session holding what came before it, and the
 * message waits in the composer to be edited and sent.
 */
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { SessionStore } from "../../../src/agent/session-store.js";
import { type Harness, idle, startInteractive, userTexts } from "../../support/tui-harness.js";

let h: Harness | undefined;
afterEach(async () => {
	await h?.dispose();
	h = undefined;
});

async function say(harness: Harness, text: string, answer: string): Promise<void> {
	harness.type(text);
	harness.press("enter");
	await harness.waitFor((lines) => lines.some((l) => l.includes(answer)) && idle(lines));
}

describe("/fork", () => {
	it("forks before the picked message and puts it in the composer", async () => {
		h = await startInteractive({
			script: [{ text: "answer one" }, { text: "answer two" }, { text: "forked reply" }],
		});
		await h.waitFor("mock-model");
		await say(h, "first question", "answer one");
		await say(h, "second question", "answer two");
		const [original] = SessionStore.list({ home: h.home, cwd: h.cwd });
		const before = readFileSync(original.file, "utf8");

		h.type("/fork");
		await h.waitFor("Start a new session from an earlier message");
		h.press("enter");
		const dialog = await h.waitFor("Fork from which message?");
		// Newest first, each with its age.
		const title = dialog.findIndex((l) => l.includes("Fork from which message?"));
		const items = dialog.slice(title);
		const first = items.findIndex((l) => l.includes("second question"));
		expect(items[first]).toMatch(/› second question/);
		expect(items.findIndex((l) => l.includes("first question"))).toBeGreaterThan(first);
		expect(items.some((l) => l.includes("just now"))).toBe(true);

		h.press("enter");
		const forked = await h.waitFor((lines) => lines.some((l) => l.includes("Forked into session")));
		expect(forked.some((l) => l.startsWith("> second question"))).toBe(true);
		expect(forked.some((l) => l.includes("Fork from which message?"))).toBe(false);

		// Edited and sent: the model sees the history before the fork point, not the answer after it.
		h.type(" again");
		h.press("enter");
		await h.waitFor((lines) => lines.some((l) => l.includes("forked reply")) && idle(lines));
		expect(userTexts(h, 2)).toEqual(["first question", "second question again"]);
		expect(JSON.stringify(h.requests()[2].body)).not.toContain("answer two");

		const sessions = SessionStore.list({ home: h.home, cwd: h.cwd });
		expect(sessions).toHaveLength(2);
		expect(readFileSync(original.file, "utf8")).toBe(before);
		const fork = sessions.find((s) => s.file !== original.file)!;
		expect(SessionStore.open(fork.file, { persist: false }).header.parentSession).toBe(original.file);
	});
});
