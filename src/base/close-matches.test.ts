import { describe, expect, it } from "vitest";
import { closeMatches } from "./close-matches.js";

describe("closeMatches", () => {
	it("ranks near spellings and containing names first", () => {
		expect(closeMatches("sonnet", ["claude-sonnet-4-5", "claude-opus-4-1", "claude-sonnet-4-0"])).toEqual([
			"claude-sonnet-4-0",
			"claude-sonnet-4-5",
		]);
		expect(closeMatches("gpt5", ["gpt-5", "gpt-4o", "o3"])).toEqual(["gpt-5"]);
		expect(closeMatches("zzz", ["gpt-5"])).toEqual([]);
	});
});
