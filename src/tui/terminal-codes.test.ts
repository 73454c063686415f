import { describe, expect, it } from "vitest";
import { windowTitle } from "./terminal-codes.js";

describe("windowTitle", () => {
	it("is OSC 0 with the title, ended by BEL", () => {
		expect(windowTitle("weft · review")).toBe("\x1b]0;weft · review\x07");
	});

	it("drops control characters, so a title cannot end the sequence early or start another", () => {
		expect(windowTitle("a\x07b\x1b]0;evil\x1b\\c\n")).toBe("\x1b]0;ab]0;evil\\c\x07");
	});
});
