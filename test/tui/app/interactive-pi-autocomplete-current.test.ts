/**
 * pi's `current.getSuggestions` in the real interactive mode: an
 * autocomplete provider that builds on weft's own `/` completion (keeps the
 * commands with "re" in them, relabelled) has its list shown, and choosing
 * one puts weft's command in the composer.
 */
import { afterEach, describe, expect, it } from "vitest";
import { type Harness, startInteractive } from "../../support/tui-harness.js";

const BUILDS_ON_WEFT = `
import type { ExtensionAPI } from "@mariozechner/pi-coding-agent";

export default function (pi: ExtensionAPI) {
	pi.on("session_start", (_event, ctx) => {
		ctx.ui.setStatus("ready", "SESSION READY");
		ctx.ui.addAutocompleteProvider((current) => ({
			async getSuggestions(lines, cursorLine, cursorCol, options) {
				const weft = await current.getSuggestions(lines, cursorLine, cursorCol, options);
				if (!weft || !weft.prefix.startsWith("/")) return weft;
				const items = weft.items.filter((i) => i.value.startsWith("/re"));
				return { prefix: weft.prefix, items: items.map((i) => ({ ...i, label: "pi " + i.label })) };
			},
			applyCompletion: (lines, line, col, item, prefix) => current.applyCompletion(lines, line, col, item, prefix),
		}));
	});
}
`;

let h: Harness | undefined;
afterEach(async () => {
	await h?.dispose();
	h = undefined;
});

describe("pi's current autocomplete provider in the terminal UI", () => {
	it("hands a provider weft's own suggestions to build on", async () => {
		h = await startInteractive({
			script: [],
			files: { "ext/on-weft.ts": BUILDS_ON_WEFT },
			extensions: ["ext/on-weft.ts"],
		});
		await h.waitFor("SESSION READY");
		h.type("/rel");
		const list = await h.waitFor("pi /reload");
		// Only what the provider kept: no unprefixed weft items.
		expect(list.filter((row) => /^\s*\/\w/.test(row))).toEqual([]);
		h.press("tab");
		await h.waitFor((rows) => rows.some((l) => l.trimEnd() === "> /reload"));
	});
});
