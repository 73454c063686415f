/**
 * The start-up trust prompt of the real interactive mode in an untrusted
 * folder with a project extension: the answer decides, for this run, both
 * whether project extensions load and whether the project's trusted-only
 * files (here `.weft/SYSTEM.md`) are used.
 */
import { afterEach, describe, expect, it } from "vitest";
import { type Harness, startInteractive } from "../../support/tui-harness.js";

let h: Harness | undefined;
afterEach(async () => {
	await h?.dispose();
	h = undefined;
});

async function answer(moves: number): Promise<Harness> {
	const harness = await startInteractive({
		script: [{ text: "answered" }],
		projectTrusted: false,
		extensions: [],
		files: {
			".weft/extensions/hello.ts": "export default function () {}\n",
			".weft/SYSTEM.md": "PROJECT PROMPT",
		},
	});
	await harness.waitFor("project extension(s): hello");
	for (let i = 0; i < moves; i++) harness.press("down");
	harness.press("enter");
	await harness.waitFor("mock-model");
	harness.type("hi");
	harness.press("enter");
	await harness.waitFor("answered");
	return harness;
}

const systemSent = (harness: Harness) => String(harness.llm.requests[0].body.messages[0].content);

describe("the start-up trust prompt", () => {
	it('"load them this time only" also uses the project\'s SYSTEM.md for this run', async () => {
		h = await answer(1);
		expect(systemSent(h).startsWith("PROJECT PROMPT")).toBe(true);
	});

	it('"don\'t load them" keeps the folder untrusted: its SYSTEM.md is not used, and weft says so', async () => {
		h = await answer(2);
		expect(systemSent(h)).not.toContain("PROJECT PROMPT");
		expect(systemSent(h)).toContain("You are weft");
		await h.waitFor(".weft/SYSTEM.md: not used");
	});
});
