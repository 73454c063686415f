import { describe, expect, it } from "vitest";
import type { Frame } from "../../../src/tui/render/frame.js";
import { InlineRenderer } from "../../../src/tui/render/inline-renderer.js";
import { SYNC_BEGIN, SYNC_END } from "../../../src/tui/terminal-codes.js";
import { ManualClock } from "../support/manual-clock.js";
import { Screen } from "../support/screen.js";

/** A renderer drawing `live` into a headless terminal that already shows a shell prompt. */
async function setup(cols = 40, rows = 10) {
	const screen = new Screen(cols, rows);
	screen.write("$ weft\r\n");
	await screen.settle();
	screen.writes.length = 0;
	const clock = new ManualClock();
	let live: Frame = { lines: [] };
	let sourceCalls = 0;
	const renderer = new InlineRenderer(
		screen,
		() => {
			sourceCalls++;
			return live;
		},
		{ clock },
	);
	const show = (frame: Frame) => {
		live = frame;
		renderer.renderNow();
	};
	return { screen, clock, renderer, show, sourceCalls: () => sourceCalls };
}

describe("InlineRenderer", () => {
	it("draws the live region below the shell prompt, leaving the prompt alone", async () => {
		const { screen, show } = await setup();
		show({ lines: ["streaming…", "> composer", "status"] });
		expect((await screen.screen()).slice(0, 4)).toEqual(["$ weft", "streaming…", "> composer", "status"]);
	});

	it("rewrites only the line that changed, in place", async () => {
		const { screen, show, renderer } = await setup();
		const status = "model: mock · 12% context · $0.01";
		show({ lines: ["answer line 1", "> hello", status] });
		const before = screen.writes.length;
		const linesBefore = renderer.stats.linesWritten;
		show({ lines: ["answer line 1", "> help", status] });
		expect((await screen.screen()).slice(1, 4)).toEqual(["answer line 1", "> help", status]);
		expect(renderer.stats.linesWritten - linesBefore).toBe(1);
		const written = screen.writes.slice(before).join("");
		expect(written).toContain("> help");
		expect(written).not.toContain("answer line 1");
		expect(written).not.toContain("model: mock");
		expect(screen.bytesSince(before)).toBeLessThan(40);
	});

	it("writes only the new end of a row that grew", async () => {
		const { screen, show } = await setup();
		show({ lines: ["The answer so far", "\x1b[1mstatus\x1b[m"] });
		const before = screen.writes.length;
		show({ lines: ["The answer so far, \x1b[1mand more\x1b[m", "\x1b[1mstatus\x1b[m"] });
		const written = screen.writes.slice(before).join("");
		expect(written).toContain(", \x1b[1mand more");
		expect(written).not.toContain("The answer");
		expect((await screen.screen()).slice(1, 3)).toEqual(["The answer so far, and more", "status"]);
		// A combining accent can't be added to a drawn character from outside: that row is written whole.
		show({ lines: ["The answer so far, \x1b[1mand more\x1b[m\u0301", "\x1b[1mstatus\x1b[m"] });
		expect(screen.writes.at(-1)).toContain("The answer so far");
	});

	it("writes nothing at all when a frame changes nothing", async () => {
		const { screen, show } = await setup();
		show({ lines: ["a", "b"], cursor: { row: 1, col: 1 } });
		const before = screen.writes.length;
		for (let i = 0; i < 5; i++) show({ lines: ["a", "b"], cursor: { row: 1, col: 1 } });
		expect(screen.writes.length).toBe(before);
	});

	it("wraps every frame in synchronized output", async () => {
		const { screen, show } = await setup();
		show({ lines: ["one"] });
		show({ lines: ["two"] });
		expect(screen.writes).toHaveLength(2);
		for (const chunk of screen.writes) {
			expect(chunk.startsWith(SYNC_BEGIN)).toBe(true);
			expect(chunk.endsWith(SYNC_END)).toBe(true);
		}
	});

	it("writes committed lines once, above the live region, into the scrollback", async () => {
		const { screen, show, renderer } = await setup(30, 6);
		const live = { lines: ["> composer", "status"] };
		show(live);
		for (let i = 1; i <= 12; i++) {
			renderer.commit([`block ${i}`]);
			show(live);
		}
		const all = await screen.allLines();
		expect(all).toEqual([
			"$ weft",
			...Array.from({ length: 12 }, (_, i) => `block ${i + 1}`),
			"> composer",
			"status",
		]);
		// Each committed line was sent exactly once.
		const written = screen.writes.join("");
		for (let i = 1; i <= 12; i++) expect(written.split(`block ${i}\r`).length - 1).toBe(1);
		expect((await screen.screen()).slice(-2)).toEqual(["> composer", "status"]);
	});

	it("erases rows the live region no longer has", async () => {
		const { screen, show } = await setup();
		show({ lines: ["dialog", "option 1", "option 2", "status"] });
		show({ lines: ["status"] });
		expect((await screen.screen()).slice(0, 5)).toEqual(["$ weft", "status", "", "", ""]);
	});

	it("erases the rest of a row that got shorter", async () => {
		const { screen, show } = await setup();
		show({ lines: ["a long line of text"] });
		show({ lines: ["short"] });
		expect((await screen.screen())[1]).toBe("short");
	});

	it("never draws a line wider than the terminal, wide characters and emoji included", async () => {
		const { screen, show } = await setup(20, 6);
		show({ lines: ["😀".repeat(30), "你好".repeat(20), `\x1b[31m${"x".repeat(50)}`, "after"] });
		const rows = await screen.screen();
		expect(rows.slice(1, 5)).toEqual(["😀".repeat(10), "你好".repeat(5), "x".repeat(20), "after"]);
		for (let row = 1; row < 4; row++) expect(await screen.cellsUsed(row)).toBeLessThanOrEqual(20);
	});

	it("closes a style left open at the end of a line, so it never bleeds into the next", async () => {
		const { screen, show } = await setup();
		show({ lines: ["\x1b[41mred background", "plain"] });
		await screen.settle();
		const cell = screen.term.buffer.active.getLine(2)!.getCell(0)!;
		expect(cell.isBgDefault()).toBe(true);
	});

	it("writes the same bytes for a keystroke however long the transcript above", async () => {
		const cost = async (committed: number) => {
			const { screen, show, renderer } = await setup(40, 10);
			for (let i = 0; i < committed; i++) renderer.commit([`entry ${i}`]);
			show({ lines: ["> hell", "status"], cursor: { row: 0, col: 6 } });
			const before = screen.writes.length;
			show({ lines: ["> hello", "status"], cursor: { row: 0, col: 7 } });
			return screen.bytesSince(before);
		};
		expect(await cost(2000)).toBe(await cost(3));
	});

	it("neutralises control characters and cursor movement inside lines", async () => {
		const { screen, show } = await setup();
		show({ lines: ["a\tb\rc\x1b[2Jd\x1b[5A", "next"] });
		expect((await screen.screen()).slice(0, 3)).toEqual(["$ weft", "a    bcd", "next"]);
	});

	it("places the hardware cursor where the frame asks, and hides it when none is asked for", async () => {
		const { screen, show } = await setup();
		show({ lines: ["transcript", "> hello", "status"], cursor: { row: 1, col: 7 } });
		expect(await screen.cursor()).toEqual({ row: 2, col: 7 });
		expect(screen.writes.at(-1)).toContain("\x1b[?25h");
		show({ lines: ["transcript", "> hello", "status"] });
		expect(screen.writes.at(-1)).toContain("\x1b[?25l");
	});

	it("moves only the cursor when only the cursor moved", async () => {
		const { screen, show, renderer } = await setup();
		show({ lines: ["> hello", "status"], cursor: { row: 0, col: 7 } });
		const lines = renderer.stats.linesWritten;
		const before = screen.writes.length;
		show({ lines: ["> hello", "status"], cursor: { row: 0, col: 4 } });
		expect(renderer.stats.linesWritten).toBe(lines);
		expect(await screen.cursor()).toEqual({ row: 1, col: 4 });
		expect(screen.bytesSince(before)).toBeLessThan(30);
	});

	it("shows the bottom of a live region taller than the screen", async () => {
		const { screen, show } = await setup(20, 5);
		show({ lines: Array.from({ length: 8 }, (_, i) => `line ${i}`), cursor: { row: 7, col: 2 } });
		expect(await screen.screen()).toEqual(["line 3", "line 4", "line 5", "line 6", "line 7"]);
		expect(await screen.cursor()).toEqual({ row: 4, col: 2 });
		show({ lines: ["only", "two"] });
		const all = await screen.allLines();
		expect(all.slice(-2)).toEqual(["only", "two"]);
	});

	it("leaves the cursor on a fresh line below the live region when finished", async () => {
		const { screen, show, renderer } = await setup();
		show({ lines: ["> bye", "status"], cursor: { row: 0, col: 5 } });
		renderer.finish();
		screen.write("$ ");
		expect((await screen.screen()).slice(0, 4)).toEqual(["$ weft", "> bye", "status", "$ "]);
		expect(await screen.cursor()).toEqual({ row: 3, col: 2 });
	});

	it("can erase the live region when finished", async () => {
		const { screen, show, renderer } = await setup();
		show({ lines: ["> composer", "status"] });
		renderer.finish({ clear: true });
		expect((await screen.screen()).slice(0, 3)).toEqual(["$ weft", "", ""]);
		expect(await screen.cursor()).toEqual({ row: 1, col: 0 });
	});
});

