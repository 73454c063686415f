import { describe, expect, it } from "vitest";
import { Notifications } from "../../../src/tui/chat/ui/notifications.js";
import {
	formatCost,
	formatTokens,
	renderStatusLine,
	SPINNER_FRAMES,
	type StatusState,
} from "../../../src/tui/chat/ui/status-line.js";
import { plain, visibleWidth } from "../../../src/tui/text/width.js";
import { DARK_THEME } from "../../../src/tui/theme/builtin-themes.js";
import { Styler } from "../../../src/tui/theme/style.js";
import { ManualClock } from "../support/manual-clock.js";

const styler = new Styler(DARK_THEME);

const state: StatusState = {
	model: "claude-sonnet-4",
	provider: "anthropic",
	contextUsed: 12_300,
	contextLimit: 200_000,
	tokensIn: 45_600,
	tokensOut: 1_234,
	cost: 0.0123,
	segments: [{ id: "git", text: "main*" }],
	cwd: "~/src/weft",
};

describe("renderStatusLine", () => {
	it("fits everything on one line at 120 columns, the cwd at the right edge", () => {
		const lines = renderStatusLine(state, 120, styler);
		expect(lines).toHaveLength(1);
		const line = plain(lines[0]);
		expect(line).toMatch(
			/^claude-sonnet-4 \(anthropic\) · 12\.3k\/200k \(6%\) · ↑45\.6k ↓1\.2k · \$0\.0123 · main\* +~\/src\/weft$/,
		);
		expect(visibleWidth(lines[0])).toBe(120);
	});

	it("splits into two lines at 40 columns, model and context first (without the provider when short of room)", () => {
		const lines = renderStatusLine(state, 40, styler);
		expect(lines.map(plain)).toEqual(["claude-sonnet-4 · 12.3k/200k (6%)", "↑45.6k ↓1.2k · $0.0123 · main*"]);
		for (const line of lines) expect(visibleWidth(line)).toBeLessThanOrEqual(40);
	});

	it("leads with a braille spinner, the label and elapsed time while the agent works", () => {
		const working = { ...state, cwd: undefined, working: { label: "Working", frame: 3, elapsedMs: 65_000 } };
		const [line] = renderStatusLine(working, 120, styler).map(plain);
		expect(line.startsWith(`${SPINNER_FRAMES[3]} Working 1m 05s · claude-sonnet-4`)).toBe(true);
		const narrow = renderStatusLine({ ...working, queued: 2 }, 40, styler).map(plain);
		expect(narrow[1]).toBe(`${SPINNER_FRAMES[3]} Working 1m 05s · ↑45.6k ↓1.2k · $0.01…`);
	});

	it("shows queued messages, thinking level and extension segments joined with dots", () => {
		const [line] = renderStatusLine(
			{
				...state,
				cwd: undefined,
				thinking: "high",
				queued: 1,
				segments: [
					{ id: "a", text: "lint ok" },
					{ id: "b", text: "two\nlines" },
				],
			},
			200,
			styler,
		).map(plain);
		expect(line).toContain("· thinking high ·");
		expect(line).toMatch(/· 1 queued · lint ok · two lines$/);
	});

	it("colours context use as it fills up", () => {
		const nearlyFull = renderStatusLine({ ...state, contextUsed: 190_000 }, 120, styler)[0];
		expect(nearlyFull).toContain(`${styler.sgr({ fg: "error" })}190k/200k (95%)`);
	});

	it("stays within tiny widths", () => {
		for (const width of [1, 5, 10]) {
			for (const line of renderStatusLine(state, width, styler))
				expect(visibleWidth(line)).toBeLessThanOrEqual(width);
		}
	});
});

describe("the cost segment", () => {
	it("is left out when there is none to show (a model without a price)", () => {
		const line = plain(renderStatusLine({ ...state, cost: undefined }, 120, styler)[0]);
		expect(line).toMatch(
			/^claude-sonnet-4 \(anthropic\) · 12\.3k\/200k \(6%\) · ↑45\.6k ↓1\.2k · main\* +~\/src\/weft$/,
		);
	});
});

describe("formatting", () => {
	it("writes token counts and costs compactly", () => {
		expect([340, 1000, 12_300, 99_999, 200_000, 1_500_000].map(formatTokens)).toEqual([
			"340",
			"1k",
			"12.3k",
			"100k",
			"200k",
			"1.5M",
		]);
		expect(formatCost(0.0123)).toBe("$0.0123");
		expect(formatCost(0)).toBe("$0.0000");
		expect(formatCost(12.345)).toBe("$12.35");
	});
});

describe("Notifications", () => {
	it("shows a message for a few seconds, then removes it and asks for a frame", () => {
		const clock = new ManualClock();
		let changes = 0;
		const notes = new Notifications(clock, () => changes++);
		notes.notify("Saved", "success");
		expect(notes.render(40, styler).map(plain)).toEqual(["✓ Saved"]);
		clock.advance(3999);
		expect(notes.visible).toHaveLength(1);
		clock.advance(1);
		expect(notes.visible).toEqual([]);
		expect(notes.render(40, styler)).toEqual([]);
		expect(changes).toBe(2);
	});

	it("keeps errors and warnings longer, in their level colour", () => {
		const clock = new ManualClock();
		const notes = new Notifications(clock);
		notes.notify("Broke", "error");
		expect(notes.render(40, styler)[0]).toContain(styler.sgr({ fg: "error" }));
		clock.advance(4000);
		expect(notes.visible).toEqual([{ message: "Broke", level: "error" }]);
		clock.advance(4000);
		expect(notes.visible).toEqual([]);
	});

	it("shows at most three at once, the oldest giving way", () => {
		const clock = new ManualClock();
		const notes = new Notifications(clock);
		for (const message of ["one", "two", "three", "four"]) notes.notify(message);
		expect(notes.render(40, styler).map(plain)).toEqual(["• two", "• three", "• four"]);
		expect(clock.pending).toBe(3);
	});

	it("wraps a long message within the width", () => {
		const notes = new Notifications(new ManualClock());
		notes.notify("a message that is longer than the line", "warning");
		const lines = notes.render(20, styler);
		expect(lines.map(plain)).toEqual(["! a message that is", "  longer than the", "  line"]);
		for (const line of lines) expect(visibleWidth(line)).toBeLessThanOrEqual(20);
	});
});
