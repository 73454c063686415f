import { it } from "vitest";
import { startInteractive } from "../../support/tui-harness.js";
const dump = async (h: any, label: string) => console.log(`--- ${label}\n` + (await h.screen.screen()).map((l: string, i: number) => `${i}|${l}`).join("\n"));
const ext = `
export default function (weft: any) {
	weft.ui.setHeader(["HEADER"]);
	weft.registerCommand("ask", { handler: async (_a: string, ctx: any) => {
		const v = await ctx.ui.select("Pick", ["a", "b"]);
		ctx.ui.notify("picked " + v);
	} });
}`;
it("explore", async () => {
	const h = await startInteractive({ rows: 16, cols: 50, files: { "ext/e.ts": ext }, extensions: ["ext/e.ts"], script: [{ text: "answer one" }, { text: "x", stallAfterChunks: 1 }] });
	try {
		await h.waitFor("mock-model");
		h.type("q1"); h.press("enter");
		await h.waitForAll("answer one");
		await new Promise((r) => setTimeout(r, 200));
		await dump(h, "header after a turn");
		h.type("/ask"); h.press("enter");
		await h.waitFor("─ Pick");
		h.press("ctrl+c");
		await new Promise((r) => setTimeout(r, 300));
		await dump(h, "ctrl+c in dialog");
		await h.resize(100, 16);
		await new Promise((r) => setTimeout(r, 300));
		await dump(h, "grown");
		h.type("q2"); h.press("enter");
		await h.waitFor("Working");
		h.press("escape");
		await new Promise((r) => setTimeout(r, 500));
		await dump(h, "after abort");
	} finally {
		await h.dispose();
	}
});
