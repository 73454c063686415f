/**
 * `/model [query]`: switches the session's model. Without a query, a picker
 * over every model, those the user can use now first and the rest marked
 * with how to enable them; with one, the model it names, or the picker
 * narrowed to the candidates when it names several. A model whose provider
 * has no key is refused with that hint, so the next message does not fail.
 */
import {
	DEFAULT_CONTEXT_WINDOW,
	DEFAULT_MAX_OUTPUT,
	resolveProviders,
	toModelInfo,
} from "../../../ai/catalog.js";
import type { CommandDefinition } from "../../../kernel/command.js";
import type { ModelInfo } from "../../../kernel/provider.js";
import type { InteractiveServices } from "../services.js";
import { errorText } from "./arguments.js";
import { describeModel } from "./format.js";
import { type ProviderAccess, providerAccess } from "./model-access.js";
import { fullName, matchModels, type PassThrough } from "./model-match.js";

export function modelCommand(services: InteractiveServices): CommandDefinition {
	return {
		description: "Switch the model (a picker, or the model the query names)",
		argumentHint: "[provider/model]",
		handler: (args) => chooseModel(services, args.trim()),
	};
}

async function chooseModel(services: InteractiveServices, query: string): Promise<void> {
	const { ui } = services;
	let models: ModelInfo[];
	try {
		models = services.models();
	} catch (error) {
		ui.notify(`/model: the model list is unavailable: ${errorText(error)}`, "error");
		return;
	}
	const access = providerAccess(services);
	let chosen: ModelInfo | undefined;
	if (query === "") {
		if (models.length === 0) {
			ui.notify("/model: no models are available; configure a provider or store a key with /login", "error");
			return;
		}
		chosen = await pick(services, "Choose a model", models, access);
	} else {
		const match = matchModels(query, models, passThrough(services));
		if (match.kind === "none") {
			const hint = match.suggestions.length > 0 ? ` Did you mean ${match.suggestions.join(", ")}?` : "";
			ui.notify(`/model: no model matches "${query}".${hint} Type /model to see them all.`, "error");
			return;
		}
		chosen =
			match.kind === "one"
				? match.model
				: await pick(services, `Models matching "${query}"`, match.models, access);
	}
	if (!chosen) return;
	const allowed = access(chosen.provider);
	if (!allowed.usable) {
		ui.notify(`/model: ${fullName(chosen)} cannot be used yet: ${allowed.reason}`, "error");
		return;
	}
	services.setModel(chosen);
	ui.notify(`Model: ${fullName(chosen)}`, "info");
}

async function pick(
	services: InteractiveServices,
	title: string,
	models: readonly ModelInfo[],
	access: (provider: string) => ProviderAccess,
): Promise<ModelInfo | undefined> {
	const current = fullName(services.session().model);
	// Usable models first; the order within each group is the list's.
	const usable = models.filter((model) => access(model.provider).usable);
	const locked = models.filter((model) => !access(model.provider).usable);
	const items = [...usable, ...locked].map((model) => {
		const name = fullName(model);
		const allowed = access(model.provider);
		const about = [
			name === current ? "current" : "",
			allowed.usable ? "" : `no key: ${allowed.fix}`,
			describeModel(model),
		].filter(Boolean);
		return { value: name, label: name, ...(about.length > 0 ? { description: about.join(" · ") } : {}) };
	});
	const value = await services.ui.select(title, items);
	return models.find((model) => fullName(model) === value);
}

/**
 * Providers that list no models (OpenAI-compatible presets, pass-through
 * extension providers) serve whatever id the user names.
 */
function passThrough(services: InteractiveServices): PassThrough {
	return (provider, id) => {
		let configs: ReturnType<typeof resolveProviders>;
		try {
			configs = resolveProviders(services.settings());
		} catch {
			configs = {};
		}
		const config = configs[provider];
		if (config) return (config.models ?? []).length === 0 ? toModelInfo(provider, config, { id }) : undefined;
		const extension = services.kernel.providers.get(provider);
		if (!extension || extension.models.length > 0) return undefined;
		return {
			id,
			provider,
			api: "custom",
			contextWindow: DEFAULT_CONTEXT_WINDOW,
			contextWindowUnknown: true,
			maxOutput: DEFAULT_MAX_OUTPUT,
			cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 },
		};
	};
}
