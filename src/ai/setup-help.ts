/**
 * What weft shows when it has no provider to talk to: every way to get one,
 * with commands and paths that can be copied as they are. `-p` prints the
 * one screen and exits; the terminal UI opens with its setup view instead.
 */

import { authPath, displayPath, globalSettingsPath } from "../base/paths.js";
import { ENV_KEYS } from "./auth-store.js";
import { LOCAL_CANDIDATES } from "./local-detect.js";

const SHOWN_KEYS: Array<[variable: string, models: string]> = [
	["ANTHROPIC_API_KEY", "Claude"],
	["OPENAI_API_KEY", "GPT"],
	["GEMINI_API_KEY", "Gemini"],
];

const LOCAL_SNIPPET = `{
  "providers": {
    "local": {
      "api": "openai-completions",
      "baseUrl": "http://127.0.0.1:11434/v1",
      "apiKey": "ollama",
      "models": [{ "id": "qwen2.5-coder", "contextWindow": 32768 }]
    }
  }
}`;

export function noProviderHelp(options: { home: string }): string {
	const shown = new Set(SHOWN_KEYS.map(([variable]) => variable));
	const otherKeys = Object.values(ENV_KEYS)
		.map((variables) => variables[0])
		.filter((variable) => !shown.has(variable));
	const indent = (text: string) =>
		text
			.split("\n")
			.map((line) => `  ${line}`)
			.join("\n");
	return [
		"No model provider is configured, and no local Ollama or LM Studio answered.",
		"",
		"Use a hosted model: export its API key, then run weft again.",
		...SHOWN_KEYS.map(([variable, models]) => `  export ${variable}=...`.padEnd(34) + `# ${models}`),
		...chunk(otherKeys, 3).map(
			(group, i) => `  ${i === 0 ? "Also read:" : "          "} ${group.join(", ")}`,
		),
		"",
		`Or use a local server: add this to ${displayPath(globalSettingsPath(options.home))}`,
		"(set baseUrl to your server and the model id to one it serves):",
		indent(LOCAL_SNIPPET),
		"",
		`Or start weft and type /login to store a key in ${displayPath(authPath(options.home))}.`,
		"Choose a provider and model for one run with --provider <name> --model <id>.",
	].join("\n");
}

const LOCAL_LABELS: Record<string, string> = { ollama: "Ollama", lmstudio: "LM Studio" };

/** The terminal UI's first-run view: the same ways, with /login first since the UI is already open. */
export function setupViewText(options: { home: string }): string {
	const looked = LOCAL_CANDIDATES.map(
		(c) => `  ${(LOCAL_LABELS[c.name] ?? c.name).padEnd(10)} ${c.baseUrl.replace(/\/v1$/, "")}`,
	);
	const variables = Object.values(ENV_KEYS).map((names) => names[0]);
	return [
		"weft found no model provider: no API key in the environment or in",
		`${displayPath(authPath(options.home))}, none in settings, and no local server answered at`,
		...looked,
		"",
		"Type /login to pick a provider and paste its API key: weft tests the key",
		"with a tiny request, saves it, and starts the session.",
		"",
		"Or set a key and start weft again. weft reads:",
		...chunk(variables, 3).map((group) => `  ${group.join(", ")}`),
		"",
		`Or start Ollama or LM Studio, or add a server to ${displayPath(globalSettingsPath(options.home))}`,
		"(`weft -p hi` prints an example), and start weft again.",
	].join("\n");
}

function chunk<T>(items: T[], size: number): T[][] {
	const groups: T[][] = [];
	for (let i = 0; i < items.length; i += size) groups.push(items.slice(i, i + size));
	return groups;
}
