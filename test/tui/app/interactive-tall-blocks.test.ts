/**
 * Blocks taller than the screen, streamed through the real interactive mode
 * at 80×24: the emulator's scrollback and screen together must read as the
 * transcript — every line once, in order, no frozen copy of the composer or
 * status line left in the history. The emulator scrolls its screen into the
 * history on a whole-screen erase, as tmux does: that is where the copies
 * came from.
 */
import { afterEach, describe, expect, it } from "vitest";
import { type Harness, startInteractive } from "../../support/tui-harness.js";

let h: Harness | undefined;
afterEach(async () => {
	await h?.dispose();
	h = undefined;
});

const CODE = Array.from({ length: 60 }, (_, i) => `const line${String(i).padStart(2, "0")} = ${i};`);
const WORDS = Array.from({ length: 1500 }, (_, i) => `w${i}`);

/** The history once the turn is over: scrollback and screen, from the prompt to the composer's top rule. */
async function history(harness: Harness, prompt: string): Promise<string[]> {
	await harness.waitFor((rows) => !rows.some((l) => l.includes("Working")));
	const all = await harness.screen.allLines();
	const start = all.findIndex((l) => l.includes(`❯ ${prompt}`));
	const composer = all.findIndex((l) => l.startsWith("> Ask anything"));
	expect(start).toBeGreaterThanOrEqual(0);
	const lines = all.slice(start, composer - 1);
	while (lines.at(-1) === "") lines.pop();
	return lines;
}

describe("a block taller than the screen", () => {
	it("a streamed 60-line code block reaches the scrollback once, in order, with no composer or status copies", async () => {
		h = await startInteractive({
			script: [{ text: `Here:\n\n\`\`\`ts\n${CODE.join("\n")}\n\`\`\`\n\nDone.`, delayMs: 5 }],
		});
		await h.waitFor("mock-model");
		h.type("code please");
		h.press("enter");
		await h.waitForAll("Done.");
		const lines = await history(h, "code please");
		const code = lines.filter((l) => l.includes("const line"));
		expect(code).toEqual(CODE);
		expect(lines.filter((l) => l.startsWith("> Ask anything") || l.startsWith("mock-model ("))).toEqual([]);
		expect(lines.filter((l) => l.includes("Working"))).toEqual([]);
		expect(lines.at(-1)).toBe("Done.");
		expect((await h.screen.allLines()).filter((l) => l.includes("❯ code please"))).toHaveLength(1);
	});

	it("a streamed 1,500-word paragraph reaches the scrollback once, every word in order", async () => {
		h = await startInteractive({ script: [{ text: WORDS.join(" "), delayMs: 1 }] });
		await h.waitFor("mock-model");
		h.type("talk");
		h.press("enter");
		await h.waitForAll("w1499");
		const lines = await history(h, "talk");
		const words = lines.slice(1).join(" ").split(/\s+/).filter(Boolean);
		expect(words).toEqual(WORDS);
		expect(lines.filter((l) => l.startsWith("> Ask anything") || l.startsWith("mock-model ("))).toEqual([]);
		expect((await h.screen.allLines()).filter((l) => l.includes("❯ talk"))).toHaveLength(1);
	});
});
