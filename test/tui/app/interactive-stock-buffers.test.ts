/**
 * The stock `status`, `thinking` and `tools` buffers, read by an extension
 * through `ctx.ui.tui.buffers` in the real interactive mode: the status
 * line's segments one a line, the thinking text, and the tool calls with
 * their status.
 */
import { afterEach, describe, expect, it } from "vitest";
import { type Harness, startInteractive } from "../../support/tui-harness.js";

const EXTENSION = `
import type { ExtensionAPI } from "weft";

export default function (weft: ExtensionAPI) {
	weft.ui.setStatus("mine", "SEGMENT");
	weft.registerCommand("peek", {
		handler: async (_args, ctx) => {
			const buffers = ctx.ui.tui?.buffers;
			const status = buffers?.get("status")?.getLines() ?? [];
			const thinking = buffers?.get("thinking")?.recentBlocks(5).map((b) => b.text) ?? [];
			const tools = buffers?.get("tools")?.recentBlocks(5).map((b) => b.text + ":" + (b.data as { status: string }).status) ?? [];
			ctx.ui.notify("STATUS[" + status.join("|") + "]");
			ctx.ui.notify("THINKING[" + thinking.join("|") + "] TOOLS[" + tools.join("|") + "]");
		},
	});
}
`;

let h: Harness | undefined;
afterEach(async () => {
	await h?.dispose();
	h = undefined;
});

describe("the stock buffers an extension reads", () => {
	it("hold the status segments, the thinking text and the tool calls", async () => {
		h = await startInteractive({
			cols: 120,
			script: [
				{ thinking: "pondering the file", toolCalls: [{ name: "read", args: { path: "notes.txt" } }] },
				{ text: "done reading" },
			],
			files: { "ext/peek.ts": EXTENSION, "notes.txt": "hello" },
			extensions: ["ext/peek.ts"],
		});
		await h.waitFor("SEGMENT");
		h.type("read it");
		h.press("enter");
		await h.waitFor(
			(rows) => rows.some((l) => l.includes("done reading")) && !rows.some((l) => l.includes("Working")),
		);
		h.type("/peek");
		h.press("enter");
		const screen = (await h.waitFor("TOOLS[")).join("\n");
		expect(screen).toMatch(/STATUS\[mock-model \(mock\)\|[^|]+\|↑\S+ ↓\S+\|SEGMENT\]/);
		expect(screen).toContain("THINKING[pondering the file] TOOLS[read:done]");
	});
});
