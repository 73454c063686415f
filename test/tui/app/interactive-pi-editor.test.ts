/**
 * pi's replacement editors drawn by the real interactive mode: one that
 * extends CustomEditor and redraws its rules with `this.borderColor` and a
 * status in them (the shape of pi's border-status-editor.ts) and leaves the
 * keys it does not use to weft's bindings, and one whose
 * render throws — weft's composer comes back with a notice, never a blank
 * screen. A header component that throws goes the same way.
 */
import { afterEach, describe, expect, it } from "vitest";
import { type Harness, startInteractive } from "../../support/tui-harness.js";

const BORDER_EDITOR = `
import { CustomEditor, type ExtensionAPI } from "@mariozechner/pi-coding-agent";

export default function (pi: ExtensionAPI) {
	pi.on("session_start", (_event, ctx) => {
		ctx.ui.setFooter(() => ({ render: () => [], invalidate() {} }));
		class Bordered extends CustomEditor {
			constructor(tui, theme, keybindings) {
				super(tui, theme, keybindings, { paddingX: 2 });
			}
			render(width: number): string[] {
				const lines = super.render(width);
				const label = " " + (ctx.model ? ctx.model.provider + "/" + ctx.model.id : "no model") + " ";
				lines[0] = this.borderColor("─".repeat(3)) + "[top pad=" + this.getPaddingX() + "]" + this.borderColor("─".repeat(Math.max(0, width - 16)));
				lines[lines.length - 1] = this.borderColor("──") + label + this.borderColor("─".repeat(Math.max(0, width - 2 - label.length)));
				return lines;
			}
		}
		ctx.ui.setEditorComponent((tui, theme, keybindings) => new Bordered(tui, theme, keybindings));
	});
}
`;

const BROKEN_PARTS = `
import { CustomEditor, type ExtensionAPI } from "@mariozechner/pi-coding-agent";

export default function (pi: ExtensionAPI) {
	pi.registerCommand("broken-editor", {
		handler: async (_args, ctx) => {
			class Broken extends CustomEditor {
				render(): string[] {
					throw new Error("editor exploded");
				}
			}
			ctx.ui.setEditorComponent((tui, theme, keybindings) => new Broken(tui, theme, keybindings));
		},
	});
	pi.registerCommand("broken-header", {
		handler: async (_args, ctx) => {
			ctx.ui.setHeader(() => ({ render: () => { throw new Error("header exploded"); }, invalidate() {} }));
		},
	});
}
`;

let h: Harness | undefined;
afterEach(async () => {
	await h?.dispose();
	h = undefined;
});

describe("pi's replacement editors in the terminal UI", () => {
	it("draws a CustomEditor whose render redraws the rules with borderColor, and sends what is typed", async () => {
		h = await startInteractive({
			script: [{ text: "got it" }],
			files: { "ext/border.ts": BORDER_EDITOR },
			extensions: ["ext/border.ts"],
		});
		const idle = await h.waitFor("[top pad=2]");
		expect(idle.join("\n")).toContain("── mock/mock-model ─");
		h.type("hello there");
		const typed = await h.waitFor("  hello there");
		const row = typed.findIndex((l) => l.includes("hello there"));
		expect(typed[row - 1]).toContain("[top pad=2]");
		expect(typed[row + 1]).toContain("mock/mock-model");
		h.press("enter");
		await h.waitForAll("got it");
		expect(h.requests().at(-1)?.body.messages.at(-1)).toMatchObject({ role: "user" });
		expect(JSON.stringify(h.requests().at(-1)?.body.messages.at(-1))).toContain("hello there");
	});

	it("leaves the keys the editor does not use to weft: escape aborts the answer, ctrl+c clears the draft", async () => {
		h = await startInteractive({
			script: [{ text: "partial words and then a stall", stallAfterChunks: 2 }],
			files: { "ext/border.ts": BORDER_EDITOR },
			extensions: ["ext/border.ts"],
		});
		await h.waitFor("[top pad=2]");
		h.type("stall please");
		h.press("enter");
		await h.waitFor("partial");
		h.press("escape");
		await h.waitForAll("Aborted");
		h.type("a draft");
		await h.waitFor("  a draft");
		h.press("ctrl+c");
		await h.waitFor((rows) => !rows.join("\n").includes("a draft"));
	});

	it("brings weft's composer back with a notice when the extension's editor or header throws while drawing", async () => {
		h = await startInteractive({
			script: [{ text: "still answering" }],
			files: { "ext/broken.ts": BROKEN_PARTS },
			extensions: ["ext/broken.ts"],
		});
		await h.waitFor("mock-model (mock)");
		h.type("/broken-editor");
		h.press("enter");
		const back = await h.waitFor("editor failed to draw (editor exploded)");
		expect(back.join("\n")).toContain("weft's composer is back");
		expect(back.join("\n")).toContain("mock-model (mock)");
		h.type("/broken-header");
		h.press("enter");
		await h.waitFor("header failed to draw (header exploded)");
		h.type("after it");
		h.press("enter");
		await h.waitForAll("still answering");
	});
});
