import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ThemeCatalog } from "./theme-catalog.js";

let dir: string | undefined;
afterEach(() => {
	if (dir) rmSync(dir, { recursive: true, force: true });
	dir = undefined;
});

function themesDir(files: Record<string, string>): string {
	dir = mkdtempSync(join(tmpdir(), "weft-themes-"));
	const themes = join(dir, "themes");
	mkdirSync(themes);
	for (const [name, text] of Object.entries(files)) writeFileSync(join(themes, name), text);
	return themes;
}

describe("ThemeCatalog", () => {
	it("offers the built-ins and the user's theme files, skipping broken ones", () => {
		const themes = themesDir({
			"dusk.json": '{ "name": "dusk", "extends": "dark", "colors": { "accent": "#ff0000" } }',
			"broken.json": "{ nope",
		});
		const catalog = new ThemeCatalog(themes);
		expect(catalog.list().map(({ name, appearance, path }) => ({ name, appearance, path }))).toEqual([
			{ name: "dark", appearance: "dark", path: undefined },
			{ name: "light", appearance: "light", path: undefined },
			{ name: "dusk", appearance: "dark", path: join(themes, "dusk.json") },
		]);
		expect(catalog.get("dusk")?.colors.accent).toBe("#ff0000");
	});

	it("resolves a name or colours by token, and says why it cannot", () => {
		const catalog = new ThemeCatalog(undefined);
		expect("theme" in catalog.resolve("light")).toBe(true);
		expect(catalog.resolve("sepia")).toEqual({
			success: false,
			error: 'no theme "sepia" (known: dark, light)',
		});
		const custom = catalog.resolve({ name: "mine", appearance: "light", colors: { accent: "#00ff00" } });
		expect("theme" in custom && custom.theme.colors.accent).toBe("#00ff00");
		expect("theme" in custom && custom.theme.colors.text).toBe(catalog.get("light")?.colors.text);
		const wrong = catalog.resolve({ name: "mine", appearance: "dark", colors: { acent: "#00ff00" } });
		expect(wrong).toMatchObject({ success: false, error: expect.stringContaining('did you mean "accent"') });
	});

	it("offers pi theme files from a file or a folder, says once what is wrong with one, and never replaces a taken name", () => {
		const themes = themesDir({});
		const pi = join(dir!, "pi");
		mkdirSync(pi);
		writeFileSync(
			join(pi, "harbour.json"),
			'{ "name": "harbour", "colors": { "accent": "#00aaff", "sparkle": 1 } }',
		);
		writeFileSync(join(pi, "dark.json"), '{ "name": "dark", "colors": { "accent": "#123456" } }');
		writeFileSync(join(pi, "broken.json"), '{ "name": "broken", "colors": { "accent": "orange" } }');
		const single = join(dir!, "single.json");
		writeFileSync(single, '{ "name": "single", "colors": { "mdHeading": "#ff0000" } }');
		const warnings: string[] = [];
		const catalog = new ThemeCatalog(themes, { paths: () => [pi, single], warn: (m) => warnings.push(m) });
		expect(catalog.list().map(({ name, path }) => ({ name, path }))).toEqual([
			{ name: "dark", path: undefined },
			{ name: "light", path: undefined },
			{ name: "harbour", path: join(pi, "harbour.json") },
			{ name: "single", path: single },
		]);
		catalog.list();
		expect(catalog.get("harbour")?.colors.accent).toBe("#00aaff");
		expect(catalog.get("single")?.colors.heading).toBe("#ff0000");
		expect(catalog.get("dark")?.colors.accent).not.toBe("#123456");
		expect(warnings).toEqual([
			expect.stringMatching(/broken\.json:1:\d+: colors\.accent: must be/),
			expect.stringMatching(/harbour\.json: pi theme "harbour": ignored "sparkle" \(not pi colour tokens\)/),
		]);
	});
});
