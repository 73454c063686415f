import { describe, expect, it, vi } from "vitest";
import { PendingRequests } from "./pending.js";

describe("pending requests", () => {
	it("delivers the response of the right type to the request with that id", async () => {
		const pending = new PendingRequests();
		const { id, response } = pending.create("tool", 'tool "x"', 0, () => new Error("timeout"));
		expect(pending.settle(id, { type: "command_response", id })).toBe("wrong-type");
		expect(pending.settle(id, { type: "tool_result", id, content: [] })).toBe("settled");
		await expect(response).resolves.toEqual({ type: "tool_result", id, content: [] });
		expect(pending.settle(id, { type: "tool_result", id })).toBe("expired");
		expect(pending.settle("never", { type: "tool_result" })).toBe("unknown");
	});

	it("fails a request that times out, and every request when the child goes away", async () => {
		const pending = new PendingRequests();
		const slow = pending.create("intercept", "tool_call intercept", 5, () => new Error("too slow"));
		await expect(slow.response).rejects.toThrow("too slow");
		const a = pending.create("tool", 'tool "a"', 0, () => new Error("x"));
		const b = pending.create("command", "command /b", 0, () => new Error("x"));
		pending.failAll((label) => new Error(`gone while running its ${label}`));
		await expect(a.response).rejects.toThrow('gone while running its tool "a"');
		await expect(b.response).rejects.toThrow("gone while running its command /b");
		expect(pending.size).toBe(0);
	});

	it("lets a timeout wait while the extension is held (a dialog is open)", async () => {
		let held = true;
		const pending = new PendingRequests(() => held);
		const { id, response } = pending.create("tool", 'tool "x"', 5, () => new Error("too slow"));
		await new Promise((r) => setTimeout(r, 30));
		expect(pending.settle(id, { type: "tool_result", id })).toBe("settled");
		await expect(response).resolves.toMatchObject({ id });
		const late = pending.create("tool", 'tool "y"', 5, () => new Error("too slow"));
		held = false;
		await expect(late.response).rejects.toThrow("too slow");
	});

	it("marks a request late once, at its deadline, and still takes the reply until its timeout", async () => {
		vi.useFakeTimers();
		try {
			let late = 0;
			const pending = new PendingRequests();
			const { id, response } = pending.create(
				"intercept",
				"tool_call intercept",
				1_000,
				() => new Error("gone"),
				undefined,
				{
					afterMs: 100,
					onLate: () => late++,
				},
			);
			vi.advanceTimersByTime(99);
			expect(late).toBe(0);
			vi.advanceTimersByTime(1);
			expect(late).toBe(1);
			expect(pending.settle(id, { type: "event_intercept_response", id })).toBe("settled");
			await expect(response).resolves.toMatchObject({ id });
			const answered = pending.create(
				"intercept",
				"tool_call intercept",
				1_000,
				() => new Error("gone"),
				undefined,
				{
					afterMs: 100,
					onLate: () => late++,
				},
			);
			pending.settle(answered.id, { type: "event_intercept_response", id: answered.id });
			vi.advanceTimersByTime(2_000);
			expect(late).toBe(1);
		} finally {
			vi.useRealTimers();
		}
	});

	it("does not mark a request late while the extension is held", () => {
		vi.useFakeTimers();
		try {
			let held = true;
			let late = 0;
			const pending = new PendingRequests(() => held);
			pending.create("intercept", "tool_call intercept", 0, () => new Error("gone"), undefined, {
				afterMs: 100,
				onLate: () => late++,
			});
			vi.advanceTimersByTime(1_000);
			expect(late).toBe(0);
			held = false;
			vi.advanceTimersByTime(100);
			expect(late).toBe(1);
		} finally {
			vi.useRealTimers();
		}
	});

	it("passes progress frames to the waiting call", () => {
		const pending = new PendingRequests();
		const updates: unknown[] = [];
		const { id } = pending.create(
			"tool",
			'tool "x"',
			0,
			() => new Error("x"),
			(frame) => updates.push(frame),
		);
		expect(pending.update(id, { type: "tool_update", id })).toBe(true);
		expect(pending.update("other", { type: "tool_update" })).toBe(false);
		expect(updates).toHaveLength(1);
	});
});
