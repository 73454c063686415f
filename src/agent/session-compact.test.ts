/**
 * AgentSession.compact and automatic compaction on a scripted provider:
 * the summary request, the entry and the rebuilt conversation, extensions
 * supplying the summary or cancelling through the bus, threshold and
 * overflow compaction inside a run.
 */
import { rmSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { createScriptedSession, SCRIPTED_MODEL } from "../../test/support/scripted-session.js";
import { type Message, textOf } from "../kernel/messages.js";
import { type ModelInfo, ProviderError } from "../kernel/provider.js";
import { type ScriptedProviderEntry, scriptedProvider } from "../testing/scripted-provider.js";
import { COMPACTION_SUMMARY_TYPE } from "./compaction/summary-message.js";
import type { SessionEvent } from "./session-events.js";
import { SessionStore } from "./session-store.js";

const dirs: string[] = [];
afterEach(() => {
	for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const words = (n: number, tag = "w") => Array.from({ length: n }, (_, i) => `${tag}${i}`).join(" ");
const contentText = (m: Message) => (typeof m.content === "string" ? m.content : textOf(m.content));

function setup(script: ScriptedProviderEntry[], model: ModelInfo = SCRIPTED_MODEL) {
	const provider = scriptedProvider(script, { name: model.provider, model });
	const { kernel, session } = createScriptedSession({ provider, model, prefix: "weft-compact-", dirs });
	const events: SessionEvent[] = [];
	session.subscribe((event) => events.push(event));
	return { kernel, session, provider, events };
}

async function talk(session: ReturnType<typeof setup>["session"], count: number, size = 10) {
	for (let i = 0; i < count; i++) await session.prompt(`question ${i} ${words(size)}`);
}

describe("AgentSession.compact", () => {
	it("summarises the older part with one tool-less model call and keeps the recent part", async () => {
		const answers = Array.from({ length: 4 }, (_, i) => ({ text: `answer ${i}` }));
		const h = setup([...answers, { text: "## Goal\nthe summary" }]);
		await talk(h.session, 4);
		const usageBefore = h.session.usage.output;
		const outcome = await h.session.compact({ instructions: "focus on the tests" });
		// The summary request is counted in the session's usage, and kept on the entry for later totals.
		const spent = h.session.usage.output - usageBefore;
		expect(spent).toBeGreaterThan(0);
		expect(h.session.store.entries.find((e) => e.type === "compaction")).toMatchObject({
			usage: { output: spent },
		});

		expect(outcome.status).toBe("compacted");
		const request = h.provider.requests[4];
		expect(request.tools).toEqual([]);
		expect(request.messages).toHaveLength(1);
		const prompt = contentText(request.messages[0]);
		expect(prompt).toContain("question 0");
		expect(prompt).toContain("focus on the tests");
		// Everything after the first exchange fits the default budget (20,000 tokens) and is kept.
		expect(prompt).not.toContain("question 1");

		const messages = h.session.messages;
		expect(messages[0]).toMatchObject({ role: "custom", customType: COMPACTION_SUMMARY_TYPE });
		expect(contentText(messages[0])).toContain("the summary");
		expect(contentText(messages[1])).toContain("question 1");
		// The file holds the full history and the entry; reopening rebuilds the same conversation.
		const reopened = SessionStore.open(h.session.store.file!, { persist: false });
		expect(reopened.buildContext().messages).toEqual(messages);
		const entry = reopened.entries.find((e) => e.type === "compaction");
		expect(entry).toMatchObject({ summary: "## Goal\nthe summary", reason: "manual" });

		const types = h.events.map((e) => e.type);
		expect(types).toContain("compaction_start");
		expect(types.indexOf("session_before_compact")).toBeLessThan(types.indexOf("session_compact"));
		const end = h.events.find((e) => e.type === "compaction_end");
		expect(end).toMatchObject({ reason: "manual", outcome: { status: "compacted" } });
		if (outcome.status === "compacted")
			expect(entry).toMatchObject({ tokensBefore: outcome.tokensBefore, tokensAfter: outcome.tokensAfter });

		// The next prompt is sent with the compacted conversation.
		h.provider.push({ text: "after" });
		await h.session.prompt("next");
		expect(h.provider.requests[5].messages[0]).toMatchObject({ customType: COMPACTION_SUMMARY_TYPE });
	});

	it("uses an extension's summary without a model call, and says so in the entry", async () => {
		const h = setup(Array.from({ length: 3 }, () => ({ text: "ok" })));
		await talk(h.session, 3);
		let seen: { messages: Message[]; reason: string } | undefined;
		h.kernel.bus.on(
			"session_before_compact",
			(event) => {
				seen = { messages: event.messages, reason: event.reason };
				return { summary: "from the extension" };
			},
			{ owner: "ext" },
		);
		const outcome = await h.session.compact();
		expect(outcome).toMatchObject({
			status: "compacted",
			entry: { fromHook: true, summary: "from the extension" },
		});
		expect(h.provider.requests).toHaveLength(3);
		expect(seen?.reason).toBe("manual");
		expect(contentText(seen!.messages[0])).toContain("question 0");
		const compact = h.events.find((e) => e.type === "session_compact");
		expect(compact).toMatchObject({ summary: "from the extension", fromHook: true });
		// The stream carries a count, not the messages.
		expect(h.events.find((e) => e.type === "session_before_compact")).toMatchObject({ messageCount: 2 });
	});

	it("an extension's cancel leaves the session as it was", async () => {
		const h = setup(Array.from({ length: 3 }, () => ({ text: "ok" })));
		await talk(h.session, 3);
		const before = [...h.session.messages];
		const entries = h.session.store.entries.length;
		h.kernel.bus.on("session_before_compact", () => ({ cancel: true, reason: "not now" }), { owner: "ext" });
		expect(await h.session.compact()).toEqual({ status: "cancelled", reason: "not now" });
		expect(h.session.messages).toEqual(before);
		expect(h.session.store.entries).toHaveLength(entries);
	});

	it("has nothing to do for a single exchange, and reports a failed summary without changing anything", async () => {
		const h = setup([{ text: "ok" }]);
		await talk(h.session, 1);
		expect(await h.session.compact()).toMatchObject({ status: "nothing" });
		h.provider.push({ text: "ok" }, { text: "ok" }, { error: { status: 500, message: "down" } });
		await talk(h.session, 2);
		const outcome = await h.session.compact();
		expect(outcome).toMatchObject({ status: "failed", error: expect.stringContaining("down") });
		expect(h.session.store.entries.some((e) => e.type === "compaction")).toBe(false);
	});

	it("refuses while a run is in progress", async () => {
		let release!: () => void;
		const held = new Promise<void>((resolve) => {
			release = resolve;
		});
		const h = setup([{ text: "slow", holdUntil: () => held }]);
		const run = h.session.prompt("go");
		await new Promise((r) => setTimeout(r, 10));
		expect(await h.session.compact()).toMatchObject({
			status: "failed",
			error: expect.stringContaining("working"),
		});
		release();
		await run;
	});
});

describe("automatic compaction", () => {
	const small: ModelInfo = { ...SCRIPTED_MODEL, contextWindow: 2_000, maxOutput: 200 };

	it("compacts before a request that would pass the window minus the reserve, then sends the compacted one", async () => {
		const script: ScriptedProviderEntry[] = [];
		for (let i = 0; i < 12; i++)
			script.push({ text: `answer ${i} ${words(60, "a")}`, usage: { input: 10, output: 10 } });
		const h = setup(script, small);
		h.provider.push(...Array.from({ length: 6 }, () => ({ text: "summary of it all" })));
		for (let i = 0; i < 12; i++) await h.session.prompt(`question ${i} ${words(60, "q")}`);

		const compactions = h.events.filter((e) => e.type === "compaction_end");
		expect(compactions.length).toBeGreaterThan(0);
		expect(compactions[0]).toMatchObject({ reason: "threshold", outcome: { status: "compacted" } });
		const { estimateRequestTokens } = await import("../ai/token-estimate.js");
		for (const request of h.provider.requests)
			expect(estimateRequestTokens(request)).toBeLessThanOrEqual(small.contextWindow);
	});

	it("keeps what context handlers did to the kept messages in the compacted request", async () => {
		const h = setup([{ text: "a0" }, { text: "a1" }, { text: "a2" }]);
		await talk(h.session, 3);
		h.kernel.bus.on(
			"context",
			(event) => ({
				messages: event.messages.map((m) =>
					m.role === "user" ? { ...m, content: `EDITED ${contentText(m)}` } : m,
				),
			}),
			{ owner: "ext" },
		);
		const overflow = () => {
			throw new ProviderError("context_overflow", "too long");
		};
		h.provider.push(overflow, { text: "the summary" }, { text: "done" });
		await h.session.prompt("last");
		const sent = h.provider.requests.at(-1)!.messages;
		expect(sent[0]).toMatchObject({ customType: COMPACTION_SUMMARY_TYPE });
		expect(contentText(sent.at(-1)!)).toBe("EDITED last");
		expect(sent.filter((m) => m.role === "user").every((m) => contentText(m).startsWith("EDITED"))).toBe(
			true,
		);
	});

	it("recovers from an overflow error by compacting and sending the request again, once", async () => {
		const h = setup([{ text: "a0" }, { text: "a1" }, { text: "a2" }]);
		await talk(h.session, 3);
		const overflow = () => {
			throw new ProviderError(
				"context_overflow",
				"the conversation is too long for model scripted-model (400)",
			);
		};
		h.provider.push(overflow, { text: "the summary" }, { text: "answered after compaction" });
		const result = await h.session.prompt("one more");
		expect(result.response).toBe("answered after compaction");
		expect(h.events.find((e) => e.type === "compaction_end")).toMatchObject({
			reason: "overflow",
			outcome: { status: "compacted" },
		});
		expect(h.provider.requests.at(-1)!.messages[0]).toMatchObject({ customType: COMPACTION_SUMMARY_TYPE });

		// A second overflow right after the compaction is reported as before.
		h.provider.push(overflow, { text: "summary again" }, overflow);
		const again = await h.session.prompt("and another");
		expect(again.reason).toBe("error");
		expect(again.error).toContain("too long");
	});
});
