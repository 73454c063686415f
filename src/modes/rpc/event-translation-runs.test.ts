/** RpcEventTranslator for what happens around answers: the queue, compaction, retries, and events pi has no counterpart for. */
import { beforeEach, describe, expect, it } from "vitest";
import { answer } from "../../../test/support/rpc-answer.js";
import type { SessionEvent } from "../../agent/session-events.js";
import { RpcEventTranslator } from "./event-translation.js";

let translator: RpcEventTranslator;

beforeEach(() => {
	translator = new RpcEventTranslator({ messages: () => [], api: () => "openai-completions" });
});

const run = (...events: SessionEvent[]) => events.flatMap((event) => translator.translate(event));

describe("the queue", () => {
	it("queued, delivered and unqueued each send the whole queue as queue_update", () => {
		const events = run(
			{ type: "queued", delivery: "steer", text: "s1" },
			{ type: "queued", delivery: "follow_up", text: "f1" },
			{ type: "queued", delivery: "steer", text: "s2" },
			{ type: "delivered", delivery: "steer", texts: ["s1"] },
			{ type: "unqueued", messages: [{ delivery: "follow_up", text: "f1" }] },
		);
		expect(events.map((e) => (e.type === "queue_update" ? [e.steering, e.followUp] : e))).toEqual([
			[["s1"], []],
			[["s1"], ["f1"]],
			[["s1", "s2"], ["f1"]],
			[["s2"], ["f1"]],
			[["s2"], []],
		]);
		expect(translator.pending).toBe(1);
	});
});

describe("compaction", () => {
	const entry = {
		type: "compaction" as const,
		id: "e9",
		parentId: null,
		timestamp: "t",
		summary: "S",
		firstKeptEntryId: "e3",
		tokensBefore: 900,
		tokensAfter: 100,
		reason: "overflow" as const,
	};

	it("compaction_start keeps its reason; a compacted end carries pi's result, an overflow one will retry", () => {
		expect(run({ type: "compaction_start", reason: "threshold" })).toEqual([
			{ type: "compaction_start", reason: "threshold" },
		]);
		expect(
			run({
				type: "compaction_end",
				reason: "overflow",
				outcome: { status: "compacted", entry, tokensBefore: 900, tokensAfter: 100 },
			}),
		).toEqual([
			{
				type: "compaction_end",
				reason: "overflow",
				result: { summary: "S", firstKeptEntryId: "e3", tokensBefore: 900, tokensAfter: 100, details: {} },
				aborted: false,
				willRetry: true,
			},
		]);
	});

	it("cancelled is aborted; nothing and failed carry their message", () => {
		const [cancelled] = run({
			type: "compaction_end",
			reason: "manual",
			outcome: { status: "cancelled", reason: "no" },
		});
		const [nothing] = run({
			type: "compaction_end",
			reason: "manual",
			outcome: { status: "nothing", message: "too short" },
		});
		const [failed] = run({
			type: "compaction_end",
			reason: "manual",
			outcome: { status: "failed", error: "quota" },
		});
		expect(cancelled).toMatchObject({ result: null, aborted: true, errorMessage: "no" });
		expect(nothing).toMatchObject({ result: null, aborted: false, errorMessage: "too short" });
		expect(failed).toMatchObject({ result: null, aborted: false, willRetry: false, errorMessage: "quota" });
	});
});

describe("retries", () => {
	it("retry → auto_retry_start; the answer's end → auto_retry_end, successful or with the final error", () => {
		const [start] = run({
			type: "retry",
			attempt: 1,
			maxRetries: 3,
			delayMs: 50,
			error: "503 busy",
			kind: "overloaded" as never,
		});
		expect(start).toEqual({
			type: "auto_retry_start",
			attempt: 1,
			maxAttempts: 3,
			delayMs: 50,
			errorMessage: "503 busy",
		});
		expect(translator.retrying).toBe(true);
		const ok = run({ type: "message_end", message: answer([{ type: "text", text: "hi" }]) });
		expect(ok).toContainEqual({ type: "auto_retry_end", success: true, attempt: 1 });
		expect(translator.retrying).toBe(false);

		run({ type: "retry", attempt: 2, delayMs: 5, error: "503", kind: "overloaded" as never });
		const failed = { ...answer([], "error"), errorMessage: "503 again" };
		expect(run({ type: "message_end", message: failed })).toContainEqual({
			type: "auto_retry_end",
			success: false,
			attempt: 2,
			finalError: "503 again",
		});
	});
});

describe("events without a counterpart", () => {
	it("are not sent", () => {
		expect(
			run({ type: "session_save", sessionId: "s", entry: {} }, { type: "session_shutdown", reason: "exit" }),
		).toEqual([]);
	});
});
