import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { withHomeAndProject } from "../../test/support/temp-files.js";
import { loadSettings, mergeSettings, SettingsError } from "./settings.js";

let home: string;
let cwd: string;
withHomeAndProject("weft-settings-", (dirs) => {
	({ home, cwd } = dirs);
});

const globalFile = () => join(home, "settings.json");
const projectFile = () => join(cwd, ".weft", "settings.json");

function loadError(): SettingsError {
	try {
		loadSettings({ cwd, home });
	} catch (error) {
		if (error instanceof SettingsError) return error;
		throw error;
	}
	throw new Error("expected a SettingsError");
}

describe("loadSettings", () => {
	it("returns empty settings when neither file exists", () => {
		rmSync(join(cwd, ".weft"), { recursive: true });
		expect(loadSettings({ cwd, home })).toEqual({ settings: {}, sources: [], warnings: [] });
	});

	it("lets the project file override the global one, merging providers by name and replacing arrays", () => {
		writeFileSync(
			globalFile(),
			JSON.stringify({
				defaultModel: "global-model",
				thinking: "low",
				extensions: ["a", "b"],
				providers: {
					local: {
						api: "openai-completions",
						baseUrl: "http://127.0.0.1:11434/v1",
						apiKey: "ollama",
						models: [{ id: "qwen2.5-coder" }],
					},
				},
				theme: { accent: "blue", dim: true },
			}),
		);
		writeFileSync(
			projectFile(),
			JSON.stringify({
				defaultModel: "project-model",
				extensions: ["c"],
				providers: {
					local: { baseUrl: "http://127.0.0.1:8080/v1", models: [{ id: "llama3" }] },
					work: { api: "openai-completions", baseUrl: "https://llm.example.test/v1" },
				},
				theme: { accent: "red" },
			}),
		);
		const { settings, sources, warnings } = loadSettings({ cwd, home });
		expect(sources).toEqual([globalFile(), projectFile()]);
		expect(warnings).toEqual([]);
		expect(settings).toEqual({
			defaultModel: "project-model",
			thinking: "low",
			extensions: ["c"],
			providers: {
				local: {
					api: "openai-completions",
					baseUrl: "http://127.0.0.1:8080/v1",
					apiKey: "ollama",
					models: [{ id: "llama3" }],
				},
				work: { api: "openai-completions", baseUrl: "https://llm.example.test/v1" },
			},
			theme: { accent: "red", dim: true },
		});
	});

	it("reads comments and trailing commas", () => {
		writeFileSync(
			globalFile(),
			`{
  // which model to start with
  "defaultProvider": "anthropic", /* Claude */
  "retry": { "maxRetries": 2, "baseDelayMs": 500, },
}`,
		);
		expect(loadSettings({ cwd, home }).settings).toEqual({
			defaultProvider: "anthropic",
			retry: { maxRetries: 2, baseDelayMs: 500 },
		});
	});

	it("reports a syntax error with the file, line and column, and leaves the file alone", () => {
		const text = '{\n  "providers": {\n    "local": {\n      "api": }\n  }\n}\n';
		writeFileSync(projectFile(), text);
		const error = loadError();
		expect(error.file).toBe(projectFile());
		expect(error.message).toBe(`${projectFile()}:4:14: unexpected token '}'; expected a value`);
		expect(readFileSync(projectFile(), "utf8")).toBe(text);
	});

	it("rejects an api that is not one of the four kinds, naming the setting and the choices", () => {
		writeFileSync(globalFile(), '{\n  "providers": { "local": { "api": "openai" } }\n}');
		const error = loadError();
		expect(error.jsonPath).toBe("providers.local.api");
		expect(error.message).toBe(
			`${globalFile()}:2:36: providers.local.api: expected one of "openai-completions", "openai-responses", ` +
				`"anthropic-messages", "google-generative-ai"; got "openai"`,
		);
	});

	it("rejects models that are not an array", () => {
		writeFileSync(globalFile(), '{ "models": { "openai": { "id": "gpt-x" } } }');
		expect(loadError().message).toMatch(
			/:1:25: models\.openai: expected an array of models .*; got an object$/,
		);
	});

	it("rejects a context window that is not a positive number", () => {
		writeFileSync(
			globalFile(),
			JSON.stringify({
				providers: { local: { api: "openai-completions", models: [{ id: "m", contextWindow: -5 }] } },
			}),
		);
		const error = loadError();
		expect(error.jsonPath).toBe("providers.local.models[0].contextWindow");
		expect(error.message).toContain("expected a positive whole number; got -5");
	});

	it.each([
		[{ thinking: "max" }, 'thinking: expected one of "off", "low", "medium", "high"; got "max"'],
		[{ retry: { maxRetries: -1 } }, "retry.maxRetries: expected a whole number of 0 or more; got -1"],
		[{ idleTimeoutMs: 0 }, "idleTimeoutMs: expected a positive whole number; got 0"],
		[{ startupHeader: "no" }, 'startupHeader: expected true or false; got "no"'],
		[{ compaction: false }, "compaction: expected an object like"],
		[{ compaction: { enabled: "off" } }, 'compaction.enabled: expected true or false; got "off"'],
		[
			{ compaction: { keepRecentTokens: 0 } },
			"compaction.keepRecentTokens: expected a positive whole number; got 0",
		],
		[
			{ compaction: { reserveTokens: 1.5 } },
			"compaction.reserveTokens: expected a positive whole number; got 1.5",
		],
		[{ extensions: "x" }, 'extensions: expected an array of extension paths or sources; got "x"'],
		[{ defaultModel: 3 }, "defaultModel: expected a non-empty string; got 3"],
		[
			{ providers: { local: { api: "openai-completions", baseUrl: "localhost:1234" } } },
			"expected an http://",
		],
		[{ models: { openai: [{ name: "no id" }] } }, 'models.openai[0]: "id" is missing'],
		[
			{ models: { openai: [{ id: "x", cost: { input: "1" } }] } },
			"models.openai[0].cost.input: expected a price",
		],
		[
			{ models: { openai: [{ id: "x", input: ["audio"] }] } },
			'models.openai[0].input[0]: expected one of "text"',
		],
		[[1, 2], "expected a JSON object with settings; got an array"],
		[{ idleTimeoutMs: 2_147_483_648 }, "idleTimeoutMs: expected at most 2147483647; got 2147483648"],
		[{ retry: { baseDelayMs: 1e12 } }, "retry.baseDelayMs: expected at most 2147483647"],
		[
			{ disabledExtensions: "guard" },
			'disabledExtensions: expected an array of extension names; got "guard"',
		],
		[{ disabledExtensions: ["ok", ""] }, 'disabledExtensions[1]: expected a non-empty string; got ""'],
		[{ extensionOptions: [] }, "extensionOptions: expected an object like"],
		[{ extensionOptions: { guard: true } }, "extensionOptions.guard: expected an object like"],
		[
			{ extensionOptions: { guard: { failOpen: "yes" } } },
			'extensionOptions.guard.failOpen: expected true or false; got "yes"',
		],
		[
			{ extensionOptions: { guard: { deadlineMs: 3_000_000_000 } } },
			"extensionOptions.guard.deadlineMs: expected at most 2147483647; got 3000000000",
		],
		[
			{ extensionOptions: { guard: { deadlineMs: 0 } } },
			"extensionOptions.guard.deadlineMs: expected a positive whole number; got 0",
		],
		[
			{ extensionOptions: { guard: { loadTimeoutMs: 1.5 } } },
			"extensionOptions.guard.loadTimeoutMs: expected a positive whole number; got 1.5",
		],
		[
			{ extensionOptions: { guard: { breakAfter: -1 } } },
			"extensionOptions.guard.breakAfter: expected a whole number of 0 or more; got -1",
		],
	])("rejects %j", (content, message) => {
		writeFileSync(globalFile(), JSON.stringify(content));
		expect(loadError().message).toContain(message);
	});

	it("requires an api for providers it does not know, but not for built-in ones", () => {
		writeFileSync(
			globalFile(),
			JSON.stringify({ providers: { anthropic: { baseUrl: "https://proxy.test/v1" } } }),
		);
		expect(loadSettings({ cwd, home }).settings.providers?.anthropic).toEqual({
			api: "anthropic-messages",
			baseUrl: "https://proxy.test/v1",
		});
		writeFileSync(
			projectFile(),
			JSON.stringify({ providers: { mine: { baseUrl: "http://127.0.0.1:9/v1" } } }),
		);
		const error = loadError();
		expect(error.file).toBe(projectFile());
		expect(error.message).toContain('providers.mine: "api" is missing; expected one of "openai-completions"');
	});

	it("lets a project override one field of a provider defined globally", () => {
		writeFileSync(
			globalFile(),
			JSON.stringify({
				providers: { local: { api: "openai-completions", baseUrl: "http://127.0.0.1:11434/v1" } },
			}),
		);
		writeFileSync(
			projectFile(),
			JSON.stringify({ providers: { local: { baseUrl: "http://127.0.0.1:1234/v1" } } }),
		);
		expect(loadSettings({ cwd, home }).settings.providers?.local).toEqual({
			api: "openai-completions",
			baseUrl: "http://127.0.0.1:1234/v1",
		});
	});

	it("rejects model additions for a provider that does not exist, suggesting the likely one", () => {
		writeFileSync(globalFile(), JSON.stringify({ models: { anthropc: [{ id: "claude-x" }] } }));
		const error = loadError();
		expect(error.jsonPath).toBe("models.anthropc");
		expect(error.message).toContain('no provider is named "anthropc" (did you mean "anthropic"?)');
	});

	it("warns about unknown keys inside providers and models but keeps unknown top-level keys silently", () => {
		writeFileSync(
			globalFile(),
			'{\n  "futureFeature": 1,\n  "providers": { "local": { "api": "openai-completions", "baseURL": "x" } }\n}',
		);
		const { settings, warnings } = loadSettings({ cwd, home });
		expect(settings.futureFeature).toBe(1);
		expect(warnings).toEqual([
			`${globalFile()}:3:58: providers.local.baseURL is not a known setting (did you mean "baseUrl"?); it has no effect`,
		]);
	});

	it("accepts extension settings at their limits and warns about an unknown option naming its position", () => {
		const options = { failOpen: true, deadlineMs: 2_147_483_647, loadTimeoutMs: 1, breakAfter: 0 };
		writeFileSync(
			globalFile(),
			JSON.stringify(
				{ disabledExtensions: ["a"], extensionOptions: { guard: { ...options, failopen: true } } },
				null,
				1,
			),
		);
		const { settings, warnings } = loadSettings({ cwd, home });
		expect(settings.disabledExtensions).toEqual(["a"]);
		expect(settings.extensionOptions?.guard).toMatchObject(options);
		expect(warnings).toEqual([
			`${globalFile()}:11:4: extensionOptions.guard.failopen is not a known setting (did you mean "failOpen"?); it has no effect`,
		]);
	});

	it("names the file, line and column of an out-of-range extension deadline", () => {
		writeFileSync(
			globalFile(),
			'{\n  "extensionOptions": {\n    "guard": { "deadlineMs": 99999999999 }\n  }\n}',
		);
		const error = loadError();
		expect(error.file).toBe(globalFile());
		expect(error.jsonPath).toBe("extensionOptions.guard.deadlineMs");
		expect(error.message).toContain(":3:");
	});

	it("treats an empty file as no settings", () => {
		writeFileSync(globalFile(), "  \n");
		expect(loadSettings({ cwd, home })).toEqual({ settings: {}, sources: [globalFile()], warnings: [] });
	});

	it("reports a settings path it cannot read instead of skipping it", () => {
		mkdirSync(globalFile());
		expect(loadError().message).toBe(`${globalFile()}: cannot be read (EISDIR)`);
	});
});

