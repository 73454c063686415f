import { describe, expect, it } from "vitest";
import { type RunningSession, runInSession, runningSession, sessionInScope } from "./running-session.js";

function fake(id: string): RunningSession {
	return { id, client: {} as RunningSession["client"], gatingToolCall: undefined, send: () => {} };
}

describe("the running ACP session", () => {
	it("is the prompt's own session inside it, through awaits and timers", async () => {
		const a = fake("a");
		const seen = await runInSession(a, async () => {
			await new Promise((resolve) => setTimeout(resolve, 1));
			return [sessionInScope()?.id, runningSession()?.id];
		});
		expect(seen).toEqual(["a", "a"]);
		expect(sessionInScope()).toBeUndefined();
	});

	it("outside any prompt, is the one running prompt's session for dialogs only, and none when several run", async () => {
		let release: () => void = () => {};
		const held = new Promise<void>((resolve) => {
			release = resolve;
		});
		const first = runInSession(fake("a"), () => held);
		expect(runningSession()?.id).toBe("a");
		expect(sessionInScope()).toBeUndefined();
		const second = runInSession(fake("b"), () => held);
		expect(runningSession()).toBeUndefined();
		release();
		await Promise.all([first, second]);
		expect(runningSession()).toBeUndefined();
	});
});
