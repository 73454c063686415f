/**
 * The screen invariant through the real interactive mode, as a property:
 * random answers (paragraphs of random length with wide characters and
 * emoji, code blocks of random heights, taller than the screen too), streamed
 * in a random number of paced deltas (so frames show them half-done), leave
 * in the emulator's scrollback plus screen the prompt once, then every word
 * of the answer once and in order, and no copy of the composer or status
 * line. Each case starts weft, so runs are few, seeded and not shrunk: a
 * failure prints the seed and the case (`FC_SEED=<seed>` replays another).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { startInteractive } from "../../support/tui-harness.js";

const SEED = Number(process.env.FC_SEED ?? 1212);
const WORDS = ["a", "word", "streamed", "漢字", "🙂", "naïve", "x1", "longerwordthanmost"];

type Part = { kind: "paragraph"; words: string[] } | { kind: "code"; lines: string[][] };

const part: fc.Arbitrary<Part> = fc.oneof(
	fc.record({
		kind: fc.constant("paragraph" as const),
		words: fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 400, size: "max" }),
	}),
	fc.record({
		kind: fc.constant("code" as const),
		lines: fc.array(fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 6 }), {
			minLength: 1,
			maxLength: 50,
			// Heights over the whole range, not mostly small ones: blocks taller than the screen are the point.
			size: "max",
		}),
	}),
);

const markdownOf = (parts: Part[]) =>
	parts
		.map((p) =>
			p.kind === "paragraph"
				? p.words.join(" ")
				: `\`\`\`\n${p.lines.map((l) => l.join(" ")).join("\n")}\n\`\`\``,
		)
		.join("\n\n");

/** The words a reader sees: a code block is drawn between two rules. */
const wordsOf = (parts: Part[]) =>
	parts.flatMap((p) => (p.kind === "paragraph" ? p.words : ["───", ...p.lines.flat(), "───"]));

/** The words between the prompt and the composer's top rule. */
function historyWords(lines: string[]): string[] {
	const start = lines.findIndex((l) => l.includes("❯ go"));
	const composer = lines.findIndex((l) => l.startsWith("> Ask anything"));
	if (start < 0 || composer < 0) return [];
	return lines
		.slice(start + 1, composer - 1)
		.join(" ")
		.split(/\s+/)
		.filter(Boolean);
}

type Harness = Awaited<ReturnType<typeof startInteractive>>;

async function sendGo(h: Harness): Promise<void> {
	await h.waitFor("mock-model");
	h.type("go");
	h.press("enter");
	await h.waitForAll("❯ go");
}

/**
 * Once the turn is over (the answer was sent whole and the screen no longer
 * says it works): the prompt once, the composer once, and every word of the
 * answer once and in order. The last frame may still be on the way, so the
 * words are waited for up to `settleMs`; on a timeout the assertions show
 * what differs.
 */
async function expectEveryWordOnce(h: Harness, expected: string[], settleMs: number): Promise<void> {
	await h.waitFor((screen) => h.llm.remaining() === 0 && !screen.some((l) => l.includes("Working")), 20_000);
	await h
		.waitForAll((lines) => JSON.stringify(historyWords(lines)) === JSON.stringify(expected), settleMs)
		.catch(() => {});
	const all = await h.screen.allLines();
	expect(all.filter((l) => l.includes("❯ go"))).toHaveLength(1);
	expect(all.filter((l) => l.startsWith("> Ask anything"))).toHaveLength(1);
	expect(historyWords(all)).toEqual(expected);
}

describe("the screen invariant through weft (property)", () => {
	it("every word of a random streamed answer is in the history once, in order, with one prompt and no stale composer", async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.array(part, { minLength: 1, maxLength: 4 }),
				fc.integer({ min: 20, max: 200 }),
				fc.constantFrom(12, 24),
				async (parts, deltas, rows) => {
					const h = await startInteractive({
						rows,
						script: [{ text: markdownOf(parts), deltas, delayMs: 2 }],
					});
					try {
						await sendGo(h);
						await expectEveryWordOnce(h, wordsOf(parts), 1_000);
					} finally {
						await h.dispose();
					}
				},
			),
			{ numRuns: 8, seed: SEED, endOnFailure: true },
		);
	}, 120_000);

	it("resizing while it streams leaves every word once, in order", async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.array(part, { minLength: 1, maxLength: 3 }),
				fc.array(fc.integer({ min: 30, max: 120 }), { minLength: 1, maxLength: 3 }),
				fc.constantFrom("keep", "redraw"),
				async (parts, anyWidths, resize) => {
					// With "keep" a narrower terminal re-wraps rows itself, mid-word, and places the cursor its own
					// way (docs/tui.md, "Resizing"): only growing is promised there, so the sizes only grow.
					const keep = resize === "keep";
					const widths = keep ? anyWidths.map((w) => w + 80).sort((a, b) => a - b) : [...anyWidths, 80];
					const h = await startInteractive({
						rows: 24,
						settings: { resize },
						script: [{ text: markdownOf(parts), deltas: 120, delayMs: 3 }],
					});
					try {
						await sendGo(h);
						// Resized while the answer streams: each size is held a moment so frames are drawn at it.
						for (const width of widths) {
							await h.resize(width, 24);
							await new Promise((resolve) => setTimeout(resolve, 40));
						}
						// A "redraw" writes once the size settles, later than a plain frame.
						await expectEveryWordOnce(h, wordsOf(parts), 5_000);
					} finally {
						await h.dispose();
					}
				},
			),
			{ numRuns: 8, seed: SEED, endOnFailure: true },
		);
	}, 180_000);
});