describe("frame pacing", () => {
	it("turns many requests in one tick into one frame", async () => {
		const { screen, clock, renderer, sourceCalls } = await setup();
		for (let i = 0; i < 100; i++) renderer.requestRender();
		expect(screen.writes).toHaveLength(0);
		clock.advance(0);
		expect(sourceCalls()).toBe(1);
	});

	it("waits out the frame interval (about 60 per second) before the next frame", async () => {
		const { clock, renderer, sourceCalls } = await setup();
		renderer.requestRender();
		clock.advance(0);
		renderer.requestRender();
		clock.advance(10);
		expect(sourceCalls()).toBe(1);
		clock.advance(7);
		expect(sourceCalls()).toBe(2);
	});

	it("does nothing while idle", async () => {
		const { screen, clock, renderer } = await setup();
		renderer.requestRender();
		clock.advance(1000);
		const before = screen.writes.length;
		clock.advance(10_000);
		expect(screen.writes.length).toBe(before);
		expect(clock.pending).toBe(0);
	});
});

describe("resize", () => {
	it("redraws the live region at the new width after the terminal shrinks", async () => {
		const { screen, show, renderer } = await setup(40, 10);
		renderer.commit(["committed output that stays"]);
		const frame = (width: number): Frame => ({
			lines: ["─".repeat(width), `${"·".repeat(width - 4)} 42%`, "> typing here", "status: mock"],
			cursor: { row: 2, col: 13 },
		});
		show(frame(40));
		await screen.resize(20, 10);
		renderer.resized();
		show(frame(20));
		const all = await screen.allLines();
		expect(all).toEqual([
			"$ weft",
			"committed output tha",
			"t stays",
			"─".repeat(20),
			`${"·".repeat(16)} 42%`,
			"> typing here",
			"status: mock",
		]);
		expect(await screen.cursor()).toEqual({ row: 5, col: 13 });
	});

	it("redraws the live region at the new width after the terminal grows", async () => {
		const { screen, show, renderer } = await setup(20, 10);
		const frame = (width: number): Frame => ({ lines: ["─".repeat(width), "status"] });
		show(frame(20));
		await screen.resize(30, 10);
		renderer.resized();
		show(frame(30));
		expect(await screen.allLines()).toEqual(["$ weft", "─".repeat(30), "status"]);
	});

	it("redraws correctly when the screen is full of committed output", async () => {
		const { screen, show, renderer } = await setup(30, 6);
		for (let i = 0; i < 20; i++) renderer.commit([`committed line number ${i}`]);
		show({ lines: ["> composer", "status"], cursor: { row: 0, col: 10 } });
		await screen.resize(15, 6);
		renderer.resized();
		show({ lines: ["> composer", "status"], cursor: { row: 0, col: 10 } });
		expect((await screen.screen()).slice(-4)).toEqual([
			"committed line ",
			"number 19",
			"> composer",
			"status",
		]);
		const all = await screen.allLines();
		expect(all.filter((line) => line === "> composer")).toHaveLength(1);
		expect(all.filter((line) => line === "status")).toHaveLength(1);
	});

	it("keeps the live region whole when the terminal gets shorter", async () => {
		const { screen, show, renderer } = await setup(30, 10);
		for (let i = 0; i < 5; i++) renderer.commit([`old ${i}`]);
		show({ lines: ["widget", "> composer", "status"] });
		await screen.resize(30, 4);
		renderer.resized();
		show({ lines: ["widget", "> composer", "status"] });
		expect((await screen.screen()).slice(-3)).toEqual(["widget", "> composer", "status"]);
		expect(await screen.allLines()).toEqual([
			"$ weft",
			"old 0",
			"old 1",
			"old 2",
			"old 3",
			"old 4",
			"widget",
			"> composer",
			"status",
		]);
	});
});

