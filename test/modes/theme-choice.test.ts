import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { chooseTheme } from "../../src/modes/interactive/theme-choice.js";

const home = mkdtempSync(join(tmpdir(), "weft-theme-"));
const choose = (colors: unknown, env: NodeJS.ProcessEnv = {}) =>
	chooseTheme({ setting: "dark", colors, home, env, queryBackground: async () => undefined });

describe("chooseTheme's colour depth", () => {
	it("uses 24-bit colour only where the terminal declares it, 256 colours otherwise", async () => {
		expect((await choose(undefined, { COLORTERM: "truecolor" })).depth).toBe("truecolor");
		expect((await choose("auto", { TERM_PROGRAM: "WezTerm" })).depth).toBe("truecolor");
		expect((await choose(undefined, { TERM: "xterm-256color" })).depth).toBe("256");
	});

	it("follows the colors setting over what the terminal says", async () => {
		expect((await choose("256", { COLORTERM: "truecolor" })).depth).toBe("256");
		expect((await choose("truecolor", { TERM: "xterm-256color" })).depth).toBe("truecolor");
	});

	it("warns about a colors setting it does not know and decides as for auto", async () => {
		const choice = await choose("16", { COLORTERM: "24bit" });
		expect(choice.depth).toBe("truecolor");
		expect(choice.warnings).toEqual([`settings: "colors" must be "auto", "truecolor" or "256"; using auto`]);
	});
});
