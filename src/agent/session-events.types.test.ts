/**
 * The session event stream's types, as consumers and (later) RPC clients
 * rely on them. These assertions are checked by `npm run typecheck`; at run
 * time they do nothing.
 */
import { describe, expectTypeOf, it } from "vitest";
import type { EventResult } from "../kernel/events.js";
import type { Usage } from "../kernel/messages.js";
import type { SessionEvent, SessionEventOf } from "./session-events.js";

describe("SessionEvent", () => {
	it("narrows to one event's fields by its type", () => {
		const usageOf = (event: SessionEvent) => (event.type === "turn_end" ? event.usage : undefined);
		expectTypeOf(usageOf).returns.toEqualTypeOf<Usage | undefined>();
		// @ts-expect-error: turn_end carries `usage`; a renamed field does not compile.
		expectTypeOf<SessionEventOf<"turn_end">["tokens"]>().toBeUnknown();
	});

	it("streams the summary of a large payload, not the payload", () => {
		expectTypeOf<SessionEventOf<"context">>().toHaveProperty("messageCount").toEqualTypeOf<number>();
		expectTypeOf<SessionEventOf<"context">>().not.toHaveProperty("messages");
		expectTypeOf<SessionEventOf<"agent_end">>().not.toHaveProperty("messages");
	});

	it("gives a gate the result that ended it, and an observe event none", () => {
		expectTypeOf<SessionEventOf<"tool_call">["outcome"]>().toEqualTypeOf<
			NonNullable<EventResult<"tool_call">> | undefined
		>();
		expectTypeOf<SessionEventOf<"turn_end">>().not.toHaveProperty("outcome");
	});

	it("includes the session's own events", () => {
		expectTypeOf<SessionEventOf<"retry">>().toHaveProperty("delayMs").toEqualTypeOf<number>();
		expectTypeOf<SessionEventOf<"queued">>().toHaveProperty("text").toEqualTypeOf<string>();
		expectTypeOf<SessionEventOf<"delivered">>().toHaveProperty("texts").toEqualTypeOf<string[]>();
		expectTypeOf<SessionEventOf<"session_shutdown">>().toHaveProperty("reason").toEqualTypeOf<string>();
	});
});
