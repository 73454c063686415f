import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ENV_KEYS } from "./auth-store.js";
import { buildModelTable, findModel } from "./catalog.js";
import { LOCAL_CANDIDATES } from "./local-detect.js";
import { loadSettings } from "./settings.js";
import { noProviderHelp, setupViewText } from "./setup-help.js";

let root: string;

beforeEach(() => {
	root = mkdtempSync(join(tmpdir(), "weft-help-"));
});

afterEach(() => {
	rmSync(root, { recursive: true, force: true });
});

/** The JSON block of the help text, as a user would copy it. */
function snippetOf(help: string): string {
	const lines = help.split("\n");
	const start = lines.indexOf("  {");
	const end = lines.findIndex((line, i) => i > start && line === "  }");
	return lines.slice(start, end + 1).join("\n");
}

describe("noProviderHelp", () => {
	it("fits on one screen and names every way to configure a provider", () => {
		const help = noProviderHelp({ home: "/srv/weft" });
		expect(help.split("\n").length).toBeLessThanOrEqual(24);
		for (const text of [
			"export ANTHROPIC_API_KEY=",
			"export OPENAI_API_KEY=",
			"export GEMINI_API_KEY=",
			"OPENROUTER_API_KEY",
			"/srv/weft/settings.json",
			"/login",
			"--provider <name> --model <id>",
		]) {
			expect(help).toContain(text);
		}
	});

	it("shows a local-server snippet that, pasted into settings.json, gives a usable model", () => {
		const home = join(root, "home");
		const cwd = join(root, "repo");
		mkdirSync(home);
		writeFileSync(join(home, "settings.json"), snippetOf(noProviderHelp({ home })));
		const { settings, warnings } = loadSettings({ cwd, home });
		expect(warnings).toEqual([]);
		expect(settings.providers?.local).toEqual({
			api: "openai-completions",
			baseUrl: "http://127.0.0.1:11434/v1",
			apiKey: "ollama",
			models: [{ id: "qwen2.5-coder", contextWindow: 32768 }],
		});
		expect(findModel(buildModelTable(settings), "local", "qwen2.5-coder")).toMatchObject({
			contextWindow: 32768,
		});
	});
});

describe("setupViewText", () => {
	it("names the local servers looked for, every key variable weft reads and /login, within 80 columns", () => {
		const text = setupViewText({ home: "/srv/weft" });
		for (const candidate of LOCAL_CANDIDATES) expect(text).toContain(candidate.baseUrl.replace(/\/v1$/, ""));
		for (const [first] of Object.values(ENV_KEYS)) expect(text).toContain(first);
		expect(text).toContain("/login");
		expect(text).toContain("/srv/weft/settings.json");
		// The view is drawn inside a bordered block on an 80-column terminal.
		for (const line of text.split("\n")) expect(line.length).toBeLessThanOrEqual(76);
	});
});
