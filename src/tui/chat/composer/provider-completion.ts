/**
 * Extensions' completion providers (`ui.tui.registerCompletionProvider`):
 * asked newest first with the composer's lines and cursor; the first that
 * answers with items wins, and weft's own `/` and `@` completion stands
 * when none does. A provider that throws or rejects is reported and passed
 * over, as one that answers nothing.
 */
import type {
	CompletionProvider,
	CompletionRequest,
	CompletionSuggestions,
	MentionItem,
} from "../../../kernel/ui-surface.js";

export interface ProvidedCompletion {
	provider: CompletionProvider;
	prefix: string;
	items: MentionItem[];
}

/** Items shown at most from one provider. */
const ITEM_LIMIT = 50;

export async function askProviders(
	providers: readonly CompletionProvider[],
	lines: readonly string[],
	cursor: { line: number; col: number },
	signal: AbortSignal,
	onError: (error: unknown, source: string) => void,
	builtin?: CompletionRequest["builtin"],
): Promise<ProvidedCompletion | undefined> {
	for (const provider of [...providers].reverse()) {
		if (signal.aborted) return undefined;
		let answer: CompletionSuggestions | null | undefined;
		try {
			answer = await provider.suggest({ lines, line: cursor.line, col: cursor.col, signal, builtin });
		} catch (error) {
			if (!signal.aborted) onError(error, provider.name);
			continue;
		}
		const items = validItems(answer?.items);
		const prefix = answer?.prefix;
		const before = (lines[cursor.line] ?? "").slice(0, cursor.col);
		// A prefix that is not the text before the cursor could not be replaced: the answer is passed over.
		if (items.length === 0 || typeof prefix !== "string" || !before.endsWith(prefix)) continue;
		return { provider, prefix, items };
	}
	return undefined;
}

function validItems(items: unknown): MentionItem[] {
	if (!Array.isArray(items)) return [];
	return items.filter((item): item is MentionItem => typeof item?.value === "string").slice(0, ITEM_LIMIT);
}

/** The edit a chosen item makes: the provider's own, or `prefix` before the cursor replaced by the value. */
export function applyProvided(
	chosen: ProvidedCompletion,
	item: MentionItem,
	lines: readonly string[],
	cursor: { line: number; col: number },
): { lines: string[]; line: number; col: number } {
	if (chosen.provider.apply) {
		const edit = chosen.provider.apply({ lines, line: cursor.line, col: cursor.col }, item, chosen.prefix);
		if (Array.isArray(edit?.lines) && Number.isInteger(edit.line) && Number.isInteger(edit.col)) return edit;
		throw new Error(`completion provider ${chosen.provider.name}: apply() must return { lines, line, col }`);
	}
	return replacePrefix(lines, cursor, chosen.prefix, item.value);
}

export function replacePrefix(
	lines: readonly string[],
	cursor: { line: number; col: number },
	prefix: string,
	value: string,
): { lines: string[]; line: number; col: number } {
	const text = lines[cursor.line] ?? "";
	const start = Math.max(0, cursor.col - prefix.length);
	const next = [...lines];
	next[cursor.line] = text.slice(0, start) + value + text.slice(cursor.col);
	return { lines: next, line: cursor.line, col: start + value.length };
}
