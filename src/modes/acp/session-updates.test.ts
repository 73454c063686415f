import { describe, expect, it } from "vitest";
import type { SessionEvent } from "../../agent/session-events.js";
import { emptyCost, emptyUsage } from "../../kernel/messages.js";
import { UpdateTranslator } from "./session-updates.js";

const cwd = "/p";
const usage = emptyUsage();

function assistant(stopReason: "end" | "length") {
	return {
		role: "assistant" as const,
		content: [],
		provider: "m",
		model: "m",
		usage,
		stopReason,
		timestamp: 0,
	};
}

describe("ACP session updates", () => {
	it("turns text and thinking deltas into message and thought chunks, and skips tool-call argument deltas", () => {
		const t = new UpdateTranslator(cwd);
		const delta = (type: "text" | "thinking" | "toolcall", text: string): SessionEvent => ({
			type: "message_update",
			delta: { type, text },
			message: assistant("end"),
		});
		expect(t.translate(delta("thinking", "hmm"))).toEqual([
			{ sessionUpdate: "agent_thought_chunk", content: { type: "text", text: "hmm" } },
		]);
		expect(t.translate(delta("text", "hi"))).toEqual([
			{ sessionUpdate: "agent_message_chunk", content: { type: "text", text: "hi" } },
		]);
		expect(t.translate(delta("toolcall", '{"a"'))).toEqual([]);
	});

	it("announces a tool call once, then reports it running, its output with the command, and its end", () => {
		const t = new UpdateTranslator(cwd);
		const args = { command: "make" };
		const call = { id: "c1", name: "bash", args, source: "model" as const };
		expect(t.translate({ type: "tool_call", ...call }).map((u) => u.sessionUpdate)).toEqual(["tool_call"]);
		expect(t.translate({ type: "tool_execution_start", ...call })).toEqual([
			{ sessionUpdate: "tool_call_update", toolCallId: "c1", status: "in_progress" },
		]);
		expect(
			t.translate({
				type: "tool_execution_update",
				id: "c1",
				name: "bash",
				partial: [{ type: "text", text: "ok" }],
			}),
		).toEqual([
			{
				sessionUpdate: "tool_call_update",
				toolCallId: "c1",
				status: "in_progress",
				content: [
					{ type: "content", content: { type: "text", text: "$ make" } },
					{ type: "content", content: { type: "text", text: "ok" } },
				],
			},
		]);
		const end = t.translate({
			type: "tool_result",
			...call,
			content: [{ type: "text", text: "exit 2" }],
			isError: true,
		});
		expect(end).toEqual([
			{
				sessionUpdate: "tool_call_update",
				toolCallId: "c1",
				status: "failed",
				content: [{ type: "content", content: { type: "text", text: "exit 2" } }],
				rawOutput: { content: [{ type: "text", text: "exit 2" }], isError: true, details: undefined },
			},
		]);
	});

	it("announces a call first seen at its result (a tool_call handler blocked it)", () => {
		const t = new UpdateTranslator(cwd);
		const kinds = t
			.translate({
				type: "tool_result",
				id: "c2",
				name: "read",
				args: { path: "a" },
				source: "model",
				content: [{ type: "text", text: "blocked" }],
				isError: true,
			})
			.map((u) => u.sessionUpdate);
		expect(kinds).toEqual(["tool_call", "tool_call_update"]);
	});

	it("diffs a write against the file's text before it", () => {
		const t = new UpdateTranslator(cwd, {
			previousText: (path) => (path === "a.txt" ? "before" : undefined),
		});
		expect(t.announce("c3", "write", { path: "a.txt", content: "after" })).toMatchObject([
			{ content: [{ type: "diff", path: "/p/a.txt", oldText: "before", newText: "after" }] },
		]);
		expect(t.announce("c3", "write", { path: "a.txt", content: "after" })).toEqual([]);
	});

	it("maps how a run ended to a stop reason", () => {
		const t = new UpdateTranslator(cwd);
		expect(t.stopReason({ reason: "completed", response: "" })).toBe("end_turn");
		expect(t.stopReason({ reason: "aborted", response: "" })).toBe("cancelled");
		expect(t.stopReason({ reason: "blocked", response: "" })).toBe("refusal");
		t.translate({ type: "turn_end", step: 1, stopReason: "length", usage, message: assistant("length") });
		expect(t.stopReason({ reason: "completed", response: "" })).toBe("max_tokens");
	});

	it("reports the context used after each step, and the session's name as its title", () => {
		const t = new UpdateTranslator(cwd, { window: () => ({ size: 1000, cost: 0.25 }) });
		const step = {
			input: 100,
			output: 20,
			cacheRead: 300,
			cacheWrite: 0,
			totalTokens: 420,
			cost: { ...emptyCost(), total: 0.1 },
		};
		expect(
			t.translate({ type: "turn_end", step: 1, stopReason: "end", usage: step, message: assistant("end") }),
		).toEqual([
			{ sessionUpdate: "usage_update", used: 420, size: 1000, cost: { amount: 0.25, currency: "USD" } },
		]);
		expect(
			t.translate({ type: "session_save", sessionId: "s", entry: { type: "session_info", name: "release" } }),
		).toEqual([{ sessionUpdate: "session_info_update", title: "release" }]);
		expect(t.translate({ type: "session_save", sessionId: "s", entry: { type: "message" } })).toEqual([]);
	});
});
