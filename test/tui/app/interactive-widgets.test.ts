/**
 * What an extension adds around the stock chat, drawn by the real
 * interactive mode: a header, widgets above and below the composer, a status
 * segment and a footer, each in its place relative to the composer's rules.
 */
import { afterEach, describe, expect, it } from "vitest";
import { type Harness, startInteractive } from "../../support/tui-harness.js";

const EXTENSION = `
import type { ExtensionAPI } from "weft";

export default function (weft: ExtensionAPI) {
	weft.ui.setHeader(["HEADER of the chat"]);
	weft.ui.setWidget({ id: "todo", content: ["WIDGET ABOVE one", "WIDGET ABOVE two"] });
	weft.ui.setWidget({ id: "hint", placement: "below", content: "WIDGET BELOW" });
	weft.ui.setStatus("branch", "SEGMENT main");
	weft.ui.setFooter(["FOOTER of the chat"]);
	weft.registerCommand("tidy", {
		handler: async (_args, ctx) => {
			ctx.ui.removeWidget("todo");
			ctx.ui.setStatus("branch", undefined);
			ctx.ui.setFooter(undefined);
		},
	});
}
`;

let h: Harness | undefined;
afterEach(async () => {
	await h?.dispose();
	h = undefined;
});

const RULE = /^─+$/;

describe("extension widgets, status segment, header and footer", () => {
	it("draws each in its place around the composer", async () => {
		h = await startInteractive({
			script: [],
			files: { "ext/widgets.ts": EXTENSION },
			extensions: ["ext/widgets.ts"],
		});
		const lines = await h.waitFor("SEGMENT main");
		const row = (pattern: string | RegExp) =>
			lines.findIndex((l) => (typeof pattern === "string" ? l.includes(pattern) : pattern.test(l)));
		const composer = row("> Ask anything");
		const rules = lines.map((l, i) => (RULE.test(l) ? i : -1)).filter((i) => i >= 0);
		expect(rules).toEqual([composer - 1, composer + 1]);

		expect(row("HEADER of the chat")).toBeLessThan(row("WIDGET ABOVE one"));
		expect(row("WIDGET ABOVE one")).toBe(row("WIDGET ABOVE two") - 1);
		expect(row("WIDGET ABOVE two")).toBeLessThan(composer - 1);
		expect(row("WIDGET BELOW")).toBeGreaterThan(composer + 1);
		const status = row(/^mock-model \(mock\)/);
		expect(status).toBeGreaterThan(row("WIDGET BELOW"));
		expect(lines[status]).toContain("SEGMENT main");
		expect(row("FOOTER of the chat")).toBeGreaterThan(status);
	});

	it("takes them down again when the extension removes them", async () => {
		h = await startInteractive({
			script: [],
			files: { "ext/widgets.ts": EXTENSION },
			extensions: ["ext/widgets.ts"],
		});
		await h.waitFor("SEGMENT main");
		h.type("/tidy");
		h.press("enter");
		const lines = await h.waitFor((rows) => !rows.join("\n").includes("FOOTER of the chat"));
		const text = lines.join("\n");
		expect(text).not.toContain("WIDGET ABOVE");
		expect(text).not.toContain("SEGMENT main");
		expect(text).toContain("WIDGET BELOW");
		expect(text).toContain("HEADER of the chat");
	});
});
