/** Discovery looks into the settings texts the start-up read (ai/settings-files.ts) instead of reading the files again. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadSettings } from "../ai/settings.js";
import { hasExtensionSources } from "./sources.js";

let root: string;
let home: string;
let cwd: string;

beforeEach(() => {
	root = mkdtempSync(join(tmpdir(), "weft-sources-settings-"));
	home = join(root, "home");
	cwd = join(root, "repo");
	mkdirSync(home);
	mkdirSync(join(cwd, ".weft"), { recursive: true });
});

afterEach(() => {
	rmSync(root, { recursive: true, force: true });
});

const projectFile = () => join(cwd, ".weft", "settings.json");

describe("discovery and the loaded settings", () => {
	it("is what discovery looks into when it is given the loaded settings", () => {
		mkdirSync(join(cwd, "ext"));
		writeFileSync(join(cwd, "ext", "index.ts"), "export default () => {};");
		writeFileSync(projectFile(), '{ "extensions": ["../ext"] }');
		const { settings } = loadSettings({ cwd, home });
		rmSync(projectFile());
		expect(hasExtensionSources({ cwd, home, settings })).toBe(true);
		expect(hasExtensionSources({ cwd, home, settings: { ...settings } })).toBe(false);
	});

	it("finds the first-party mcp extension in the texts read (the catalog's check reads no file)", () => {
		writeFileSync(join(home, "settings.json"), '{ "mcpServers": { "x": { "command": "true" } } }');
		const { settings } = loadSettings({ cwd, home });
		rmSync(join(home, "settings.json"));
		expect(hasExtensionSources({ cwd, home, settings })).toBe(true);
		expect(hasExtensionSources({ cwd, home, settings: {} })).toBe(false);
	});
});
