/**
 * Whether a model's provider can be used right now, and if not, how to
 * enable it. The rule is the one the providers apply when they send a
 * request (`createProviders` in ai/model-resolution.ts): known cloud services
 * and providers whose settings name an `apiKey` need a key; a custom or local
 * server, or a provider an extension registers, does not.
 */
import { ENV_KEYS, lookupApiKey } from "../../../ai/auth-store.js";
import { type BuiltinProvider, resolveProviders } from "../../../ai/catalog.js";
import type { InteractiveServices } from "../services.js";
import { errorText } from "./arguments.js";

/** `reason`: the whole sentence, for a refusal; `fix`: what to do, short enough for a picker row. */
export type ProviderAccess = { usable: true } | { usable: false; reason: string; fix: string };

/** A lookup by provider name; each provider is checked once (auth.json is read once per provider). */
export function providerAccess(services: InteractiveServices): (provider: string) => ProviderAccess {
	let configs: Record<string, BuiltinProvider>;
	try {
		configs = resolveProviders(services.settings());
	} catch {
		// The model list reports broken settings itself; here nothing is known to need a key.
		configs = {};
	}
	const known = new Map<string, ProviderAccess>();
	return (provider) => {
		let access = known.get(provider);
		if (!access) {
			access = check(services, provider, configs[provider]);
			known.set(provider, access);
		}
		return access;
	};
}

function check(
	services: InteractiveServices,
	provider: string,
	config: BuiltinProvider | undefined,
): ProviderAccess {
	if (!config) return { usable: true };
	const needsKey = ENV_KEYS[provider] !== undefined || config.apiKey !== undefined;
	if (!needsKey) return { usable: true };
	try {
		const lookup = lookupApiKey(provider, {
			home: services.home,
			env: services.env,
			configured: config.apiKey,
		});
		if (lookup.found) return { usable: true };
		if (config.apiKey !== undefined) {
			// A literal key is always found, so this one names a variable that is not set.
			const variable = config.apiKey.trim().replace(/^(?:\$|env:)/, "");
			return { usable: false, reason: lookup.reason, fix: `set ${variable}` };
		}
	} catch (error) {
		const reason = `the stored API keys cannot be read: ${errorText(error)}`;
		return { usable: false, reason, fix: "fix auth.json, or store a key with /login" };
	}
	const variables = ENV_KEYS[provider] ?? [];
	const fromEnv = variables.length > 0 ? `set ${variables.join(" or ")}, or ` : "";
	// The picker row names the first variable only; the refusal names them all.
	const fix = variables.length > 0 ? `set ${variables[0]} or use /login` : "use /login";
	return { usable: false, reason: `no API key for "${provider}": ${fromEnv}store one with /login`, fix };
}
