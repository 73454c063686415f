/**
 * `/theme` in the terminal UI: a name switches at once and recolours what
 * is drawn; bare, a picker lists weft's built-ins and the user's
 * ~/.weft/themes files, Esc leaves the theme in use; an unknown name is an
 * error that suggests the close one and lists the known ones.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { fgOf, type Harness, startInteractive } from "../../support/tui-harness.js";

const DUSK = JSON.stringify({ name: "dusk", extends: "dark", colors: { accent: "#00aaff" } });

let h: Harness | undefined;
afterEach(async () => {
	await h?.dispose();
	h = undefined;
});

function start(): Promise<Harness> {
	return startInteractive({
		script: [],
		settings: { colors: "truecolor", theme: "dark" },
		prepare: ({ home }) => {
			mkdirSync(join(home, "themes"), { recursive: true });
			writeFileSync(join(home, "themes", "dusk.json"), DUSK);
		},
	});
}

describe("/theme", () => {
	it("switches to the theme it names, recolouring the screen, and says how to keep it", async () => {
		h = await start();
		await h.waitFor("mock-model (mock)");
		const darkAccent = fgOf(h, "mock-model");
		h.type("/theme light");
		h.press("enter");
		await h.waitFor('to keep it, set "theme": "light"');
		await h.waitFor(() => fgOf(h!, "mock-model") !== darkAccent);
		h.type("/theme dusk");
		h.press("enter");
		await h.waitFor(() => fgOf(h!, "mock-model") === 0x00aaff);
	});

	it("bare, lists every theme with the current one marked; Esc keeps the theme in use", async () => {
		h = await start();
		await h.waitFor("mock-model (mock)");
		const darkAccent = fgOf(h, "mock-model");
		h.type("/theme");
		h.press("enter");
		const screen = (await h.waitFor("Choose a theme")).join("\n");
		expect(screen).toMatch(/dark\s+current · dark · built-in/);
		expect(screen).toMatch(/light\s+light · built-in/);
		expect(screen).toMatch(/dusk\s+dark · ~?\S*dusk\.json/);
		h.press("escape");
		await h.waitFor((lines) => !lines.join("\n").includes("Choose a theme"));
		expect(fgOf(h, "mock-model")).toBe(darkAccent);
		// Chosen in the picker: the second row is light.
		h.type("/theme");
		h.press("enter");
		await h.waitFor("Choose a theme");
		h.press("down");
		h.press("enter");
		await h.waitFor("Theme: light for this run");
		expect(fgOf(h, "mock-model")).not.toBe(darkAccent);
	});

	it("names the close match and the known themes for an unknown name", async () => {
		h = await start();
		await h.waitFor("mock-model (mock)");
		h.type("/theme lihgt");
		h.press("enter");
		await h.waitFor(/no theme "lihgt"\. Did you mean light\?\s*Known themes: dark, light, dusk/);
	});
});
