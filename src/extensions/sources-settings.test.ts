/** Discovery looks into the settings texts the start-up read (ai/settings-files.ts) instead of reading the files again. */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { withHomeAndProject } from "../../test/support/temp-files.js";
import { loadSettings } from "../ai/settings.js";
import { hasExtensionSources } from "./sources.js";

let home: string;
let cwd: string;
withHomeAndProject("weft-sources-settings-", (dirs) => {
	({ home, cwd } = dirs);
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
