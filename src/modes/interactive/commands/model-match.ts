/**
 * What `/model QUERY` means: one model (an exact `provider/id`, a unique id,
 * a pass-through provider's `provider/anything`, or the only fuzzy match),
 * several to choose from, or none — then with the closest names.
 */
import { closeMatches } from "../../../base/close-matches.js";
import type { ModelInfo } from "../../../kernel/provider.js";
import { fuzzyFilter } from "../../../tui/chat/composer/fuzzy.js";

export type ModelMatch =
	| { kind: "one"; model: ModelInfo }
	| { kind: "several"; models: ModelInfo[] }
	| { kind: "none"; suggestions: string[] };

/** Builds a model for a provider that serves any id (it lists none); undefined when it doesn't. */
export type PassThrough = (provider: string, id: string) => ModelInfo | undefined;

export function fullName(model: ModelInfo): string {
	return `${model.provider}/${model.id}`;
}

export function matchModels(
	query: string,
	models: readonly ModelInfo[],
	passThrough?: PassThrough,
): ModelMatch {
	const wanted = query.trim();
	const lower = wanted.toLowerCase();
	const exact =
		models.find((m) => fullName(m) === wanted) ??
		single(models.filter((m) => fullName(m).toLowerCase() === lower));
	if (exact) return { kind: "one", model: exact };

	const byId = models.filter((m) => m.id.toLowerCase() === lower);
	if (byId.length === 1) return { kind: "one", model: byId[0] };
	if (byId.length > 1) return { kind: "several", models: byId };

	const slash = wanted.indexOf("/");
	if (slash > 0 && slash < wanted.length - 1) {
		const through = passThrough?.(wanted.slice(0, slash), wanted.slice(slash + 1));
		if (through) return { kind: "one", model: through };
	}

	const fuzzy = fuzzyFilter(wanted, models, fullName, models.length);
	if (fuzzy.length === 1) return { kind: "one", model: fuzzy[0] };
	if (fuzzy.length > 1) return { kind: "several", models: fuzzy };
	return { kind: "none", suggestions: suggest(wanted, models) };
}

function single<T>(items: T[]): T | undefined {
	return items.length === 1 ? items[0] : undefined;
}

/** Close full names, and full names whose id is close (typos rarely include the provider). */
function suggest(query: string, models: readonly ModelInfo[]): string[] {
	const names = models.map(fullName);
	const byId = closeMatches(
		query,
		models.map((m) => m.id),
	).flatMap((id) => names.filter((name) => name.endsWith(`/${id}`)));
	return [...new Set([...closeMatches(query, names), ...byId])].slice(0, 3);
}
