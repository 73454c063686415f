/** The activity feed: a task with its agent and tools, failures, and no session subscription while nobody listens. */
import { rmSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { createScriptedSession } from "../../test/support/scripted-session.js";
import type { ActivityEvent } from "../kernel/activity.js";
import { scriptedProvider } from "../testing/scripted-provider.js";
import { feedActivity } from "./activity-feed.js";

const dirs: string[] = [];
afterEach(() => {
	for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A clock that advances 10 ms on every reading, so each duration is exact. */
function steppingClock() {
	let t = 1_000;
	return () => (t += 10);
}

describe("feedActivity", () => {
	it("reports a prompt as a task holding the agent run and its tool, each with session id and durations", async () => {
		const provider = scriptedProvider([
			{ toolCalls: [{ id: "c1", name: "ls", args: {} }] },
			{ text: "done" },
		]);
		const { session, kernel } = createScriptedSession({ provider, prefix: "weft-activity-", dirs });
		const events: ActivityEvent[] = [];
		kernel.activity.subscribe((e) => events.push(e));
		feedActivity(session, kernel.activity, { now: steppingClock() });

		await session.prompt("list the files");

		const id = session.id;
		expect(events).toEqual([
			{ type: "task_started", sessionId: id, at: 1_010, taskId: `${id}#1`, prompt: "list the files" },
			{ type: "agent_start", sessionId: id, at: 1_010, taskId: `${id}#1` },
			{ type: "tool_start", sessionId: id, at: 1_020, taskId: `${id}#1`, toolCallId: "c1", toolName: "ls" },
			{
				type: "tool_end",
				sessionId: id,
				at: 1_030,
				taskId: `${id}#1`,
				toolCallId: "c1",
				toolName: "ls",
				durationMs: 10,
				isError: false,
			},
			{ type: "agent_end", sessionId: id, at: 1_040, taskId: `${id}#1`, durationMs: 30 },
			{
				type: "task_completed",
				sessionId: id,
				at: 1_040,
				taskId: `${id}#1`,
				durationMs: 30,
				reason: "completed",
			},
		]);
	});

	it("reports a run that ends in a provider error as task_error with the error", async () => {
		const provider = scriptedProvider([{ error: { status: 400, message: "bad request" } }]);
		const { session, kernel } = createScriptedSession({ provider, prefix: "weft-activity-", dirs });
		const events: ActivityEvent[] = [];
		kernel.activity.subscribe((e) => events.push(e), { types: ["task_error", "task_completed"] });
		feedActivity(session, kernel.activity, { now: steppingClock() });

		await session.prompt("hi").catch(() => {});

		expect(events).toHaveLength(1);
		expect(events[0]).toMatchObject({ type: "task_error", sessionId: session.id });
		expect((events[0] as { error: string }).error).toMatch(/bad request/);
	});

	it("subscribes to the session only while the bus has a listener", async () => {
		const provider = scriptedProvider([{ text: "one" }, { text: "two" }]);
		const { session, kernel } = createScriptedSession({ provider, prefix: "weft-activity-", dirs });
		const subscribe = session.subscribe.bind(session);
		let subscriptions = 0;
		session.subscribe = (listener) => {
			subscriptions++;
			return subscribe(listener);
		};
		const stop = feedActivity(session, kernel.activity);
		await session.prompt("nobody listens");
		expect(subscriptions).toBe(0);

		const seen: string[] = [];
		const off = kernel.activity.subscribe((e) => seen.push(e.type), { types: ["task_completed"] });
		await session.prompt("someone listens");
		off();
		stop();

		expect(subscriptions).toBe(1);
		expect(seen).toEqual(["task_completed"]);
	});
});
