/**
 * Continuing a long session in the interactive UI writes one screenful of
 * it, under a line that says how much more there is, not the whole
 * conversation into the scrollback. The model still gets all of it.
 */
import { afterEach, describe, expect, it } from "vitest";
import { SessionStore } from "../../../src/agent/session-store.js";
import { emptyUsage } from "../../../src/kernel/messages.js";
import { type Harness, startInteractive } from "../../support/tui-harness.js";

let h: Harness | undefined;
afterEach(async () => {
	await h?.dispose();
	h = undefined;
});

function writeLongSession(home: string, cwd: string, turns: number): void {
	const store = SessionStore.create({ home, cwd, persist: true });
	for (let i = 0; i < turns; i++) {
		store.append({ type: "message", message: { role: "user", content: `question ${i}`, timestamp: i } });
		store.append({
			type: "message",
			message: {
				role: "assistant",
				content: [{ type: "text", text: `answer ${i}: fine` }],
				provider: "mock",
				model: "mock-model",
				usage: emptyUsage(),
				stopReason: "end",
				timestamp: i,
			},
		});
	}
}

describe("continuing a long session", () => {
	it("writes only what fits on the screen, says how much is left out, and the model sees it all", async () => {
		const bytes: number[] = [];
		h = await startInteractive({
			script: [{ text: "still here" }],
			prepare: ({ home, cwd }) => writeLongSession(home, cwd, 1000),
			continueSession: true,
		});
		await h.waitFor("mock-model");
		await h.waitForAll("answer 999");
		bytes.push(h.screen.bytesSince(0));
		const all = await h.screen.allLines();
		expect(all.some((l) => l.includes("answer 998"))).toBe(true);
		expect(all.some((l) => l.includes("question 900"))).toBe(false);
		const note = all.find((l) => l.includes("earlier blocks of this conversation not shown"));
		expect(note).toMatch(/⋯ 1,9\d\d earlier blocks/);
		// One screenful and the live region, not 2,000 blocks.
		expect(bytes[0]).toBeLessThan(8_000);

		// Made narrower, the screen is written again at the new width: still only what fits, the note once.
		const writes = h.screen.writes.length;
		await h.resize(60, 24);
		const narrow = await h.waitForAll(
			(lines) =>
				lines.some((l) => l.startsWith("⋯") && l.length <= 60) && lines.some((l) => l.includes("answer 999")),
			10_000,
		);
		expect(narrow.filter((l) => l.startsWith("⋯"))).toHaveLength(1);
		expect(narrow.some((l) => l.includes("question 900"))).toBe(false);
		expect(h.screen.bytesSince(writes)).toBeLessThan(8_000);

		h.type("and now?");
		h.press("enter");
		await h.waitForAll("still here");
		const sent = h.requests().at(-1)?.body.messages as Array<{ role: string }>;
		// The system prompt, 2,000 earlier messages and the new one.
		expect(sent.filter((m) => m.role !== "system")).toHaveLength(2001);
	});

	it("shows the turns before a compaction, marks where it happened, and sends the model the summary", async () => {
		h = await startInteractive({
			script: [{ text: "after the summary" }],
			prepare: ({ home, cwd }) => {
				const store = SessionStore.create({ home, cwd, persist: true });
				const say = (role: "user" | "assistant", text: string) =>
					store.append({
						type: "message",
						message:
							role === "user"
								? { role, content: text, timestamp: 0 }
								: {
										role,
										content: [{ type: "text", text }],
										provider: "mock",
										model: "mock-model",
										usage: emptyUsage(),
										stopReason: "end",
										timestamp: 0,
									},
					});
				say("user", "the old question");
				say("assistant", "the old answer");
				const kept = say("user", "the kept question");
				say("assistant", "the kept answer");
				store.append({
					type: "compaction",
					summary: "SUMMARY-OF-THE-OLD-TURN",
					firstKeptEntryId: kept.id,
					tokensBefore: 5_000,
					tokensAfter: 800,
					reason: "manual",
				});
			},
			continueSession: true,
		});
		const all = await h.waitForAll("Compacted here");
		const order = [
			"the old question",
			"the old answer",
			"the kept question",
			"the kept answer",
			"Compacted here",
		];
		const at = order.map((text) => all.findIndex((l) => l.includes(text)));
		expect(at.every((i) => i >= 0)).toBe(true);
		expect([...at].sort((a, b) => a - b)).toEqual(at);

		h.type("go on");
		h.press("enter");
		await h.waitForAll("after the summary");
		const sent = JSON.stringify(h.requests().at(-1)?.body.messages);
		expect(sent).toContain("SUMMARY-OF-THE-OLD-TURN");
		expect(sent).toContain("the kept question");
		expect(sent).not.toContain("the old question");
	});
});
