/**
 * pi's overlays are placed on the whole terminal (the screen frame), as in
 * pi: with a short conversation a bottom-right box sits in the screen's
 * bottom-right corner, not in the middle where the chat's rows end. Closing
 * gives the chat its screen back as it was; resizing while open re-places
 * the box on the new screen.
 */
import { afterEach, describe, expect, it } from "vitest";
import { type Harness, startInteractive } from "../../support/tui-harness.js";

const EXTENSION = `
import type { ExtensionAPI } from "@mariozechner/pi-coding-agent";
import { matchesKey } from "@mariozechner/pi-tui";

const box = (label) => ({
	render: (width) => ["+" + "-".repeat(width - 2) + "+", ("|" + label).padEnd(width - 1) + "|", "+" + "-".repeat(width - 2) + "+"],
	invalidate() {},
});

export default function (pi: ExtensionAPI) {
	pi.on("session_start", (_event, ctx) => ctx.ui.setStatus("ready", "SESSION READY"));
	pi.registerCommand("box", {
		handler: async (args, ctx) => {
			const [anchor, label] = args.trim().split(" ");
			await ctx.ui.custom((_tui, _theme, _kb, done) => ({ ...box(label), handleInput: (d) => matchesKey(d, "escape") && done() }), {
				overlay: true,
				overlayOptions: { anchor, width: 20 },
			});
		},
	});
	pi.registerCommand("stack", {
		handler: async (_args, ctx) => {
			await ctx.ui.custom((tui, _theme, _kb, done) => {
				const corner = tui.showOverlay(box("CORNER"), { anchor: "top-left", width: 20, nonCapturing: true });
				return { ...box("MIDDLE"), handleInput: (d) => { if (matchesKey(d, "escape")) { corner.hide(); done(); } } };
			}, { overlay: true, overlayOptions: { anchor: "bottom-right", width: 20 } });
		},
	});
}
`;

let h: Harness | undefined;
afterEach(async () => {
	await h?.dispose();
	h = undefined;
});

const start = (cols = 80, rows = 24) =>
	startInteractive({
		script: [],
		cols,
		rows,
		files: { "ext/box.ts": EXTENSION },
		extensions: ["ext/box.ts"],
	});

async function run(command: string): Promise<void> {
	await h!.waitFor("SESSION READY");
	h!.type(`/${command}`);
	await h!.waitFor(`/${command}`);
	h!.press("enter");
}

/** The box's top-left cell: the row above its label, and the label's column less one. */
function boxAt(lines: string[], label: string): { row: number; col: number } {
	const row = lines.findIndex((l) => l.includes(`|${label}`));
	return { row: row - 1, col: lines[row].indexOf(`|${label}`) };
}

const gone = (label: string) => (rows: string[]) => !rows.join("\n").includes(`|${label}`);

/**
 * The chat as it was, scrolled up by the rows the overlay took: every line
 * once in the scrollback and screen together, in order, no trace of the
 * box, and no blank rows opened between the conversation and the composer.
 */
async function expectRestored(before: string[], label: string): Promise<void> {
	const all = (await h!.waitForAll(gone(label))).map((l) => l.trimEnd());
	const text = before.map((l) => l.trimEnd()).filter((l) => l !== "");
	expect(all.filter((l) => l !== "")).toEqual(text);
	const inner = (rows: string[]) => {
		const first = rows.findIndex((l) => l.trim() !== "");
		return rows.slice(first, rows.findLastIndex((l) => l.trim() !== "") + 1).filter((l) => l.trim() === "")
			.length;
	};
	const screen = await h!.waitFor(gone(label));
	expect(inner(screen)).toBeLessThanOrEqual(inner(before));
	expect(screen.join("\n")).toContain("SESSION READY");
}

describe("pi overlays on the whole screen", () => {
	it("puts a bottom-right box in the screen's bottom-right corner with a short conversation", async () => {
		h = await start();
		const before = await h.waitFor("SESSION READY");
		await run("box bottom-right BR");
		const lines = await h.waitFor("|BR");
		expect(lines).toHaveLength(24);
		expect(boxAt(lines, "BR")).toEqual({ row: 21, col: 60 });
		expect(lines[23].slice(60)).toBe(`+${"-".repeat(18)}+`);
		h.press("escape");
		await expectRestored(before, "BR");
	});

	it("puts a top-left box at the screen's top-left and a centred one in the screen's middle", async () => {
		h = await start();
		await run("box top-left TL");
		expect(boxAt(await h.waitFor("|TL"), "TL")).toEqual({ row: 0, col: 0 });
		h.press("escape");
		await h.waitFor(gone("TL"));
		await run("box center MID");
		// 24 rows less 3 is 21, half of it 10; 80 less 20 columns is 60, half of it 30.
		expect(boxAt(await h.waitFor("|MID"), "MID")).toEqual({ row: 10, col: 30 });
	});

	it("stacks a top-left and a bottom-right overlay, and closing both restores the screen", async () => {
		h = await start();
		const before = await h.waitFor("SESSION READY");
		await run("stack");
		const lines = await h.waitFor(
			(rows) => rows.join("\n").includes("|CORNER") && rows.join("\n").includes("|MIDDLE"),
		);
		expect(boxAt(lines, "CORNER")).toEqual({ row: 0, col: 0 });
		expect(boxAt(lines, "MIDDLE")).toEqual({ row: 21, col: 60 });
		h.press("escape");
		await expectRestored(before, "CORNER");
		await expectRestored(before, "MIDDLE");
	});

	it("re-places an open box on each new screen size, and restores the screen when it closes", async () => {
		h = await start();
		await run("box bottom-right BR");
		await h.waitFor("|BR");
		await h.resize(120, 40);
		let lines = await h.waitFor((rows) => rows.length === 40 && boxAt(rows, "BR").row === 37);
		expect(boxAt(lines, "BR")).toEqual({ row: 37, col: 100 });
		await h.resize(60, 20);
		lines = await h.waitFor((rows) => rows.length === 20 && boxAt(rows, "BR").row === 17);
		expect(boxAt(lines, "BR")).toEqual({ row: 17, col: 40 });
		h.press("escape");
		const after = await h.waitFor(gone("BR"));
		expect(after.join("\n")).toContain("SESSION READY");
		expect(after.join("\n")).toContain("Ask anything");
		// The live region is the chat's again: the status line is the last row with text, and no copy of it is left above.
		const withStatus = after.filter((l) => l.includes("SESSION READY"));
		expect(withStatus).toHaveLength(1);
	});
});
