/**
 * A cheap estimate of how many tokens a request takes, used to refuse a
 * request that cannot fit the model's context window before anything is sent.
 *
 * It deliberately under-counts: a false "too large" would block a request
 * the provider would have taken, while an under-count only lets the provider
 * reject a request that is a little too large, as it did before. So it counts
 * runs, not characters:
 * - a run of word characters (ASCII letters and digits, `_`, accented and
 *   other non-ASCII letters below U+2E80) is one token per 24 characters,
 *   rounded up: a common word is one token in every tokenizer, identifiers
 *   and numbers are several;
 * - a run of CJK, kana, Hangul or emoji (U+2E80 and up) is one token per two
 *   characters: tokenizers spend about one per character on them;
 * - a run of other symbols is one token per 128 characters: `});` is one or
 *   two, and o200k has single tokens of 64 dots; one symbol just before a
 *   word is free (".js", "-b": tokenizers join it to the word);
 * - whitespace counts nothing (tokenizers fold it into the next word);
 * - an image counts 85 tokens whatever its size (OpenAI's low-detail cost, the
 *   smallest any provider charges for a picture a user would send), never its
 *   base64 data; thinking is not counted (providers drop earlier turns' thinking).
 * Measured against cl100k and o200k on weft's own sources and docs (430
 * files): 75% of the real count overall, 96% for the closest file.
 *
 * Checking a request scans nothing when its characters alone fit the window
 * (the estimate never counts more tokens than characters), so a normal
 * request costs a sum of lengths. Otherwise each message is scanned once
 * (results are kept per message object: the conversation's messages are not
 * edited once appended), plus the system prompt when it changed.
 */
import type { Message, ToolSpec } from "../kernel/messages.js";
import { type ModelInfo, ProviderError } from "../kernel/provider.js";

export const IMAGE_TOKENS = 85;
const WORD_CHARS_PER_TOKEN = 24;
const WIDE_CHARS_PER_TOKEN = 2;
const SYMBOL_CHARS_PER_TOKEN = 128;

export interface TokenRequest {
	systemPrompt: string;
	messages: readonly Message[];
	tools: readonly ToolSpec[];
}

const byMessage = new WeakMap<Message, number>();
const bySchema = new WeakMap<object, number>();
const charsByMessage = new WeakMap<Message, number>();
const charsBySchema = new WeakMap<object, number>();
let lastPrompt = { text: "", tokens: 0 };

/** The request's size in tokens, under-counted (see above). */
export function estimateRequestTokens(request: TokenRequest): number {
	if (lastPrompt.text !== request.systemPrompt)
		lastPrompt = { text: request.systemPrompt, tokens: estimateTextTokens(request.systemPrompt) };
	let total = lastPrompt.tokens;
	for (const message of request.messages) total += estimateMessageTokens(message);
	for (const tool of request.tools) {
		let schema = bySchema.get(tool.parameters);
		if (schema === undefined) {
			schema = estimateTextTokens(JSON.stringify(tool.parameters));
			bySchema.set(tool.parameters, schema);
		}
		total += schema + estimateTextTokens(tool.name) + estimateTextTokens(tool.description);
	}
	return total;
}

/**
 * Refuses a request that is larger than the model's context window even by
 * this under-count. Models whose window weft only assumed are not checked.
 */
export function checkRequestFits(model: ModelInfo, request: TokenRequest): void {
	if (model.contextWindowUnknown || !(model.contextWindow > 0)) return;
	if (estimateBound(request) <= model.contextWindow) return;
	const estimate = estimateRequestTokens(request);
	if (estimate <= model.contextWindow) return;
	throw new ProviderError(
		"context_overflow",
		`this request was not sent: it needs at least ~${grouped(estimate)} tokens by weft's estimate, more than the ${grouped(model.contextWindow)}-token context window of model ${model.id} (provider ${model.provider}); compact the conversation (/compact), start a new session (/new, or run weft without -c/-r), or remove the large content (a pasted file, a long tool output)`,
	);
}

/** The most the estimate can come to: characters (each counted token spans one at least), images at their cost. */
export function estimateBound(request: TokenRequest): number {
	let total = request.systemPrompt.length;
	for (const message of request.messages) {
		let chars = charsByMessage.get(message);
		if (chars === undefined) {
			chars = 1;
			if (typeof message.content === "string") chars += message.content.length;
			else {
				for (const block of message.content) {
					if (block.type === "text") chars += block.text.length;
					else if (block.type === "image") chars += IMAGE_TOKENS;
					else if (block.type === "toolCall")
						chars += block.name.length + JSON.stringify(block.args ?? {}).length;
				}
			}
			charsByMessage.set(message, chars);
		}
		total += chars;
	}
	for (const tool of request.tools) {
		let schema = charsBySchema.get(tool.parameters);
		if (schema === undefined) {
			schema = JSON.stringify(tool.parameters).length;
			charsBySchema.set(tool.parameters, schema);
		}
		total += schema + tool.name.length + tool.description.length;
	}
	return total;
}

export function estimateMessageTokens(message: Message): number {
	const cached = byMessage.get(message);
	if (cached !== undefined) return cached;
	// One for the role markers every wire format wraps a message in.
	let tokens = 1;
	if (typeof message.content === "string") tokens += estimateTextTokens(message.content);
	else {
		for (const block of message.content) {
			if (block.type === "text") tokens += estimateTextTokens(block.text);
			else if (block.type === "image") tokens += IMAGE_TOKENS;
			else if (block.type === "toolCall")
				tokens += estimateTextTokens(block.name) + estimateTextTokens(JSON.stringify(block.args ?? {}));
		}
	}
	byMessage.set(message, tokens);
	return tokens;
}

const WHITESPACE = 0;
const WORD = 1;
const SYMBOL = 2;
const WIDE = 3;

/** Tokens in plain text, under-counted: runs of word characters, wide characters and symbols; whitespace free. */
export function estimateTextTokens(text: string): number {
	let tokens = 0;
	let kind = WHITESPACE;
	let run = 0;
	for (let i = 0; i < text.length; i++) {
		const next = classify(text.charCodeAt(i));
		if (next === kind) {
			run++;
			continue;
		}
		// Tokenizers join one leading symbol to the word after it (".js", "-b", "(x"), so that one is free.
		tokens += runTokens(kind, kind === SYMBOL && next === WORD ? run - 1 : run);
		kind = next;
		run = 1;
	}
	return tokens + runTokens(kind, run);
}

function runTokens(kind: number, run: number): number {
	if (kind === WORD) return Math.ceil(run / WORD_CHARS_PER_TOKEN);
	if (kind === SYMBOL) return Math.ceil(run / SYMBOL_CHARS_PER_TOKEN);
	if (kind === WIDE) return Math.ceil(run / WIDE_CHARS_PER_TOKEN);
	return 0;
}

function classify(code: number): number {
	if (code >= 0x2e80) return WIDE;
	if (code >= 0x80) return WORD;
	if (code <= 0x20) return WHITESPACE;
	if (
		(code >= 0x30 && code <= 0x39) ||
		(code >= 0x41 && code <= 0x5a) ||
		(code >= 0x61 && code <= 0x7a) ||
		code === 0x5f
	)
		return WORD;
	return SYMBOL;
}

function grouped(count: number): string {
	return count.toLocaleString("en-US");
}
