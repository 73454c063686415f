/**
 * Dialogs an extension opens from a command, drawn by the real interactive
 * mode: select (keys move and pick, Esc cancels), confirm with a timeout
 * (closes by itself), and input (typed text comes back).
 */
import { afterEach, describe, expect, it } from "vitest";
import { type Harness, startInteractive } from "../../support/tui-harness.js";

const EXTENSION = `
import type { ExtensionAPI } from "weft";

export default function (weft: ExtensionAPI) {
	weft.registerCommand("ask", {
		description: "Pick a letter",
		handler: async (_args, ctx) => {
			const value = await ctx.ui.select("Pick", ["a", "b"]);
			ctx.ui.notify("picked " + value);
		},
	});
	weft.registerCommand("sure", {
		handler: async (_args, ctx) => {
			const yes = await ctx.ui.confirm("Deploy now?", "this cannot wait", { timeoutMs: 300 });
			ctx.ui.notify("confirmed " + yes);
		},
	});
	weft.registerCommand("greet", {
		handler: async (_args, ctx) => {
			const name = await ctx.ui.input("Your name", { placeholder: "type it here" });
			ctx.ui.notify("hello " + name);
		},
	});
}
`;

let h: Harness | undefined;
afterEach(async () => {
	await h?.dispose();
	h = undefined;
});

async function start(): Promise<Harness> {
	const harness = await startInteractive({
		script: [],
		files: { "ext/dialogs.ts": EXTENSION },
		extensions: ["ext/dialogs.ts"],
	});
	await harness.waitFor("mock-model");
	return harness;
}

const dialogGone = (title: string) => (lines: string[]) => !lines.some((l) => l.includes(title));

describe("extension dialogs", () => {
	it("draws a select dialog; Down and Enter pick the second item", async () => {
		h = await start();
		h.type("/ask");
		await h.waitFor("Pick a letter"); // the command's completion shows its description
		h.press("enter");
		const dialog = await h.waitFor("─ Pick");
		const title = dialog.findIndex((l) => l.includes("─ Pick"));
		expect(dialog[title + 1]).toContain("type to filter");
		expect(dialog.some((l) => /› a\b/.test(l))).toBe(true);
		expect(dialog.some((l) => /^│\s+b\s+│$/.test(l))).toBe(true);

		h.press("down");
		await h.waitFor((lines) => lines.some((l) => /› b\b/.test(l)));
		h.press("enter");
		const after = await h.waitFor("picked b");
		expect(dialogGone("─ Pick")(after)).toBe(true);
		expect(after.some((l) => l.startsWith("> Ask anything"))).toBe(true);
	});

	it("cancels a select with Escape", async () => {
		h = await start();
		h.type("/ask");
		h.press("enter");
		await h.waitFor("─ Pick");
		h.press("escape");
		const after = await h.waitFor("picked undefined");
		expect(dialogGone("─ Pick")(after)).toBe(true);
	});

	it("closes a confirm with a timeout by itself, as a no", async () => {
		h = await start();
		h.type("/sure");
		h.press("enter");
		const dialog = await h.waitFor("Deploy now?");
		expect(dialog.join("\n")).toContain("this cannot wait");
		expect(dialog.join("\n")).toMatch(/Yes\s+No/);
		const after = await h.waitFor("confirmed false");
		expect(dialogGone("Deploy now?")(after)).toBe(true);
	});

	it("returns what was typed into an input dialog", async () => {
		h = await start();
		h.type("/greet");
		h.press("enter");
		const dialog = await h.waitFor("Your name");
		expect(dialog.join("\n")).toContain("type it here");
		h.type("Ada Lovelace");
		await h.waitFor("› Ada Lovelace");
		h.press("enter");
		const after = await h.waitFor("hello Ada Lovelace");
		expect(dialogGone("Your name")(after)).toBe(true);
		// The text went to the dialog, not the composer.
		expect(after.some((l) => l.startsWith("> Ask anything"))).toBe(true);
	});
});
