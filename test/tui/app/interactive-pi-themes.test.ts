/**
 * pi theme files in the terminal UI: a pi extension's resources_discover
 * themePaths (as pi's dynamic-resources example returns them) put the
 * theme in getAllThemes, and switching to it recolours what weft draws
 * next with pi's colours mapped onto weft's roles.
 */
import { afterEach, describe, expect, it } from "vitest";
import { fgOf, type Harness, startInteractive } from "../../support/tui-harness.js";

const EXTENSION = `
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ExtensionAPI } from "@mariozechner/pi-coding-agent";

const baseDir = dirname(fileURLToPath(import.meta.url));

export default function (pi: ExtensionAPI) {
	pi.on("resources_discover", () => ({ themePaths: [join(baseDir, "harbour.json")] }));
	pi.registerCommand("usetheme", {
		handler: async (args, ctx) => {
			const names = ctx.ui.getAllThemes().map((t) => t.name).join("+");
			const result = ctx.ui.setTheme(args.trim());
			ctx.ui.notify(result.success ? "switched among " + names : "failed: " + result.error, "warning");
		},
	});
}
`;

const HARBOUR = JSON.stringify({
	name: "harbour",
	vars: { amber: "#ff8800" },
	colors: { accent: "#00aaff", warning: "amber", mdHeading: "#ffaa00", userMessageBg: "#202428" },
});

let h: Harness | undefined;
afterEach(async () => {
	await h?.dispose();
	h = undefined;
});

describe("pi theme files from resources_discover", () => {
	it("are offered by name and recolour the terminal UI when chosen", async () => {
		h = await startInteractive({
			script: [],
			settings: { colors: "truecolor" },
			files: { "ext/themes.ts": EXTENSION, "ext/harbour.json": HARBOUR },
			extensions: ["ext/themes.ts"],
		});
		await h.waitFor("mock-model (mock)");
		const weftAccent = fgOf(h, "mock-model");
		h.type("/usetheme harbour");
		h.press("enter");
		await h.waitFor("switched among dark+light+harbour");
		// The status line's model (accent) and the notice in the conversation (warning) take the pi theme's colours.
		const harbour = () => fgOf(h!, "mock-model") === 0x00aaff && fgOf(h!, "switched among") === 0xff8800;
		await h.waitFor(harbour);
		expect(weftAccent).not.toBe(0x00aaff);
		h.type("/usetheme dark");
		h.press("enter");
		await h.waitFor(() => fgOf(h!, "mock-model") === weftAccent);
	});

	it('can be named by the "theme" setting: drawn once extensions have offered it', async () => {
		h = await startInteractive({
			script: [],
			settings: { colors: "truecolor", theme: "harbour" },
			files: { "ext/themes.ts": EXTENSION, "ext/harbour.json": HARBOUR },
			extensions: ["ext/themes.ts"],
		});
		const seen = await h.waitForAll(() => fgOf(h!, "mock-model") === 0x00aaff);
		expect(seen.join("\n")).not.toContain("no theme");
	});

	it('a "theme" setting that names no theme, even after extensions load, is one warning naming the known ones', async () => {
		h = await startInteractive({
			script: [],
			settings: { colors: "truecolor", theme: "harbor" },
			files: { "ext/themes.ts": EXTENSION, "ext/harbour.json": HARBOUR },
			extensions: ["ext/themes.ts"],
		});
		await h.waitFor('no theme "harbor" (known: dark, light, harbour)');
	});
});
