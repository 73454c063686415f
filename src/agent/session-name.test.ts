import { describe, expect, it } from "vitest";
import type { SessionEntry } from "./session-entries.js";
import { checkSessionName, MAX_SESSION_NAME_LENGTH, sessionNameOf } from "./session-name.js";

const base = { parentId: null, timestamp: "2026-01-01T00:00:00.000Z" };

describe("session names", () => {
	it("is the latest session_info entry on any branch, or undefined", () => {
		const entries: SessionEntry[] = [
			{ ...base, id: "a", type: "session_info", name: "first" },
			{ ...base, id: "b", type: "message", message: { role: "user", content: "hi", timestamp: 0 } },
			{ ...base, id: "c", type: "session_info", name: "second" },
			{ ...base, id: "d", type: "custom", customType: "x", data: null },
		];
		expect(sessionNameOf(entries)).toBe("second");
		expect(sessionNameOf(entries.slice(1, 2))).toBeUndefined();
	});

	it("keeps a name on one line and says what is wrong with one it cannot store", () => {
		expect(checkSessionName("  parser\n rewrite ")).toEqual({ name: "parser rewrite" });
		expect(checkSessionName("   ")).toEqual({ error: "the name is empty" });
		const long = checkSessionName("x".repeat(MAX_SESSION_NAME_LENGTH + 1));
		expect(long).toEqual({ error: expect.stringContaining(`keep it to ${MAX_SESSION_NAME_LENGTH}`) });
	});
});
