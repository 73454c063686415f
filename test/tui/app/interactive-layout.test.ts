/**
 * Extensions working with the layout primitives in the real interactive
 * mode: a window of their own drawn with draw operations, and the whole
 * layout replaced by a reskin (and reset to the stock chat).
 */
import { afterEach, describe, expect, it } from "vitest";
import { type Harness, startInteractive } from "../../support/tui-harness.js";

const EXTENSION = `
import type { ExtensionAPI } from "weft";

export default function (weft: ExtensionAPI) {
	weft.registerCommand("clock", {
		handler: async (_args, ctx) => {
			const layout = ctx.ui.tui!.layout;
			layout.insert({ id: "clock", renderer: "extension", height: { type: "fixed", rows: 3 } }, { before: "composer" });
			layout.draw("clock", [
				{ op: "box", row: 0, col: 0, width: 24, height: 3, border: "rounded", title: "Clock" },
				{ op: "text", row: 1, col: 2, text: "12:34:56", style: { fg: "accent", bold: true } },
			]);
		},
	});
	weft.registerCommand("reskin", {
		handler: async (_args, ctx) => {
			ctx.ui.tui!.layout.replace([
				{ id: "skin", renderer: { render: (width: number) => ["RESKIN " + width] } },
				{ id: "composer" },
			]);
		},
	});
	weft.registerCommand("unskin", {
		handler: async (_args, ctx) => ctx.ui.tui!.layout.reset(),
	});
}
`;

let h: Harness | undefined;
afterEach(async () => {
	await h?.dispose();
	h = undefined;
});

async function start(script = [] as Parameters<typeof startInteractive>[0]["script"]): Promise<Harness> {
	const harness = await startInteractive({
		script,
		files: { "ext/layout.ts": EXTENSION },
		extensions: ["ext/layout.ts"],
	});
	await harness.waitFor("mock-model");
	return harness;
}

describe("an extension's window with draw operations", () => {
	it("shows the box and text it drew, just above the composer", async () => {
		h = await start();
		h.type("/clock");
		h.press("enter");
		const lines = await h.waitFor("12:34:56");
		const top = lines.findIndex((l) => l.startsWith("╭─ Clock"));
		expect(lines[top]).toMatch(/^╭─ Clock ─+╮$/);
		expect(lines[top].length).toBe(24);
		expect(lines[top + 1]).toMatch(/^│ 12:34:56\s+│$/);
		expect(lines[top + 2]).toMatch(/^╰─+╯$/);
		// The window is fixed at three rows and sits right above the composer's top rule.
		expect(lines[top + 3]).toMatch(/^─+$/);
		expect(lines[top + 4]).toContain("> Ask anything");
		// The extension's style reached the terminal: the clock's digits are bold.
		const row = h.screen.term.buffer.active.getLine(h.screen.term.buffer.active.viewportY + top + 1);
		expect(row?.getCell(2)?.isBold()).toBeTruthy();
	});
});

describe("a layout replaced by an extension", () => {
	it("shows only the extension's window and the composer, still sends prompts, and resets to the stock chat", async () => {
		h = await start([{ text: "answer to the reskinned prompt" }]);
		h.type("/reskin");
		h.press("enter");
		const skinned = await h.waitFor("RESKIN 80");
		expect(skinned.join("\n")).not.toContain("mock-model");
		const skin = skinned.indexOf("RESKIN 80");
		expect(skinned[skin + 1]).toMatch(/^─+$/);
		expect(skinned[skin + 2]).toContain("> Ask anything");

		h.type("typed into the reskin");
		await h.waitFor("> typed into the reskin");
		h.press("enter");
		await h.waitFor(() => h!.requests().length === 1);
		const sent = h.requests()[0].body.messages.at(-1);
		expect(sent).toMatchObject({ role: "user", content: "typed into the reskin" });
		await h.waitFor((lines) => lines.some((l) => l.startsWith("> Ask anything")));

		h.type("/unskin");
		h.press("enter");
		const stock = await h.waitFor("mock-model (mock)");
		expect(stock.join("\n")).not.toContain("RESKIN");
		expect(stock.some((l) => l.startsWith("> Ask anything"))).toBe(true);
	});
});
