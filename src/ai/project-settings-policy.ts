/**
 * What an untrusted folder's `.weft/settings.json` may set. A repository the
 * user just cloned must not be able to redirect their data (which server
 * gets prompts, files and API keys), run code, or weaken a protection the
 * user set up (an extension that guards tool calls). This table is the whole
 * allow-list: a key not listed as honoured is ignored while the folder is not
 * trusted, and named in one warning. `docs/security.md` shows the same table
 * (test/docs.test.ts keeps the two equal). In a trusted folder every key is
 * honoured.
 */
import { BUILTIN_PROVIDERS, buildModelTable, findModel, resolveProviders } from "./catalog.js";
import type { Settings } from "./settings.js";

/**
 * - "honoured": used as written.
 * - "your providers only": used only when it names a built-in provider or one
 *   defined in the global settings (and, for a model, a model of such a provider).
 * - "tightening only": kept for its reader, which uses only what makes it
 *   stricter than the user's own settings and names the rest in a warning.
 * - "ignored": dropped, and named in the warning.
 */
export type UntrustedUse = "honoured" | "your providers only" | "tightening only" | "ignored";

export interface ProjectSettingRule {
	key: string;
	untrusted: UntrustedUse;
	/** Why, in one line. */
	reason: string;
}

/** Every top-level key weft reads, in the order docs/security.md lists them. */
export const PROJECT_SETTINGS_POLICY: readonly ProjectSettingRule[] = [
	{
		key: "providers",
		untrusted: "ignored",
		reason:
			"a provider's baseUrl, headers or apiKey decide which server receives your prompts, files and API key, even for a provider you defined globally",
	},
	{
		key: "models",
		untrusted: "ignored",
		reason:
			"adds models to a provider or changes their context window, output limit and prices, which size requests and the costs you are shown",
	},
	{
		key: "defaultProvider",
		untrusted: "your providers only",
		reason:
			"a built-in provider (official endpoint) or one from your global settings only; a provider the project defines would receive everything",
	},
	{
		key: "defaultModel",
		untrusted: "your providers only",
		reason: "only a model of a provider you configured (as for defaultProvider)",
	},
	{
		key: "thinking",
		untrusted: "honoured",
		reason: "only the reasoning effort asked of a model you already use",
	},
	{
		key: "retry",
		untrusted: "honoured",
		reason: "how often weft retries a failed request to your own provider; changes no destination",
	},
	{
		key: "idleTimeoutMs",
		untrusted: "honoured",
		reason: "how long weft waits for a silent stream from your own provider; changes no destination",
	},
	{
		key: "compaction",
		untrusted: "honoured",
		reason:
			"when and how much of the conversation your own model summarises; changes no destination, sends nothing the conversation does not already hold",
	},
	{
		key: "steeringMode",
		untrusted: "honoured",
		reason: "whether messages queued while the agent works reach your own model together or one at a time",
	},
	{
		key: "followUpMode",
		untrusted: "honoured",
		reason: "whether messages queued while the agent works reach your own model together or one at a time",
	},
	{
		key: "theme",
		untrusted: "honoured",
		reason:
			"picks a built-in theme or one of yours in the themes folder of weft's home by name; loads no file from the project",
	},
	{ key: "colors", untrusted: "honoured", reason: "the terminal's colour depth" },
	{
		key: "startupHeader",
		untrusted: "honoured",
		reason: "whether the terminal UI prints its start-up header",
	},
	{
		key: "resize",
		untrusted: "honoured",
		reason: "only how the terminal UI redraws after the terminal gets narrower",
	},
	{
		key: "channels",
		untrusted: "ignored",
		reason:
			"a channel opens a port (an HTTP endpoint, a bot) through which others can prompt the agent, run its tools and read your files",
	},
	{
		key: "extensions",
		untrusted: "ignored",
		reason: "extension sources run code at start-up",
	},
	{
		key: "disabledExtensions",
		untrusted: "ignored",
		reason:
			"could switch off your global or -e extensions (a permission guard); project extensions, the only ones it may name, do not load untrusted",
	},
	{
		key: "piExtensions",
		untrusted: "ignored",
		reason:
			"loads the extensions in pi's folders (the project's .pi/extensions/ and your ~/.pi/agent/extensions/), which run code at start-up",
	},
	{
		key: "extensionOptions",
		untrusted: "ignored",
		reason:
			"could make your global or -e extensions fail open or wait longer; project extensions do not load untrusted",
	},
	{
		key: "mcpServers",
		untrusted: "ignored",
		reason:
			"a stdio server is a command weft runs, and a URL server receives tool arguments; both are code or destinations the project would choose",
	},
	{
		key: "permissions",
		untrusted: "tightening only",
		reason:
			"deny and ask rules and a stricter defaultMode (plan, default) count; allow rules and acceptEdits or bypassPermissions would let the project's files run commands or change files unasked",
	},
];

/** Keys the table does not list: settings of extensions, whose meaning weft cannot judge. */
export const OTHER_KEYS_RULE: ProjectSettingRule = {
	key: "(any other key)",
	untrusted: "ignored",
	reason: "read by extensions; weft cannot tell what it does",
};

function ruleFor(key: string): ProjectSettingRule {
	return PROJECT_SETTINGS_POLICY.find((rule) => rule.key === key) ?? OTHER_KEYS_RULE;
}

/**
 * The top-level keys of an untrusted project file that may be used, before
 * they are checked; ignored keys are not checked either (they have no effect,
 * so a mistake in them must not stop weft).
 */
export function untrustedKeys(project: Record<string, unknown>): {
	kept: Record<string, unknown>;
	ignored: string[];
} {
	const kept: Record<string, unknown> = {};
	const ignored: string[] = [];
	for (const [key, value] of Object.entries(project)) {
		if (ruleFor(key).untrusted === "ignored") ignored.push(key);
		// defineProperty: a "__proto__" key must stay data, not become a prototype.
		else Object.defineProperty(kept, key, { value, enumerable: true, writable: true, configurable: true });
	}
	return { kept, ignored };
}

/**
 * Drops `defaultProvider` / `defaultModel` from checked untrusted project
 * settings unless they name the user's own providers: built-in ones and those
 * in `user` (the global settings, providers' `api` already filled in).
 * Returns the keys dropped.
 */
export function keepUserProviders(project: Settings, user: Settings): string[] {
	const dropped: string[] = [];
	const own = (name: string) =>
		Object.hasOwn(BUILTIN_PROVIDERS, name) || Object.hasOwn(user.providers ?? {}, name);
	if (project.defaultProvider !== undefined && !own(project.defaultProvider)) {
		delete project.defaultProvider;
		dropped.push("defaultProvider");
	}
	if (project.defaultModel !== undefined) {
		const provider = project.defaultProvider ?? user.defaultProvider;
		const found = findModel(buildModelTable(user), provider, project.defaultModel, resolveProviders(user));
		if ("error" in found) {
			delete project.defaultModel;
			dropped.push("defaultModel");
		}
	}
	return dropped;
}

/** The one warning line for an untrusted project file, or undefined when nothing was ignored. */
export function ignoredWarning(ignored: readonly string[]): string | undefined {
	if (ignored.length === 0) return undefined;
	const them = ignored.length === 1 ? "it" : "them";
	return `.weft/settings.json: ignored ${ignored.join(", ")} (this folder is not trusted; run "weft trust" to allow ${them})`;
}
