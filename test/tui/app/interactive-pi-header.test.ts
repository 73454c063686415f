/**
 * pi's `setHeader` drawn by the real interactive mode: a header set by
 * `session_start` is printed at the top of the conversation in place of
 * weft's start-up header and scrolls away as the conversation grows; one
 * set or cleared later puts the conversation again under the new header.
 */
import { afterEach, describe, expect, it } from "vitest";
import { type Harness, startInteractive } from "../../support/tui-harness.js";

const HEADER_EXTENSION = `
import type { ExtensionAPI } from "@mariozechner/pi-coding-agent";

const header = (text: string) => (_tui, theme) => ({
	render: (width: number) => ["", theme.fg("accent", text + " at " + width), ""],
	invalidate() {},
});

export default function (pi: ExtensionAPI) {
	pi.on("session_start", (_event, ctx) => {
		if (ctx.hasUI) ctx.ui.setHeader(header("MASCOT HEADER"));
	});
	pi.registerCommand("other-header", { handler: async (_args, ctx) => ctx.ui.setHeader(header("OTHER HEADER")) });
	pi.registerCommand("builtin-header", { handler: async (_args, ctx) => ctx.ui.setHeader(undefined) });
}
`;

const LONG_ANSWER = Array.from({ length: 30 }, (_, i) => `answer line ${i + 1}`).join("\n\n");

let h: Harness | undefined;
afterEach(async () => {
	await h?.dispose();
	h = undefined;
});

const index = (rows: string[], text: string) => rows.findIndex((row) => row.includes(text));

describe("pi's header at the top of the conversation", () => {
	it("takes the start-up header's place and scrolls away with the conversation", async () => {
		h = await startInteractive({
			script: [{ text: LONG_ANSWER }],
			files: { "ext/header.ts": HEADER_EXTENSION },
			extensions: ["ext/header.ts"],
		});
		const start = await h.waitFor("MASCOT HEADER at 80");
		expect(start.join("\n")).not.toContain("/help lists keys and commands");
		expect(index(start, "MASCOT HEADER")).toBeLessThan(index(start, "Ask anything"));
		h.type("hello");
		h.press("enter");
		const screen = await h.waitFor("answer line 30");
		// Pushed into the scrollback by the answer, as in pi; nothing pinned above the live region.
		expect(screen.join("\n")).not.toContain("MASCOT HEADER");
		const all = await h.waitForAll("answer line 30");
		expect(index(all, "MASCOT HEADER")).toBeLessThan(index(all, "❯ hello"));
		expect(all.join("\n")).not.toContain("/help lists keys and commands");
	});

	it("writes the conversation again under a header set or cleared later", async () => {
		h = await startInteractive({
			script: [{ text: "first answer" }],
			files: { "ext/header.ts": HEADER_EXTENSION },
			extensions: ["ext/header.ts"],
		});
		await h.waitFor("MASCOT HEADER");
		h.type("hello");
		h.press("enter");
		await h.waitFor("first answer");
		h.type("/other-header");
		h.press("enter");
		const other = await h.waitForAll((rows) => rows.join("\n").includes("OTHER HEADER"));
		expect(other.join("\n")).not.toContain("MASCOT HEADER");
		expect(index(other, "OTHER HEADER")).toBeLessThan(index(other, "❯ hello"));
		expect(index(other, "❯ hello")).toBeLessThan(index(other, "first answer"));
		h.type("/builtin-header");
		h.press("enter");
		const builtin = await h.waitForAll("/help lists keys and commands");
		expect(builtin.join("\n")).not.toContain("OTHER HEADER");
		expect(index(builtin, "/help lists keys and commands")).toBeLessThan(index(builtin, "❯ hello"));
	});
});
