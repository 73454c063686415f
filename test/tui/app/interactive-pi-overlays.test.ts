/**
 * pi's overlay options drawn by the real interactive mode (the shapes of
 * pi's overlay-qa-tests.ts): a side-centred anchor with a margin, a panel
 * that is only shown on a wide terminal, maxHeight, a handle that hides and
 * shows the overlay, and a non-capturing overlay beside a focused one.
 */
import { afterEach, describe, expect, it } from "vitest";
import { type Harness, startInteractive } from "../../support/tui-harness.js";

const EXTENSION = `
import type { ExtensionAPI } from "@mariozechner/pi-coding-agent";
import { matchesKey } from "@mariozechner/pi-tui";

const box = (label, rows) => ({
	render: (width) => ["+" + "-".repeat(width - 2) + "+", ...Array.from({ length: rows }, (_, i) => ("|" + label + i).padEnd(width - 1) + "|"), "+" + "-".repeat(width - 2) + "+"],
	invalidate() {},
});

let handle;

export default function (pi: ExtensionAPI) {
	// The status line's model shows before the session exists; this shows once it does.
	pi.on("session_start", (_event, ctx) => ctx.ui.setStatus("ready", "SESSION READY"));
	pi.registerCommand("side", {
		handler: async (_args, ctx) => {
			await ctx.ui.custom((_tui, _theme, _kb, done) => ({ ...box("SIDE", 2), handleInput: (d) => matchesKey(d, "escape") && done() }), {
				overlay: true,
				overlayOptions: { anchor: "right-center", width: "25%", minWidth: 16, margin: { right: 2 }, visible: (w) => w >= 70 },
			});
		},
	});
	pi.registerCommand("tall", {
		handler: async (_args, ctx) => {
			await ctx.ui.custom((_tui, _theme, _kb, done) => ({ ...box("ROW", 30), handleInput: (d) => matchesKey(d, "escape") && done() }), {
				overlay: true,
				overlayOptions: { anchor: "top-left", width: 20, maxHeight: 5, margin: 1 },
			});
		},
	});
	pi.registerCommand("toggle", {
		handler: async (_args, ctx) => {
			await ctx.ui.custom(
				(tui, _theme, _kb, done) => ({
					...box("TOGGLE", 1),
					handleInput(d) {
						if (matchesKey(d, "escape")) return done();
						if (d === "t") {
							handle.setHidden(true);
							setTimeout(() => { handle.setHidden(false); tui.requestRender(); }, 300);
						}
					},
				}),
				{ overlay: true, overlayOptions: { anchor: "center", width: 30 }, onHandle: (h) => { handle = h; } },
			);
		},
	});
	pi.registerCommand("passive", {
		handler: async (_args, ctx) => {
			await ctx.ui.custom((tui, _theme, _kb, done) => {
				const info = tui.showOverlay(box("INFO", 1), { anchor: "top-right", width: 20, nonCapturing: true });
				return {
					...box("ACTIVE", 1),
					handleInput(d) {
						if (matchesKey(d, "escape")) { info.hide(); done(info.isFocused() ? "info had keys" : "active had keys"); }
					},
				};
			}, { overlay: true, overlayOptions: { anchor: "bottom-left", width: 24 } }).then((r) => ctx.ui.notify("closed: " + r, "info"));
		},
	});
}
`;

let h: Harness | undefined;
afterEach(async () => {
	await h?.dispose();
	h = undefined;
});

const start = (cols = 80) =>
	startInteractive({
		script: [],
		cols,
		rows: 24,
		files: { "ext/overlays.ts": EXTENSION },
		extensions: ["ext/overlays.ts"],
	});

async function run(command: string): Promise<void> {
	await h!.waitFor("SESSION READY");
	h!.type(`/${command}`);
	await h!.waitFor(`/${command}`);
	h!.press("enter");
}

describe("pi overlay options in the terminal UI", () => {
	it("anchors right-center with a right margin, a percentage width and a minimum", async () => {
		h = await start(80);
		await run("side");
		const lines = await h.waitFor("|SIDE0");
		const top = lines.findIndex((l) => l.includes("|SIDE0")) - 1;
		const border = lines[top];
		// 25% of 80 is 20 columns (above the minimum of 16), ending 2 columns before the edge.
		expect(border.indexOf("+")).toBe(58);
		expect(border.lastIndexOf("+")).toBe(77);
		h.press("escape");
		await h.waitFor((rows) => !rows.join("\n").includes("|SIDE0"));
	});

	it("leaves out a panel whose visible() refuses a narrow terminal, and shows it once wide enough", async () => {
		h = await start(60);
		await run("side");
		await h.waitFor((rows) => !rows.join("\n").includes("/side"));
		expect((await h.waitFor("Ask anything")).join("\n")).not.toContain("SIDE0");
		await h.resize(90, 24);
		const lines = await h.waitFor("|SIDE1");
		const border = lines[lines.findIndex((l) => l.includes("|SIDE0")) - 1];
		// 25% of 90 is 22 columns.
		expect(border.lastIndexOf("+") - border.indexOf("+") + 1).toBe(22);
		expect(border.lastIndexOf("+")).toBe(87);
	});

	it("cuts an overlay to maxHeight inside its margin", async () => {
		h = await start(80);
		await run("tall");
		const lines = await h.waitFor("|ROW3");
		const first = lines.findIndex((l) => l.includes("+------"));
		expect(lines[first].indexOf("+")).toBe(1);
		expect(lines.slice(first, first + 5).map((l) => l.slice(1, 6))).toEqual([
			"+----",
			"|ROW0",
			"|ROW1",
			"|ROW2",
			"|ROW3",
		]);
		expect(lines.join("\n")).not.toContain("|ROW4");
	});

	it("hides and shows an overlay through the handle onHandle gave", async () => {
		h = await start(80);
		await run("toggle");
		await h.waitFor("|TOGGLE0");
		h.type("t");
		await h.waitFor((rows) => !rows.join("\n").includes("|TOGGLE0"));
		await h.waitFor("|TOGGLE0");
		h.press("escape");
		await h.waitFor((rows) => !rows.join("\n").includes("|TOGGLE0"));
	});

	it("draws a non-capturing overlay beside the focused one, which keeps the keys", async () => {
		h = await start(80);
		await run("passive");
		const lines = await h.waitFor("|ACTIVE0");
		const info = lines.find((l) => l.includes("|INFO0"));
		expect(info?.trimEnd().endsWith("|")).toBe(true);
		expect(info?.indexOf("|INFO0")).toBe(60);
		h.press("escape");
		await h.waitFor("closed: active had keys");
		expect((await h.waitFor("Ask anything")).join("\n")).not.toContain("|INFO0");
	});
});
