/**
 * The scripted conversation shared by the mock LLM server and the in-process
 * scripted provider: what each model turn says, and how it misbehaves.
 */
import type { ApiKind } from "../../kernel/provider.js";

export interface ScriptedToolCall {
	name: string;
	args: Record<string, unknown>;
	/** Defaults to a generated id in the wire format's style (`call_1`, `toolu_1`, …). */
	id?: string;
}

export interface ScriptedTurn {
	text?: string;
	thinking?: string;
	toolCalls?: ScriptedToolCall[];
	/** Split `text` into this many deltas (a flood); default: word-sized chunks. */
	deltas?: number;
	/** `input` counts uncached input tokens; defaults estimate from the request and response sizes. */
	usage?: { input?: number; output?: number; cacheRead?: number };
	/** Answer with this HTTP error (in the route's error format) instead of a stream. */
	error?: { status: number; message?: string; retryAfterSeconds?: number };
	/** Send that many chunks, then hang until the client disconnects. */
	stallAfterChunks?: number;
	/** Send a corrupt SSE data line in the middle of the stream. */
	malformed?: boolean;
	/** Destroy the socket after that many chunks. */
	dropAfterChunks?: number;
	/** Pause between chunks. */
	delayMs?: number;
	/**
	 * Answer only once this resolves: a test lets something happen first (an
	 * extension restarts, a file appears), in order rather than after a delay.
	 */
	holdUntil?: () => Promise<unknown>;
}

/** One request the mock server received. */
export interface RecordedRequest {
	api: ApiKind;
	method: string;
	/** Path without the query string, e.g. `/v1/messages`. */
	path: string;
	/** The raw query string without `?` (Google sends `alt=sse`). */
	query: string;
	/** Lower-cased header names. */
	headers: Record<string, string>;
	/** The parsed JSON body. */
	body: any;
}

/** A turn, or a function that builds it from the request (to assert on or echo what was sent). */
export type ScriptEntry = ScriptedTurn | ((request: RecordedRequest) => ScriptedTurn);

/** A turn resolved into the pieces every wire format streams. */
export interface TurnPlan {
	model: string;
	thinking: string[];
	text: string[];
	toolCalls: Array<{ id: string; name: string; args: Record<string, unknown>; argChunks: string[] }>;
	usage: { input: number; output: number; cacheRead: number };
}

export function planTurn(
	turn: ScriptedTurn,
	request: { model: string; bodySize: number },
	nextId: (prefix: string) => string,
	idPrefix: string,
): TurnPlan {
	const text = turn.text ?? "";
	const thinking = turn.thinking ?? "";
	const toolCalls = (turn.toolCalls ?? []).map((call) => {
		const json = JSON.stringify(call.args);
		return {
			id: call.id ?? nextId(idPrefix),
			name: call.name,
			args: call.args,
			argChunks: splitEvenly(json, 3),
		};
	});
	const outputChars =
		text.length + thinking.length + toolCalls.reduce((n, call) => n + call.name.length + 20, 0);
	return {
		model: request.model,
		thinking: splitWords(thinking),
		text: turn.deltas !== undefined ? splitEvenly(text, turn.deltas) : splitWords(text),
		toolCalls,
		usage: {
			input: turn.usage?.input ?? Math.ceil(request.bodySize / 4),
			output: turn.usage?.output ?? Math.max(1, Math.ceil(outputChars / 4)),
			cacheRead: turn.usage?.cacheRead ?? 0,
		},
	};
}

/** Word-sized pieces that keep their trailing whitespace, so they join back to the text. */
export function splitWords(text: string): string[] {
	return text.match(/\s*\S+\s*/g) ?? (text ? [text] : []);
}

/** Exactly `count` pieces of nearly equal length (fewer only when the text is shorter). */
export function splitEvenly(text: string, count: number): string[] {
	if (!text) return [];
	const pieces = Math.max(1, Math.min(Math.floor(count), text.length));
	const out: string[] = [];
	for (let i = 0; i < pieces; i++) {
		out.push(
			text.slice(Math.floor((i * text.length) / pieces), Math.floor(((i + 1) * text.length) / pieces)),
		);
	}
	return out;
}
