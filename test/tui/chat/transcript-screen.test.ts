/**
 * A bash tool call as a user sees it in a real terminal emulator: its output
 * streaming in the live region, then the finished block written once into
 * the scrollback with a green marker.
 */
import { describe, expect, it } from "vitest";
import type { SessionEvent } from "../../../src/agent/session-events.js";
import { type AssistantMessage, emptyUsage } from "../../../src/kernel/messages.js";
import { TranscriptWindow } from "../../../src/tui/app/transcript-window.js";
import type { BlockRenderContext } from "../../../src/tui/chat/transcript/block-view.js";
import { stockToolRenderers } from "../../../src/tui/chat/transcript/tool-renderers.js";
import { TranscriptController } from "../../../src/tui/chat/transcript/transcript-controller.js";
import { ContentBuffer } from "../../../src/tui/primitives/buffer.js";
import { InlineRenderer } from "../../../src/tui/render/inline-renderer.js";
import { wrap } from "../../../src/tui/text/wrap.js";
import { DARK_THEME } from "../../../src/tui/theme/builtin-themes.js";
import { Styler } from "../../../src/tui/theme/style.js";
import { ManualClock } from "../support/manual-clock.js";
import { Screen } from "../support/screen.js";

function chat(columns: number, rows: number) {
	const screen = new Screen(columns, rows);
	const buffer = new ContentBuffer("transcript", "blocks", "weft");
	const controller = new TranscriptController(buffer);
	const styler = new Styler(DARK_THEME);
	const tools = stockToolRenderers(() => styler);
	const context = (width: number): BlockRenderContext => ({
		width,
		styler,
		expanded: false,
		markdown: (text, w) => wrap(text, w),
		toolRenderer: (name) => tools[name],
		messageRenderer: () => undefined,
	});
	const window = new TranscriptWindow(buffer, context);
	const renderer: InlineRenderer = new InlineRenderer(
		screen,
		({ width }) => {
			const finished = window.takeFinished(width);
			if (finished.length > 0) renderer.commit(finished);
			return { lines: window.renderLive(width).lines };
		},
		{ clock: new ManualClock() },
	);
	const send = (...events: SessionEvent[]) => {
		for (const event of events) controller.handle(event);
		renderer.renderNow();
	};
	return { screen, send };
}

const message = (text: string): AssistantMessage => ({
	role: "assistant",
	content: [{ type: "text", text }],
	provider: "p",
	model: "m",
	usage: emptyUsage(),
	stopReason: "end",
	timestamp: 0,
});
const output = (from: number, to: number) =>
	Array.from({ length: to - from + 1 }, (_, i) => `test ${from + i} ok`).join("\n");
const bash = { id: "call_1", name: "bash" };
/** Rows with text, trailing blanks (the user band's background) trimmed. */
const visible = (rows: string[]) => rows.map((row) => row.trimEnd()).filter((row) => row !== "");

describe("a bash tool block on screen", () => {
	it("streams the latest output lines while running, then stays in the scrollback once finished", async () => {
		const { screen, send } = chat(50, 16);
		send(
			{ type: "input", text: "run the tests", images: [], source: "interactive" },
			{ type: "agent_start", prompt: "run the tests" },
			{ type: "turn_start", step: 1 },
			{ type: "message_start", message: message("") },
			{ type: "message_update", delta: { type: "text", text: "Running them." }, message: message("") },
			{ type: "message_end", message: message("Running them.") },
			{
				type: "turn_result",
				step: 1,
				content: "Running them.",
				thinking: "",
				toolCalls: [{ type: "toolCall", ...bash, args: { command: "npm test" } }],
				usage: emptyUsage(),
			},
			{ type: "assistant_message", text: "Running them." },
			{ type: "tool_call", ...bash, args: { command: "npm test" }, source: "model" },
			{ type: "tool_execution_start", ...bash, args: { command: "npm test" }, source: "model" },
			{ type: "tool_execution_update", ...bash, partial: [{ type: "text", text: output(1, 3) }] },
		);
		expect(visible(await screen.screen())).toEqual([
			"❯ run the tests",
			"Running them.",
			"● $ npm test",
			"  test 1 ok",
			"  test 2 ok",
			"  test 3 ok",
		]);

		send({ type: "tool_execution_update", ...bash, partial: [{ type: "text", text: output(1, 8) }] });
		const streaming = visible(await screen.screen());
		expect(streaming.slice(2)).toEqual([
			"● $ npm test",
			"  … 3 earlier lines (ctrl+o to expand)",
			"  test 4 ok",
			"  test 5 ok",
			"  test 6 ok",
			"  test 7 ok",
			"  test 8 ok",
		]);

		send(
			{
				type: "tool_result",
				...bash,
				args: { command: "npm test" },
				source: "model",
				content: [{ type: "text", text: output(1, 9) }],
				isError: false,
				details: { exitCode: 0, timedOut: false, aborted: false, truncated: false },
			},
			{ type: "turn_end", step: 1, stopReason: "tool_use", usage: emptyUsage(), message: message("") },
			{ type: "turn_start", step: 2 },
			{ type: "message_start", message: message("") },
			{ type: "message_update", delta: { type: "text", text: "All 9 tests pass." }, message: message("") },
			{ type: "message_end", message: message("All 9 tests pass.") },
			{
				type: "turn_result",
				step: 2,
				content: "All 9 tests pass.",
				thinking: "",
				toolCalls: [],
				usage: emptyUsage(),
			},
			{ type: "assistant_message", text: "All 9 tests pass." },
			{ type: "turn_end", step: 2, stopReason: "end", usage: emptyUsage(), message: message("") },
			{ type: "agent_end", reason: "completed", response: "All 9 tests pass.", messageCount: 4 },
		);

		const all = visible(await screen.allLines());
		expect(all).toEqual([
			"❯ run the tests",
			"Running them.",
			"● $ npm test",
			"  … 4 earlier lines (ctrl+o to expand)",
			"  test 5 ok",
			"  test 6 ok",
			"  test 7 ok",
			"  test 8 ok",
			"  test 9 ok",
			"All 9 tests pass.",
		]);
		// The marker turned green (the theme's success colour) when the command finished.
		const rows = screen.term.buffer.active;
		const markerRow = [...Array(rows.length).keys()].find((y) =>
			rows.getLine(y)?.translateToString(true).startsWith("● $ npm test"),
		)!;
		const marker = rows.getLine(markerRow)!.getCell(0)!;
		expect(marker.isFgRGB()).toBe(true);
		expect(marker.getFgColor().toString(16).padStart(6, "0")).toBe(
			DARK_THEME.colors.success.toString().slice(1),
		);
	});
});
