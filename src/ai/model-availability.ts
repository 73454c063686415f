/**
 * The models a client should offer: those whose provider has a key, or
 * needs none. pi's RPC `get_available_models` answers the configured
 * models, and an editor's model picker (ACP) is the same list, so neither
 * offers a model whose first request would fail for want of a key. The
 * session's current model stays listed whatever its key.
 */
import type { Provider } from "../kernel/provider.js";

export function modelsWithKeys<M extends { provider: string }>(
	models: readonly M[],
	providers: Iterable<Pick<Provider, "name" | "keyProblem">>,
	current?: { provider: string },
): M[] {
	const keyless = new Set<string>();
	// keyProblem only asks where the key would come from (settings, environment, auth.json); nothing is sent.
	for (const provider of providers) if (provider.keyProblem?.() !== undefined) keyless.add(provider.name);
	return models.filter((m) => m.provider === current?.provider || !keyless.has(m.provider));
}
