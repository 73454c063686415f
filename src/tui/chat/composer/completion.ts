/**
 * Completion in the composer: `/` at the very start completes command names;
 * `@` (or a mention provider's own trigger) at a word start completes project
 * files and whatever mention providers offer. Each query gets its own
 * AbortController, so answers from a slow provider for an old query are
 * dropped instead of overwriting newer ones. Extensions' completion
 * providers (provider-completion.ts) are asked on every change; while they
 * answer, and when none does, the `/` and `@` completion stands.
 */
import type {
	CompletionProvider,
	CompletionSuggestions,
	MentionProvider,
} from "../../../kernel/ui-surface.js";
import type { FileIndex } from "./file-index.js";
import { fuzzyFilter } from "./fuzzy.js";
import { applyProvided, askProviders } from "./provider-completion.js";

export interface CommandInfo {
	name: string;
	description: string;
	argumentHint?: string;
}

export interface CompletionSources {
	commands(): CommandInfo[];
	files?: FileIndex;
	mentions?(): MentionProvider[];
	/** Extensions' completion providers, oldest first. */
	providers?(): CompletionProvider[];
}

export interface CompletionItem {
	label: string;
	description?: string;
	/** The mention provider that offered it. */
	source?: string;
	/** What replaces the token being completed. */
	insert: string;
	/** A provider's item: the whole edit it makes, instead of `insert` over the token. */
	apply?(
		lines: readonly string[],
		cursor: { line: number; col: number },
	): { lines: string[]; line: number; col: number };
}

/** The token being completed: on `line`, from `start` (its trigger) to `end`. */
export interface CompletionContext {
	kind: "command" | "mention" | "provider";
	trigger: string;
	query: string;
	line: number;
	start: number;
	end: number;
}

/** Results kept per query; the list shows a window of them. */
const RESULT_LIMIT = 50;