describe("mergeSettings", () => {
	it("does not modify either input", () => {
		const base = { retry: { maxRetries: 1 } };
		const override = { retry: { baseDelayMs: 10 } };
		expect(mergeSettings(base, override)).toEqual({ retry: { maxRetries: 1, baseDelayMs: 10 } });
		expect(base).toEqual({ retry: { maxRetries: 1 } });
		expect(override).toEqual({ retry: { baseDelayMs: 10 } });
	});
});

describe("loadSettings in the home directory itself", () => {
	it("reads a file only once when the project folder is the global home", () => {
		const dir = mkdtempSync(join(tmpdir(), "weft-settings-same-"));
		try {
			const sameHome = join(dir, ".weft");
			mkdirSync(sameHome);
			writeFileSync(join(sameHome, "settings.json"), '{ "defaultModel": "m" }');
			expect(loadSettings({ cwd: dir, home: sameHome })).toEqual({
				settings: { defaultModel: "m" },
				sources: [join(sameHome, "settings.json")],
				warnings: [],
			});
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});

	it("keeps a __proto__ key from a settings file as plain data", () => {
		const dir = mkdtempSync(join(tmpdir(), "weft-settings-proto-"));
		try {
			writeFileSync(join(dir, "settings.json"), '{ "x": { "__proto__": { "polluted": 1 } } }');
			mkdirSync(join(dir, "repo", ".weft"), { recursive: true });
			writeFileSync(join(dir, "repo", ".weft", "settings.json"), '{ "x": { "__proto__": { "more": 2 } } }');
			const { settings } = loadSettings({ cwd: join(dir, "repo"), home: dir });
			const x = settings.x as Record<string, unknown>;
			expect(Object.getPrototypeOf(x)).toBe(Object.prototype);
			expect(Object.getOwnPropertyDescriptor(x, "__proto__")?.value).toEqual({ polluted: 1, more: 2 });
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});
