/**
 * Moving in the session tree through AgentSession.navigateTo: where the leaf
 * goes, what the next request holds, the branch summary (from the model or
 * an extension), and the session_before_tree gate cancelling.
 */
import { rmSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { createScriptedSession } from "../../test/support/scripted-session.js";
import { type Message, textOf } from "../kernel/messages.js";
import { scriptedProvider } from "../testing/scripted-provider.js";
import type { SessionEntry } from "./session-entries.js";
import type { SessionEvent } from "./session-events.js";
import { planNavigation } from "./session-navigation.js";
import { SessionStore } from "./session-store.js";

const dirs: string[] = [];
afterEach(() => {
	for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const text = (message: Message): string =>
	typeof message.content === "string" ? message.content : textOf(message.content);

/** A session holding two turns: "first" → "one", "second" → "two". */
async function twoTurns(extra: Array<{ text: string }> = []) {
	const provider = scriptedProvider([{ text: "one" }, { text: "two" }, ...extra], { name: "scripted" });
	const { kernel, session } = createScriptedSession({ provider, prefix: "weft-tree-", dirs });
	await session.prompt("first");
	await session.prompt("second");
	const events: SessionEvent[] = [];
	session.subscribe((event) => events.push(event));
	const entry = (pred: (e: SessionEntry) => boolean) => session.store.entries.find(pred)!;
	const userEntry = (t: string) =>
		entry(
			(e) =>
				e.type === "message" &&
				(e as { message: Message }).message.role === "user" &&
				text((e as { message: Message }).message) === t,
		);
	const answerEntry = (t: string) =>
		entry(
			(e) =>
				e.type === "message" &&
				(e as { message: Message }).message.role === "assistant" &&
				text((e as { message: Message }).message) === t,
		);
	return { provider, kernel, session, events, userEntry, answerEntry };
}

describe("AgentSession.navigateTo", () => {
	it("choosing a user message branches before it and hands its text back; the next request holds only that branch", async () => {
		const t = await twoTurns([{ text: "three" }]);
		const second = t.userEntry("second");
		const outcome = await t.session.navigateTo(second.id);
		expect(outcome).toMatchObject({ status: "moved", leafId: t.answerEntry("one").id, editorText: "second" });
		expect(t.session.messages.map(text)).toEqual(["first", "one"]);

		await t.session.prompt("second, differently");
		const sent = t.provider.requests.at(-1)!.messages.map(text);
		expect(sent).toEqual(["first", "one", "second, differently"]);
		// The old branch is still in the file and in the tree.
		expect(t.session.store.getEntry(second.id)).toBeDefined();
	});

	it("choosing any other entry continues after it", async () => {
		const t = await twoTurns();
		const one = t.answerEntry("one");
		const outcome = await t.session.navigateTo(one.id);
		expect(outcome).toMatchObject({ status: "moved", leafId: one.id });
		expect(outcome.status === "moved" && outcome.editorText).toBeUndefined();
	});

	it("publishes session_tree after the conversation was rebuilt, so subscribers can redraw it", async () => {
		const t = await twoTurns();
		let seen: string[] = [];
		t.session.subscribe((event) => {
			if (event.type === "session_tree") seen = t.session.messages.map(text);
		});
		const from = t.session.store.leafId;
		await t.session.navigateTo(t.userEntry("second").id);
		expect(seen).toEqual(["first", "one"]);
		const event = t.events.find((e) => e.type === "session_tree");
		expect(event).toMatchObject({
			targetId: t.userEntry("second").id,
			fromId: from,
			leafId: t.answerEntry("one").id,
		});
	});

	it("summarises the branch left with one model call and stores it where the new branch starts", async () => {
		const t = await twoTurns([{ text: "## Goal\nthe second question" }, { text: "four" }]);
		const left = t.session.store.leafId;
		const outcome = await t.session.navigateTo(t.userEntry("second").id, {
			summarize: { instructions: "keep the numbers" },
		});
		if (outcome.status !== "moved") throw new Error("not moved");
		const summary = t.session.store.getEntry(outcome.summaryId!)!;
		expect(summary).toMatchObject({
			type: "branch_summary",
			fromId: left,
			summary: "## Goal\nthe second question",
			parentId: t.answerEntry("one").id,
		});
		expect(outcome.leafId).toBe(summary.id);
		const request = t.provider.requests.at(-1)!;
		expect(request.tools).toEqual([]);
		const prompt = text(request.messages[0]);
		expect(prompt).toContain("second");
		expect(prompt).toContain("two");
		expect(prompt).toContain("keep the numbers");
		// Only the branch left is summarised, not what both branches share.
		expect(prompt).not.toContain("[User]\nfirst");

		await t.session.prompt("next");
		const sent = t.provider.requests.at(-1)!.messages.map(text);
		expect(sent).toHaveLength(4);
		expect(sent[2]).toContain("the second question");
		expect(sent[3]).toBe("next");
	});

	it("uses an extension's summary from session_before_tree instead of asking the model", async () => {
		const t = await twoTurns();
		const payloads: unknown[] = [];
		t.kernel.bus.on(
			"session_before_tree",
			(payload) => {
				payloads.push({
					targetId: payload.targetId,
					fromId: payload.fromId,
					summarize: payload.summarize,
					messages: payload.messages.map(text),
				});
				return { summary: "from the extension" };
			},
			{ owner: "ext" },
		);
		const requests = t.provider.requests.length;
		const outcome = await t.session.navigateTo(t.userEntry("second").id, { summarize: true });
		expect(payloads).toEqual([
			{
				targetId: t.userEntry("second").id,
				fromId: t.answerEntry("two").id,
				summarize: true,
				messages: ["second", "two"],
			},
		]);
		// The JSON stream and subscribers get a count, not the messages.
		const streamed = t.events.find((e) => e.type === "session_before_tree");
		expect(streamed).toMatchObject({ messageCount: 2, outcome: { summary: "from the extension" } });
		expect(streamed).not.toHaveProperty("messages");
		expect(outcome).toMatchObject({ status: "moved", summaryFromHook: true });
		if (outcome.status !== "moved") return;
		expect(t.session.store.getEntry(outcome.summaryId!)).toMatchObject({
			summary: "from the extension",
			fromHook: true,
		});
		expect(t.provider.requests).toHaveLength(requests);
	});

	it("an extension's cancel leaves everything as it was", async () => {
		const t = await twoTurns();
		t.kernel.bus.on("session_before_tree", () => ({ cancel: true, reason: "not now" }), { owner: "ext" });
		const leaf = t.session.store.leafId;
		const entries = t.session.store.entries.length;
		const outcome = await t.session.navigateTo(t.userEntry("first").id, { summarize: true });
		expect(outcome).toEqual({ status: "cancelled", reason: "not now" });
		expect(t.session.store.leafId).toBe(leaf);
		expect(t.session.store.entries).toHaveLength(entries);
		expect(t.session.messages.map(text)).toEqual(["first", "one", "second", "two"]);
		expect(t.events.some((e) => e.type === "session_tree")).toBe(false);
	});

	it("asks no summary when nothing is left behind", async () => {
		const t = await twoTurns();
		await t.session.navigateTo(t.answerEntry("one").id);
		const gates: boolean[] = [];
		t.kernel.bus.on("session_before_tree", (payload) => void gates.push(payload.summarize), { owner: "ext" });
		// Back to the tip of the branch just left: moving forward abandons nothing.
		const outcome = await t.session.navigateTo(t.answerEntry("two").id, { summarize: true });
		expect(gates).toEqual([false]);
		expect(outcome).toMatchObject({ status: "moved", summaryId: undefined });
		expect(t.session.messages.map(text)).toEqual(["first", "one", "second", "two"]);
	});

	it("is refused while a run is in progress", async () => {
		let release: () => void = () => {};
		const held = new Promise<void>((resolve) => {
			release = resolve;
		});
		const provider = scriptedProvider([{ text: "one" }, { text: "slow", holdUntil: () => held }]);
		const { session } = createScriptedSession({ provider, prefix: "weft-tree-", dirs });
		await session.prompt("first");
		const target = session.store.entries[0].id;
		const run = session.prompt("second");
		// The run starts once the prompt has passed its first await.
		while (session.isIdle) await new Promise((resolve) => setTimeout(resolve, 1));
		await expect(session.navigateTo(target)).rejects.toThrow(/while the agent is working/);
		release();
		await run;
	});

	it("an unknown entry is an error naming it", async () => {
		const t = await twoTurns();
		await expect(t.session.navigateTo("nope")).rejects.toThrow(/no such entry/);
	});

	it("resuming the file after a prompt on the new branch continues on that branch", async () => {
		const t = await twoTurns([{ text: "three" }]);
		await t.session.navigateTo(t.userEntry("second").id);
		await t.session.prompt("other");
		const reopened = SessionStore.open(t.session.store.file!, { persist: false });
		expect(reopened.buildContext().messages.map(text)).toEqual(["first", "one", "other", "three"]);
	});
});

describe("planNavigation", () => {
	it("names what the move leaves behind: from the common ancestor to the old leaf", async () => {
		const t = await twoTurns();
		const plan = planNavigation(t.session.store, t.userEntry("second").id);
		expect(plan.abandoned.map((e) => e.id)).toEqual([t.userEntry("second").id, t.answerEntry("two").id]);
	});
});