describe("rows that only move are moved, not rewritten", () => {
	const composer = "> composer with a long placeholder";
	const status = "model: mock · 12% context · $0.01";

	it("inserts committed lines above the live region without writing the live region again", async () => {
		const { screen, show, renderer } = await setup(40, 8);
		show({ lines: ["tail", composer, status] });
		const before = screen.writes.length;
		const linesBefore = renderer.stats.linesWritten;
		renderer.commit(["first answer line", "second answer line"]);
		show({ lines: ["tail", composer, status] });

		const written = screen.writes.slice(before).join("");
		expect(written).not.toContain(composer);
		expect(written).not.toContain(status);
		expect(renderer.stats.linesWritten - linesBefore).toBe(0);
		expect(await screen.allLines()).toEqual([
			"$ weft",
			"first answer line",
			"second answer line",
			"tail",
			composer,
			status,
		]);
	});

	it("writes nothing for committed lines already on screen as the live region's top rows", async () => {
		const { screen, show, renderer } = await setup(40, 8);
		show({ lines: ["", "para one", "para two", composer, status] });
		const before = screen.writes.length;
		renderer.commit(["", "para one", "para two, finished"]);
		show({ lines: ["", "next", composer, status] });

		const written = screen.writes.slice(before).join("");
		expect(written).not.toContain("para one");
		expect(written).not.toContain(composer);
		expect(await screen.allLines()).toEqual([
			"$ weft",
			"",
			"para one",
			"para two, finished",
			"",
			"next",
			composer,
			status,
		]);
	});

	it("keeps a streaming answer's live region at the bottom of a full screen as its paragraphs are committed", async () => {
		const { screen, show, renderer } = await setup(40, 8);
		for (let i = 0; i < 10; i++) renderer.commit([`old ${i}`]);
		const committed: string[] = [];
		for (let p = 0; p < 6; p++) {
			// The paragraph streams in the live region, then is committed as it stands.
			show({ lines: ["", `paragraph ${p} line one`, composer, status] });
			show({ lines: ["", `paragraph ${p} line one`, `paragraph ${p} line two`, composer, status] });
			renderer.commit(["", `paragraph ${p} line one`, `paragraph ${p} line two`]);
			committed.push("", `paragraph ${p} line one`, `paragraph ${p} line two`);
		}
		show({ lines: ["", composer, status] });
		const rows = await screen.screen();
		expect(rows.slice(-3)).toEqual(["", composer, status]);
		const all = await screen.allLines();
		expect(all.slice(all.indexOf("old 9") + 1)).toEqual([...committed, "", composer, status]);
	});

	it("commits more lines than the screen has free rows, in order, with the screen full", async () => {
		const { screen, show, renderer } = await setup(40, 6);
		show({ lines: ["tail", composer, status] });
		for (let round = 0; round < 3; round++) {
			renderer.commit(Array.from({ length: 7 }, (_, i) => `line ${round * 7 + i}`));
			show({ lines: ["tail", composer, status] });
		}
		expect(await screen.allLines()).toEqual([
			"$ weft",
			...Array.from({ length: 21 }, (_, i) => `line ${i}`),
			"tail",
			composer,
			status,
		]);
		expect((await screen.screen()).slice(-3)).toEqual(["tail", composer, status]);
		expect(screen.writes.join("")).not.toContain(`${composer}\r\n`.repeat(2));
	});

	it("shifts the rows under lines added to the middle of the live region", async () => {
		const { screen, show, renderer } = await setup(40, 8);
		for (let i = 0; i < 10; i++) renderer.commit([`old ${i}`]);
		show({ lines: ["one", composer, status] });
		const before = screen.writes.length;
		show({ lines: ["one", "two", "three", composer, status] });

		const written = screen.writes.slice(before).join("");
		expect(written).toContain("\x1b[2L");
		expect(written).not.toContain(composer);
		expect((await screen.screen()).slice(-5)).toEqual(["one", "two", "three", composer, status]);
		expect((await screen.allLines()).filter((line) => line.startsWith("old "))).toHaveLength(10);
	});

	it("pulls up the rows under lines removed from the middle of the live region", async () => {
		const { screen, show } = await setup(40, 8);
		show({ lines: ["one", "two", "three", composer, status] });
		const before = screen.writes.length;
		show({ lines: ["one", composer, status] });

		const written = screen.writes.slice(before).join("");
		expect(written).toContain("\x1b[2M");
		expect(written).not.toContain(composer);
		expect((await screen.screen()).slice(0, 5)).toEqual(["$ weft", "one", composer, status, ""]);
	});

	it("redraws as before when the live region fills the screen", async () => {
		const { screen, show, renderer } = await setup(40, 4);
		const live = { lines: ["a", "b", composer, status] };
		show(live);
		renderer.commit(["committed"]);
		show(live);
		expect(await screen.allLines()).toEqual(["$ weft", "committed", "a", "b", composer, status]);
	});
});
