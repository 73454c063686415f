import { homedir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
	authPath,
	displayPath,
	extensionDataDir,
	globalExtensionsDir,
	globalSettingsPath,
	historyPath,
	keybindingsPath,
	logsDir,
	projectDir,
	projectExtensionsDir,
	projectSettingsPath,
	sessionsDir,
	themesDir,
	trustFile,
	weftHome,
} from "./paths.js";

describe("paths", () => {
	it("puts the global home in ~/.weft unless WEFT_HOME says otherwise", () => {
		expect(weftHome({})).toBe(join(homedir(), ".weft"));
		expect(weftHome({ WEFT_HOME: "/srv/weft" })).toBe("/srv/weft");
		expect(weftHome({ WEFT_HOME: "~/alt-weft" })).toBe(join(homedir(), "alt-weft"));
		expect(weftHome({ WEFT_HOME: "  " })).toBe(join(homedir(), ".weft"));
	});

	it("keeps project files under <cwd>/.weft", () => {
		expect(projectDir("/repo")).toBe(join("/repo", ".weft"));
		expect(projectSettingsPath("/repo")).toBe(join("/repo", ".weft", "settings.json"));
		expect(projectExtensionsDir("/repo")).toBe(join("/repo", ".weft", "extensions"));
		expect(globalSettingsPath("/h")).toBe(join("/h", "settings.json"));
		expect(authPath("/h")).toBe(join("/h", "auth.json"));
	});

	it("keeps everything else directly in the home", () => {
		expect(
			[
				sessionsDir,
				logsDir,
				globalExtensionsDir,
				extensionDataDir,
				themesDir,
				trustFile,
				historyPath,
				keybindingsPath,
			].map((place) => place("/h")),
		).toEqual(
			[
				"sessions",
				"logs",
				"extensions",
				"extension-data",
				"themes",
				"trust.json",
				"history.jsonl",
				"keybindings.json",
			].map((name) => join("/h", name)),
		);
	});

	it("shows paths under the home directory with ~", () => {
		expect(displayPath("/home/ann/.weft/settings.json", "/home/ann")).toBe("~/.weft/settings.json");
		expect(displayPath("/home/annie/x", "/home/ann")).toBe("/home/annie/x");
		expect(displayPath("/etc/x", "/home/ann")).toBe("/etc/x");
	});
});
