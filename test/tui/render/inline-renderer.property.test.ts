/**
 * The screen invariant, as a property: whatever the renderer is given —
 * blocks of random heights (taller than the screen too), wide characters,
 * emoji, styles, rows that grow as they stream, commits of a streaming
 * block's top rows or of whole blocks — the emulator's scrollback plus screen
 * reads as the history (every committed line once, in order) followed by
 * the live region (its bottom rows, when it is taller than the screen).
 *
 * The emulator scrolls the screen into its history on a whole-screen erase,
 * as tmux does (see Screen), so an erase from the top-left shows up here.
 * Runs are bounded and seeded: a failure prints the seed and the shrunk case
 * (`FC_SEED=<seed>` replays another seed).
 */
import fc from "fast-check";
import stringWidth from "string-width";
import { describe, expect, it } from "vitest";
import type { Frame } from "../../../src/tui/render/frame.js";
import { InlineRenderer } from "../../../src/tui/render/inline-renderer.js";
import { ManualClock } from "../support/manual-clock.js";
import { Screen } from "../support/screen.js";

const COLS = 30;
const ROWS = 8;
const SEED = Number(process.env.FC_SEED ?? 1212);

/** Words of one and two cells, some styled; the emulator shows them without their styles. */
const WORDS = [
	"a",
	"word",
	"longerword",
	"漢字",
	"🙂",
	"é",
	"x1",
	"\x1b[1mbold\x1b[m",
	"\x1b[32mgreen\x1b[m",
];
const plain = (line: string) => line.replace(/\x1b\[[0-9;]*m/g, "");

/** A row of words that fits the width, without trailing blanks (the emulator trims them). */
const row = fc.array(fc.constantFrom(...WORDS), { maxLength: 8 }).map((words) => {
	let line = "";
	for (const word of words) {
		const next = line === "" ? word : `${line} ${word}`;
		if (stringWidth(plain(next)) > COLS) break;
		line = next;
	}
	return line;
});

type Step =
	| { op: "grow"; rows: string[] }
	| { op: "extend"; text: string }
	| { op: "promote"; count: number }
	| { op: "finishBlock" }
	| { op: "commitOther"; rows: string[] }
	| { op: "growRows"; by: number };

const step: fc.Arbitrary<Step> = fc.oneof(
	{
		arbitrary: fc.record({ op: fc.constant("grow" as const), rows: fc.array(row, { maxLength: ROWS * 3 }) }),
		weight: 4,
	},
	{
		arbitrary: fc.record({ op: fc.constant("extend" as const), text: fc.constantFrom(...WORDS) }),
		weight: 2,
	},
	{
		arbitrary: fc.record({ op: fc.constant("promote" as const), count: fc.nat({ max: ROWS * 2 }) }),
		weight: 2,
	},
	{ arbitrary: fc.constant({ op: "finishBlock" as const }), weight: 1 },
	{
		arbitrary: fc.record({
			op: fc.constant("commitOther" as const),
			rows: fc.array(row, { maxLength: ROWS * 2 }),
		}),
		weight: 1,
	},
	{
		arbitrary: fc.record({ op: fc.constant("growRows" as const), by: fc.integer({ min: 1, max: 4 }) }),
		weight: 1,
	},
);

/** The composer and status under the live block: a full-width rule leaves the cursor on its last cell. */
const TAIL = ["─".repeat(COLS), "> composer", "─".repeat(COLS), "status · model"];

async function check(steps: Step[]): Promise<void> {
	const screen = new Screen(COLS, ROWS);
	screen.write("$ weft\r\n");
	const history = ["$ weft"];
	let block: string[] = [];
	const frame = (): Frame => {
		const lines = [...block, ...TAIL];
		return { lines, cursor: { row: lines.length - 3, col: 10 } };
	};
	const renderer = new InlineRenderer(screen, frame, { clock: new ManualClock() });
	const commit = (lines: string[]) => {
		renderer.commit(lines);
		history.push(...lines.map(plain));
	};
	const expectInvariant = async (label: string) => {
		const live = frame().lines.map(plain).slice(-screen.rows);
		const expected = [...history, ...live];
		while (expected.at(-1) === "") expected.pop();
		expect(await screen.allLines(), label).toEqual(expected);
	};
	renderer.renderNow();
	for (const [i, s] of steps.entries()) {
		if (s.op === "grow") block.push(...s.rows);
		else if (s.op === "extend") {
			const last = block.at(-1) ?? "";
			const next = last === "" ? s.text : `${last} ${s.text}`;
			if (stringWidth(plain(next)) <= COLS) block[Math.max(0, block.length - 1)] = next;
		} else if (s.op === "promote") {
			commit(block.slice(0, s.count));
			block = block.slice(s.count);
		} else if (s.op === "finishBlock") {
			commit(block);
			block = [];
		} else if (s.op === "commitOther") commit(s.rows);
		else {
			// Only taller: a terminal made shorter pushes the live region's top rows into its history
			// itself, before weft hears of it — those rows are the terminal's to keep.
			await screen.resize(COLS, screen.rows + s.by);
			renderer.resized();
		}
		renderer.renderNow();
		await expectInvariant(`after step ${i} (${s.op})`);
	}
	commit(block);
	block = [];
	renderer.renderNow();
	await expectInvariant("after the last commit");
}

describe("the screen invariant (property)", () => {
	it("scrollback plus screen is the history then the live region, for random blocks and commits", async () => {
		await fc.assert(fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 25 }), check), {
			numRuns: 30,
			seed: SEED,
		});
	});

	it("a block taller than the screen, committed whole, leaves no copy of the screen in the history", async () => {
		const rows = Array.from({ length: ROWS * 3 }, (_, i) => `line ${i}`);
		await check([
			{ op: "grow", rows: rows.slice(0, ROWS) },
			{ op: "grow", rows: rows.slice(ROWS) },
			{ op: "finishBlock" },
		]);
	});
});
