/**
 * Model and thinking level as ACP session config options (the protocol's
 * selectors, category `model` and `thought_level`): the models offered are
 * those of the providers weft has registered (configured or an extension's)
 * that have a key or need none, the levels weft's own.
 */
import { RequestError, type SessionConfigOption } from "@agentclientprotocol/sdk";
import type { AgentSession } from "../../agent/session.js";
import { modelsWithKeys } from "../../ai/model-availability.js";
import type { ModelInfo, ThinkingLevel } from "../../kernel/provider.js";

const LEVELS: readonly ThinkingLevel[] = ["off", "low", "medium", "high"];

function modelValue(model: Pick<ModelInfo, "provider" | "id">): string {
	return `${model.provider}/${model.id}`;
}

/**
 * Every model of the registered providers that has a key or needs none, the
 * session's own first if a provider does not list it.
 */
export function availableModels(session: AgentSession): ModelInfo[] {
	const providers = session.kernel.providers.list().map((r) => r.value);
	const models: ModelInfo[] = [];
	const seen = new Set<string>();
	for (const model of [session.model, ...session.kernel.providers.list().flatMap((r) => r.value.models)]) {
		const value = modelValue(model);
		if (seen.has(value)) continue;
		seen.add(value);
		models.push(model);
	}
	return modelsWithKeys(models, providers, session.model);
}

export function configOptions(session: AgentSession): SessionConfigOption[] {
	return [
		{
			id: "model",
			name: "Model",
			category: "model",
			type: "select",
			currentValue: modelValue(session.model),
			options: availableModels(session).map((model) => ({
				value: modelValue(model),
				name: model.name ?? model.id,
				description: model.provider,
			})),
		},
		{
			id: "thinking",
			name: "Thinking",
			description: "How much the model reasons before answering (models without reasoning ignore it)",
			category: "thought_level",
			type: "select",
			currentValue: session.thinking,
			options: LEVELS.map((level) => ({ value: level, name: level })),
		},
	];
}

/** Applies `session/set_config_option`; an unknown option or value is the client's error, named. */
export function setConfigOption(session: AgentSession, configId: string, value: unknown): void {
	if (configId === "model") {
		const model = availableModels(session).find((m) => modelValue(m) === value);
		if (!model)
			throw RequestError.invalidParams(
				undefined,
				`no model "${String(value)}"; session/new lists the models in its configOptions`,
			);
		if (modelValue(model) !== modelValue(session.model)) session.setModel(model);
		return;
	}
	if (configId === "thinking") {
		if (!LEVELS.includes(value as ThinkingLevel))
			throw RequestError.invalidParams(undefined, `thinking must be one of ${LEVELS.join(", ")}`);
		session.setThinking(value as ThinkingLevel);
		return;
	}
	throw RequestError.invalidParams(
		undefined,
		`unknown config option "${configId}"; weft has model and thinking`,
	);
}
