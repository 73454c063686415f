/**
 * pi's `ctx.ui.addAutocompleteProvider(factory)` as a weft completion
 * provider. pi stacks providers: each factory gets the one below it as
 * `current` and delegates what it does not complete. weft asks its
 * providers newest first and falls back to its own `/` and `@` completion,
 * so `current` here is that fallback: its `getSuggestions` answers weft's
 * own items (commands, files, mentions) for the lines and cursor it is
 * given, and its `applyCompletion` replaces the prefix with the item's
 * value. A provider that hands `current`'s answer back unchanged leaves the
 * list to weft's completion, as its own; one that filters or adds to it has
 * its answer shown.
 */
import type { CompletionProvider, CompletionRequest, MentionItem } from "../../../kernel/ui-surface.js";

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

/** What pi's `current` stands for in weft: weft's own completion (getSuggestions per provider, below). */
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
	// The composer's latest request says how to ask weft's completion; its answers are remembered to spot them handed back.
	let builtin: CompletionRequest["builtin"];
	const weftAnswers = new WeakSet<PiSuggestions>();
	const current: PiAutocompleteProvider = {
		...weftCompletion,
		async getSuggestions(lines, cursorLine, cursorCol, options) {
			const answer = await builtin?.(lines, cursorLine, cursorCol, options.signal);
			if (!answer) return null;
			const suggestions = { prefix: answer.prefix, items: answer.items.map(toPiItem) };
			weftAnswers.add(suggestions);
			return suggestions;
		},
	};
	const provider = factory(current);
	if (typeof provider?.getSuggestions !== "function")
		throw new Error("addAutocompleteProvider: the factory must return a provider with getSuggestions()");
	return {
		name,
		async suggest(request) {
			builtin = request.builtin;
			const { lines, line, col, signal } = request;
			const answer = await provider.getSuggestions([...lines], line, col, { signal });
			return answer && !weftAnswers.has(answer) ? answer : undefined;
		},
		apply({ lines, line, col }, item, prefix) {
			const apply = provider.applyCompletion?.bind(provider) ?? weftCompletion.applyCompletion;
			const edit = apply([...lines], line, col, toPiItem(item), prefix);
			return { lines: edit.lines, line: edit.cursorLine, col: edit.cursorCol };
		},
	};
}
