/**
 * pi's `ctx.ui.addAutocompleteProvider(factory)` as a weft completion
 * provider. pi stacks providers: each factory gets the one below it as
 * `current` and delegates what it does not complete. weft asks its
 * providers newest first and falls back to its own `/` and `@` completion,
 * so `current` here is that fallback: its `getSuggestions` answers null
 * ("not mine"), which hands the text to the next provider and then to
 * weft's completion, and its `applyCompletion` replaces the prefix with the
 * item's value. A provider that post-processes `current`'s items sees none.
 */
import type { CompletionProvider, MentionItem } from "../../../kernel/ui-surface.js";

interface PiAutocompleteItem {
	value: string;
	label: string;
	description?: string;
}

interface PiSuggestions {
	items: PiAutocompleteItem[];
	prefix: string;
}

interface PiEdit {
	lines: string[];
	cursorLine: number;
	cursorCol: number;
}

export interface PiAutocompleteProvider {
	getSuggestions(
		lines: string[],
		cursorLine: number,
		cursorCol: number,
		options: { signal: AbortSignal; force?: boolean },
	): Promise<PiSuggestions | null> | PiSuggestions | null;
	applyCompletion(
		lines: string[],
		cursorLine: number,
		cursorCol: number,
		item: PiAutocompleteItem,
		prefix: string,
	): PiEdit;
	shouldTriggerFileCompletion?(lines: string[], cursorLine: number, cursorCol: number): boolean;
}

/** What pi's `current` stands for in weft: weft's own completion. */
const weftCompletion: PiAutocompleteProvider = {
	getSuggestions: () => null,
	applyCompletion(lines, cursorLine, cursorCol, item, prefix) {
		const text = lines[cursorLine] ?? "";
		const start = Math.max(0, cursorCol - prefix.length);
		const next = [...lines];
		next[cursorLine] = text.slice(0, start) + item.value + text.slice(cursorCol);
		return { lines: next, cursorLine, cursorCol: start + item.value.length };
	},
	shouldTriggerFileCompletion: () => true,
};

const toPiItem = (item: MentionItem): PiAutocompleteItem => ({ ...item, label: item.label ?? item.value });

export function toCompletionProvider(
	name: string,
	factory: (current: PiAutocompleteProvider) => PiAutocompleteProvider,
): CompletionProvider {
	const provider = factory(weftCompletion);
	if (typeof provider?.getSuggestions !== "function")
		throw new Error("addAutocompleteProvider: the factory must return a provider with getSuggestions()");
	return {
		name,
		suggest: async ({ lines, line, col, signal }) =>
			(await provider.getSuggestions([...lines], line, col, { signal })) ?? undefined,
		apply({ lines, line, col }, item, prefix) {
			const apply = provider.applyCompletion?.bind(provider) ?? weftCompletion.applyCompletion;
			const edit = apply([...lines], line, col, toPiItem(item), prefix);
			return { lines: edit.lines, line: edit.cursorLine, col: edit.cursorCol };
		},
	};
}
