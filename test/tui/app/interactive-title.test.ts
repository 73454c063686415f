/** An extension's `ui.setTitle` sets the terminal window's title (OSC 0) and draws nothing. */
import { afterEach, describe, expect, it } from "vitest";
import { type Harness, startInteractive } from "../../support/tui-harness.js";

const EXTENSION = `
import type { ExtensionAPI } from "weft";

export default function (weft: ExtensionAPI) {
	weft.registerCommand("title", {
		description: "Set the window title",
		handler: (args, ctx) => ctx.ui.setTitle(args),
	});
}
`;

let h: Harness | undefined;
afterEach(async () => {
	await h?.dispose();
	h = undefined;
});

describe("ui.setTitle in the terminal UI", () => {
	it("sets the window title and leaves the screen as it was", async () => {
		h = await startInteractive({
			script: [],
			files: { "ext/title.ts": EXTENSION },
			extensions: ["ext/title.ts"],
		});
		const titles: string[] = [];
		h.screen.term.onTitleChange((title) => titles.push(title));
		await h.waitFor("mock-model");
		h.type("/title weft: reviewing");
		h.press("enter");
		const screen = await h.waitFor((rows) => rows.some((l) => l.startsWith("> Ask anything")));
		await h.screen.settle();
		expect(titles).toEqual(["weft: reviewing"]);
		expect(screen.join("\n")).not.toContain("]0;");
	});
});
