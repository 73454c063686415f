import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { withHomeAndProject } from "../../test/support/temp-files.js";
import { loadSettings, SettingsError } from "./settings.js";
import { readSettingsFiles, settingsFilesFor } from "./settings-files.js";

let root: string;
let home: string;
let cwd: string;
withHomeAndProject("weft-settings-files-", (dirs) => {
	({ root, home, cwd } = dirs);
});

const globalFile = () => join(home, "settings.json");
const projectFile = () => join(cwd, ".weft", "settings.json");

describe("readSettingsFiles", () => {
	it("reads the global file, then the project's; a missing one has no text", () => {
		writeFileSync(globalFile(), '{ "thinking": "low" }');
		expect(readSettingsFiles(home, cwd)).toEqual([
			{ file: globalFile(), project: false, text: '{ "thinking": "low" }' },
			{ file: projectFile(), project: true, text: undefined },
		]);
	});

	it("counts the file once, as the global one, when the project folder is weft's home", () => {
		const both = join(root, "both");
		mkdirSync(join(both, ".weft"), { recursive: true });
		writeFileSync(join(both, ".weft", "settings.json"), "{}");
		expect(readSettingsFiles(join(both, ".weft"), both)).toEqual([
			{ file: join(both, ".weft", "settings.json"), project: false, text: "{}" },
		]);
	});

	it("names a file that exists but cannot be read", () => {
		// A folder where the file should be: unreadable as a file even for root, unlike a chmod 000 file.
		mkdirSync(globalFile());
		expect(() => readSettingsFiles(home, cwd)).toThrow(SettingsError);
		expect(() => readSettingsFiles(home, cwd)).toThrow(globalFile());
	});
});

describe("settingsFilesFor", () => {
	it("hands back the texts loadSettings read, without reading the files again", () => {
		writeFileSync(projectFile(), '{ "extensions": ["./ext.ts"] }');
		const { settings } = loadSettings({ cwd, home });
		rmSync(projectFile());
		expect(settingsFilesFor(home, cwd, settings)[1].text).toBe('{ "extensions": ["./ext.ts"] }');
	});

	it("reads the files for settings made otherwise, or loaded for other folders", () => {
		const { settings } = loadSettings({ cwd, home });
		writeFileSync(projectFile(), "{}");
		expect(settingsFilesFor(home, cwd, {})[1].text).toBe("{}");
		const other = join(root, "other");
		mkdirSync(other);
		expect(settingsFilesFor(home, other, settings)[1]).toEqual({
			file: join(other, ".weft", "settings.json"),
			project: true,
			text: undefined,
		});
	});
});