/** The completion the cursor is in, if any. */
export function findContext(
	lines: readonly string[],
	cursor: { line: number; col: number },
	triggers: readonly string[],
): CompletionContext | undefined {
	const text = lines[cursor.line] ?? "";
	const before = text.slice(0, cursor.col);
	const after = /^\S*/.exec(text.slice(cursor.col))![0];
	if (cursor.line === 0 && /^\/\S*$/.test(before)) {
		return {
			kind: "command",
			trigger: "/",
			query: before.slice(1),
			line: 0,
			start: 0,
			end: cursor.col + after.length,
		};
	}
	// Longest trigger first, so "@@" wins over "@".
	for (const trigger of [...triggers].sort((a, b) => b.length - a.length)) {
		const t = escapeRegExp(trigger);
		const match = new RegExp(`(?:^|\\s)(${t}"[^"]*|${t}\\S*)$`).exec(before);
		if (!match) continue;
		const token = match[1];
		const query = token.slice(trigger.length).replace(/^"/, "");
		const start = before.length - token.length;
		return { kind: "mention", trigger, query, line: cursor.line, start, end: cursor.col + after.length };
	}
	return undefined;
}

export class CompletionController {
	private context: CompletionContext | undefined;
	private parts: Array<CompletionItem[] | undefined> = [];
	private abort: AbortController | undefined;
	private dismissed: string | undefined;
	/** The providers' request in flight, and the provider token Esc closed (kept apart: weft's own context never matches it). */
	private providerAbort: AbortController | undefined;
	private providerDismissed: string | undefined;
	selected = 0;

	constructor(
		private readonly sources: CompletionSources,
		/** Called when results arrive after `update` returned. */
		private readonly onAsyncUpdate: () => void,
		private readonly onError: (error: unknown, source: string) => void = () => {},
	) {}

	/** The triggers that start a mention: "@" plus each provider's. */
	triggers(): string[] {
		const triggers = new Set(["@"]);
		for (const provider of this.providers()) triggers.add(provider.trigger ?? "@");
		return [...triggers];
	}

	get items(): CompletionItem[] {
		return this.parts.flatMap((part) => part ?? []);
	}

	/** Open: there is a context and at least one item to show. */
	get isOpen(): boolean {
		return this.context !== undefined && this.items.length > 0;
	}

	get current(): CompletionContext | undefined {
		return this.context;
	}

	/**
	 * Follows the composer's text and cursor: weft's own completion at once,
	 * then the providers' answer (if any) in its place.
	 */
	follow(lines: readonly string[], cursor: { line: number; col: number }): void {
		this.update(findContext(lines, cursor, this.triggers()));
		this.providerAbort?.abort();
		const providers = this.sources.providers?.() ?? [];
		if (providers.length === 0) return;
		const abort = new AbortController();
		this.providerAbort = abort;
		const builtin = (l: readonly string[], line: number, col: number, signal: AbortSignal) =>
			this.builtinSuggestions(l, { line, col }, signal);
		void askProviders(providers, lines, cursor, abort.signal, this.onError, builtin).then((chosen) => {
			if (abort.signal.aborted) return;
			const start = cursor.col - (chosen?.prefix.length ?? 0);
			const token = `${cursor.line}:${start}`;
			if (this.providerDismissed !== undefined && this.providerDismissed !== token)
				this.providerDismissed = undefined;
			if (!chosen || this.providerDismissed === token) return;
			this.abort?.abort();
			this.context = {
				kind: "provider",
				trigger: "",
				query: chosen.prefix,
				line: cursor.line,
				start,
				end: cursor.col,
			};
			this.parts = [
				chosen.items.map((item) => ({
					label: item.label ?? item.value,
					description: item.description,
					source: chosen.provider.name,
					insert: item.value,
					apply: (now, at) => applyProvided(chosen, item, now, at),
				})),
			];
			this.selected = 0;
			this.onAsyncUpdate();
		});
	}

	/** Follows the cursor: queries again when the token changed, closes when it left a token. */
	update(context: CompletionContext | undefined): void {
		const token = context && `${context.line}:${context.start}`;
		if (this.dismissed !== undefined && token !== this.dismissed) this.dismissed = undefined;
		if (!context || token === this.dismissed) {
			this.close();
			return;
		}
		if (this.context && sameQuery(this.context, context)) {
			this.context = context;
			return;
		}
		this.abort?.abort();
		const abort = new AbortController();
		this.abort = abort;
		this.context = context;
		this.selected = 0;
		if (context.kind === "command") {
			this.parts = [this.commandItems(context.query)];
			return;
		}
		const sources = this.mentionSources(context, abort.signal);
		this.parts = sources.map(() => undefined);
		sources.forEach((source, index) => {
			if (Array.isArray(source)) {
				this.parts[index] = source;
				return;
			}
			source.then(
				(items) => {
					if (abort.signal.aborted) return;
					this.parts[index] = items;
					this.selected = Math.min(this.selected, Math.max(0, this.items.length - 1));
					this.onAsyncUpdate();
				},
				() => {},
			);
		});
	}

	/** Closes until the cursor leaves this token (Esc). */
	dismiss(): void {
		const token = this.context && `${this.context.line}:${this.context.start}`;
		if (this.context?.kind === "provider") this.providerDismissed = token;
		else if (token) this.dismissed = token;
		this.close();
	}

	/** Forgets a dismissal so the same token can open again (Tab). */
	undismiss(): void {
		this.dismissed = undefined;
		this.providerDismissed = undefined;
	}

	close(): void {
		this.abort?.abort();
		this.abort = undefined;
		this.providerAbort?.abort();
		this.providerAbort = undefined;
		this.context = undefined;
		this.parts = [];
		this.selected = 0;
	}

	moveSelection(delta: number): void {
		const count = this.items.length;
		if (count === 0) return;
		this.selected = (((this.selected + delta) % count) + count) % count;
	}

	selectedItem(): CompletionItem | undefined {
		return this.items[this.selected];
	}

	/** weft's own items for a text and cursor (what a completion provider's `builtin` answers), not shown. */
	private async builtinSuggestions(
		lines: readonly string[],
		cursor: { line: number; col: number },
		signal: AbortSignal,
	): Promise<CompletionSuggestions | undefined> {
		const context = findContext(lines, cursor, this.triggers());
		if (!context) return undefined;
		const parts =
			context.kind === "command" ? [this.commandItems(context.query)] : this.mentionSources(context, signal);
		const items = (await Promise.all(parts)).flat().map((item) => ({
			value: item.insert,
			label: item.label,
			...(item.description !== undefined && { description: item.description }),
		}));
		const prefix = (lines[cursor.line] ?? "").slice(context.start, cursor.col);
		return items.length > 0 ? { prefix, items } : undefined;
	}

	private providers(): MentionProvider[] {
		return this.sources.mentions?.() ?? [];
	}

	private commandItems(query: string): CompletionItem[] {
		const commands = this.sources.commands();
		const lower = query.toLowerCase();
		const prefixed = commands
			.filter((c) => c.name.toLowerCase().startsWith(lower))
			.sort((a, b) => a.name.localeCompare(b.name));
		const rest = commands.filter((c) => !c.name.toLowerCase().startsWith(lower));
		const fuzzy = fuzzyFilter(query, rest, (c) => c.name, RESULT_LIMIT);
		return [...prefixed, ...fuzzy].slice(0, RESULT_LIMIT).map((c) => ({
			label: `/${c.name}${c.argumentHint ? ` ${c.argumentHint}` : ""}`,
			description: c.description,
			insert: `/${c.name} `,
		}));
	}

	/** One result list per source, in display order: files first, then each provider. */
	private mentionSources(
		context: CompletionContext,
		signal: AbortSignal,
	): Array<CompletionItem[] | Promise<CompletionItem[]>> {
		const out: Array<CompletionItem[] | Promise<CompletionItem[]>> = [];
		const files = this.sources.files;
		if (files && context.trigger === "@") {
			out.push(
				files.files().then(
					(list) => fileItems(context.query, list),
					(error) => {
						this.onError(error, "files");
						return [];
					},
				),
			);
		}
		for (const provider of this.providers()) {
			if ((provider.trigger ?? "@") !== context.trigger) continue;
			const toItems = (items: unknown) => mentionItems(provider, items);
			try {
				const answer = provider.complete(context.query, signal);
				out.push(
					answer instanceof Promise
						? answer.then(toItems, (error) => {
								if (!signal.aborted) this.onError(error, provider.name);
								return [];
							})
						: toItems(answer),
				);
			} catch (error) {
				this.onError(error, provider.name);
			}
		}
		return out;
	}
}

function sameQuery(a: CompletionContext, b: CompletionContext): boolean {
	return (
		a.kind === b.kind &&
		a.trigger === b.trigger &&
		a.query === b.query &&
		a.line === b.line &&
		a.start === b.start
	);
}

/** Directories then files, per listing: the listing is cached, so this runs once per listing, not per key. */
const candidatesByListing = new WeakMap<readonly string[], string[]>();

function fileItems(query: string, files: readonly string[]): CompletionItem[] {
	let candidates = candidatesByListing.get(files);
	if (!candidates) {
		candidates = [...directoriesOf(files), ...files];
		candidatesByListing.set(files, candidates);
	}
	return fuzzyFilter(query, candidates, (path) => path, RESULT_LIMIT).map((path) => {
		const isDirectory = path.endsWith("/");
		const quoted = /\s/.test(path) ? `"${path}${isDirectory ? "" : '"'}` : path;
		// A directory stays open-ended so completion goes on inside it.
		return { label: path, insert: `@${quoted}${isDirectory ? "" : " "}` };
	});
}

function directoriesOf(files: readonly string[]): string[] {
	const dirs = new Set<string>();
	for (const file of files) {
		for (let i = file.indexOf("/"); i >= 0; i = file.indexOf("/", i + 1)) dirs.add(file.slice(0, i + 1));
	}
	return [...dirs].sort();
}

function mentionItems(provider: MentionProvider, items: unknown): CompletionItem[] {
	if (!Array.isArray(items)) return [];
	return items
		.filter(
			(item): item is { value: string; label?: string; description?: string } =>
				typeof item?.value === "string",
		)
		.slice(0, RESULT_LIMIT)
		.map((item) => ({
			label: item.label ?? item.value,
			description: item.description,
			source: provider.name,
			insert: `${item.value} `,
		}));
}

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
