/**
 * `/login [provider]`: stores an API key in `<home>/auth.json` — after one
 * test request proves the provider accepts it, so a mistyped key is never
 * saved. Keys from settings or the environment still win over the stored
 * one; the user is told when that will be the case.
 */
import type { AgentSession } from "../../../agent/session.js";
import { ENV_KEYS, lookupApiKey, writeApiKey } from "../../../ai/auth-store.js";
import { type BuiltinProvider, buildModelTable, resolveProviders, toModelInfo } from "../../../ai/catalog.js";
import { storedLogin } from "../../../ai/login-credentials.js";
import { closeMatches } from "../../../base/close-matches.js";
import { authPath, displayPath } from "../../../base/paths.js";
import type { CommandDefinition } from "../../../kernel/command.js";
import type { ModelInfo } from "../../../kernel/provider.js";
import type { ProviderLogin } from "../../../kernel/provider-login.js";
import type { SelectItem } from "../../../kernel/ui-port.js";
import type { InteractiveServices } from "../services.js";
import { errorText } from "./arguments.js";
import { type KeyTester, testApiKey } from "./key-test.js";
import { loginWithProvider, providersWithLogin } from "./login-provider.js";

/** Told which provider and model a key was saved for (the first run starts its session with them). */
export type LoginSaved = (saved: { provider: string; model: ModelInfo }) => void | Promise<void>;

export function loginCommand(
	services: InteractiveServices,
	testKey: KeyTester = testApiKey,
	onSaved?: LoginSaved,
): CommandDefinition {
	return {
		description: "Store an API key for a provider (tested before it is saved), or run its login",
		argumentHint: "[provider]",
		handler: (args) => login(services, args.trim(), testKey, onSaved),
	};
}

async function login(
	services: InteractiveServices,
	named: string,
	testKey: KeyTester,
	onSaved: LoginSaved | undefined,
): Promise<void> {
	const { ui } = services;
	let providers: Record<string, BuiltinProvider>;
	try {
		providers = resolveProviders(services.settings());
	} catch (error) {
		ui.notify(`/login: the provider settings are invalid: ${errorText(error)}`, "error");
		return;
	}
	const logins = providersWithLogin(services);
	const items = [
		...loginItems(services, logins),
		...providerItems(services, providers).filter((i) => !logins.has(i.value)),
	];
	const name = named || (await ui.select("Log in to which provider?", items));
	if (!name) return;
	const login = logins.get(name);
	if (login) {
		// The first run starts its session with the provider's first model, as after a saved key.
		const model = services.kernel.providers.get(name)?.models[0];
		if ((await loginWithProvider(services, name, login)) && model) await onSaved?.({ provider: name, model });
		return;
	}
	const config = providers[name];
	if (!config) {
		const known = [...logins.keys(), ...Object.keys(providers)];
		const close = closeMatches(name, known);
		const hint = close.length > 0 ? `Did you mean ${close.join(", ")}? ` : "";
		ui.notify(`/login: unknown provider "${name}". ${hint}Known: ${known.join(", ")}.`, "error");
		return;
	}

	const envVar = ENV_KEYS[name]?.[0];
	const answer = await ui.input(`API key for ${name}`, {
		placeholder: envVar ? `the key you would put in $${envVar}` : "the API key",
	});
	if (answer === undefined) return;
	const key = answer.trim();
	if (key === "") {
		ui.notify("/login: no key was entered; nothing was saved", "error");
		return;
	}
	const model = await modelToTest(services, name, config);
	if (!model) return;

	ui.notify(`Testing the key with ${name}/${model.id}…`, "info");
	const result = await testKey({ provider: name, config, model, key });
	if (!result.ok) {
		ui.notify(`The key was not saved: ${result.error}`, "error");
		return;
	}
	try {
		writeApiKey(services.home, name, key);
	} catch (error) {
		ui.notify(`/login: the key works but could not be saved: ${errorText(error)}`, "error");
		return;
	}
	ui.notify(`Saved the API key for ${name} in ${displayPath(authPath(services.home))}`, "success");
	const shadow = shadowingKey(services, name, config);
	if (shadow) ui.notify(`${shadow} is set and is used instead of the saved key`, "warning");
	await onSaved?.({ provider: name, model });
}

/** Providers whose extension brings a login: listed first, described by the login's name. */
function loginItems(services: InteractiveServices, logins: Map<string, ProviderLogin>): SelectItem[] {
	return [...logins].map(([name, login]) => {
		let state = "log in";
		try {
			if (storedLogin(services.home, name)) state = "logged in";
		} catch (error) {
			state = `key store unreadable: ${errorText(error)}; log in`;
		}
		return { value: name, label: name, description: `${state}: ${login.name}` };
	});
}

function providerItems(
	services: InteractiveServices,
	providers: Record<string, BuiltinProvider>,
): SelectItem[] {
	return Object.entries(providers).map(([name, config]) => ({
		value: name,
		label: name,
		description: keyStatus(services, name, config),
	}));
}

function keyStatus(services: InteractiveServices, name: string, config: BuiltinProvider): string {
	try {
		const lookup = lookupApiKey(name, { home: services.home, env: services.env, configured: config.apiKey });
		if (!lookup.found) return "no key yet";
		return lookup.source.startsWith("$") || lookup.source === "settings"
			? `key from ${lookup.source}`
			: `key saved in ${displayPath(lookup.source)}`;
	} catch (error) {
		return `key store unreadable: ${errorText(error)}`;
	}
}

/**
 * The model the test request goes to: the one weft would pick for this
 * provider, else the session's if it is this provider's; a provider that
 * lists no models (OpenAI-compatible presets) needs the user to name one.
 */
async function modelToTest(
	services: InteractiveServices,
	name: string,
	config: BuiltinProvider,
): Promise<ModelInfo | undefined> {
	const settings = services.settings();
	const listed = buildModelTable(settings).get(name) ?? [];
	// No session yet on a first run without a provider: that is when /login matters most.
	const current = (services.session() as AgentSession | undefined)?.model;
	const id =
		(settings.defaultProvider === name ? settings.defaultModel : undefined) ??
		config.defaultModel ??
		listed[0]?.id ??
		(current?.provider === name ? current.id : undefined) ??
		(await askModelId(services, name));
	if (!id) return undefined;
	return listed.find((model) => model.id === id) ?? toModelInfo(name, config, { id });
}

async function askModelId(services: InteractiveServices, name: string): Promise<string | undefined> {
	const answer = await services.ui.input(
		`${name} lists no models: which model should the key be tested with?`,
		{
			placeholder: "a model id the service offers",
		},
	);
	if (answer === undefined) return undefined;
	if (answer.trim() === "") {
		services.ui.notify("/login: no model was named; nothing was saved", "error");
		return undefined;
	}
	return answer.trim();
}

/** The settings entry or environment variable that outranks auth.json for this provider, if any. */
function shadowingKey(
	services: InteractiveServices,
	name: string,
	config: BuiltinProvider,
): string | undefined {
	if (config.apiKey !== undefined) return `providers.${name}.apiKey in settings.json`;
	const variable = (ENV_KEYS[name] ?? []).find((v) => services.env[v]?.trim());
	return variable ? `$${variable}` : undefined;
}
