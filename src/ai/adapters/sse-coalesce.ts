/**
 * Merges runs of server-sent text deltas that arrive in the same network
 * read into one event before the SDK sees them. A provider (or a local
 * server) that bursts thousands of one-word deltas would otherwise cost a
 * JSON parse, a schema validation, several web-stream hops and a bus event
 * per word; merged, the same text costs one of each per read.
 *
 * Nothing is delayed: whatever a read delivered is forwarded at the end of
 * that read. Two events merge only when they are identical except for the
 * delta's text (and, per API, a field that changes on every event such as a
 * sequence number, which is then taken from the later event). Anything not
 * understood (comments, multi-line data, invalid JSON, `[DONE]`) passes
 * through byte for byte, in order.
 */
import type { ApiKind } from "../../kernel/provider.js";

/** Where an event's mergeable text lives, for one wire format. */
interface DeltaRule {
	/** The object holding the text and the key naming it, or undefined when the event has no mergeable text. */
	locate(event: any): { holder: Record<string, unknown>; key: string } | undefined;
	/** Fields that may differ between merged events; the merged event keeps the later value. */
	volatile?: readonly string[];
}

const firstString = (holder: any, keys: readonly string[]) => {
	if (!holder || typeof holder !== "object") return undefined;
	for (const key of keys) if (typeof holder[key] === "string") return { holder, key };
	return undefined;
};

const single = (list: unknown) => (Array.isArray(list) && list.length === 1 ? list[0] : undefined);

const RULES: Record<ApiKind, DeltaRule> = {
	"openai-completions": {
		locate(event) {
			const delta = (single(event?.choices) as any)?.delta;
			const text = firstString(delta, ["content", "reasoning_content", "reasoning"]);
			if (text) return text;
			return firstString((single(delta?.tool_calls) as any)?.function, ["arguments"]);
		},
	},
	"openai-responses": {
		locate: (event) =>
			typeof event?.type === "string" && event.type.endsWith(".delta")
				? firstString(event, ["delta"])
				: undefined,
		volatile: ["sequence_number"],
	},
	"anthropic-messages": {
		locate: (event) =>
			event?.type === "content_block_delta"
				? firstString(event.delta, ["text", "thinking", "partial_json"])
				: undefined,
	},
	"google-generative-ai": {
		locate: (event) => {
			const part = single((single(event?.candidates) as any)?.content?.parts);
			return firstString(part, ["text"]);
		},
		volatile: ["usageMetadata"],
	},
};

interface Parsed {
	name: string | undefined;
	data: any;
	holder: Record<string, unknown>;
	key: string;
}

/** A run of mergeable events waiting to be written as one. */
interface Pending {
	parsed: Parsed;
	texts: string[];
	raw: string;
	count: number;
	/** The first event's JSON around its text: a later event that matches it needs no parse. */
	template: Template | undefined;
}

/** Marks the text's place when proving a template (any text without escapes would do). */
const MARK = "weft-sse-coalesce-mark";
const NEEDS_DECODING = /["\\\x00-\x1f]/;

/** An event block with its text cut out: `prefix` ends with the text's opening quote, `suffix` starts with its closing one. */
class Template {
	private constructor(
		readonly prefix: string,
		readonly suffix: string,
	) {}

	/**
	 * The template of an event `block` whose data is `fields.json` (parsed as
	 * `parsed`), when the text's place in it is certain.
	 */
	static of(block: string, fields: EventFields, parsed: Parsed, rule: DeltaRule): Template | undefined {
		const { json, offset } = fields;
		const value = JSON.stringify(parsed.holder[parsed.key]);
		const needle = `${JSON.stringify(parsed.key)}:${value}`;
		const at = json.indexOf(needle);
		if (at < 0 || json.indexOf(needle, at + 1) >= 0) return undefined;
		const jsonPrefix = json.slice(0, at + needle.length - value.length + 1);
		const jsonSuffix = json.slice(at + needle.length - 1);
		// Proof: the same JSON with a marker in the gap has the marker as its text.
		try {
			const found = rule.locate(JSON.parse(jsonPrefix + MARK + jsonSuffix));
			if (found?.holder[found.key] !== MARK) return undefined;
		} catch {
			return undefined;
		}
		return new Template(block.slice(0, offset) + jsonPrefix, jsonSuffix + block.slice(offset + json.length));
	}

	/** The text of an event block that is this template with another text in the gap; otherwise undefined. */
	match(block: string): string | undefined {
		const { prefix, suffix } = this;
		if (block.length < prefix.length + suffix.length) return undefined;
		if (block.slice(0, prefix.length) !== prefix || block.slice(block.length - suffix.length) !== suffix)
			return undefined;
		const middle = block.slice(prefix.length, block.length - suffix.length);
		if (!NEEDS_DECODING.test(middle)) return middle;
		try {
			const text: unknown = JSON.parse(`"${middle}"`);
			return typeof text === "string" ? text : undefined;
		} catch {
			return undefined;
		}
	}
}

export class SseCoalescer {
	private pending: Pending | undefined;
	private passThrough = false;
	private tail = "";
	private readonly out: string[] = [];

	constructor(private readonly rule: DeltaRule) {}

	static for(api: ApiKind): SseCoalescer | undefined {
		const rule = RULES[api];
		return rule ? new SseCoalescer(rule) : undefined;
	}

	/** Feeds decoded text; returns what can be forwarded now (possibly ""). */
	push(text: string): string {
		if (this.passThrough) return text;
		const input = this.tail + text;
		// Lines ended by a lone CR are valid SSE but rare; such a stream is forwarded as it comes.
		if (input.includes("\r") && LONE_CR.test(input)) {
			this.flushPending();
			this.passThrough = true;
			this.tail = "";
			return this.drain() + input;
		}
		const boundaries = input.includes("\r") ? CRLF_BOUNDARY : LF_BOUNDARY;
		boundaries.lastIndex = 0;
		let start = 0;
		for (let match = boundaries.exec(input); match; match = boundaries.exec(input)) {
			const eventEnd = input.charCodeAt(match.index - 1) === 13 ? match.index - 1 : match.index;
			const next = match.index + match[0].length;
			this.event(input, start, eventEnd, next);
			start = next;
		}
		this.tail = input.slice(start);
		this.flushPending();
		return this.drain();
	}

	/** The rest at the end of the body, unchanged. */
	end(): string {
		this.flushPending();
		this.out.push(this.tail);
		this.tail = "";
		return this.drain();
	}

	private drain(): string {
		const text = this.out.join("");
		this.out.length = 0;
		return text;
	}

	/** The event `input[start, end)`, followed by its blank line up to `next`. */
	private event(input: string, start: number, end: number, next: number): void {
		const block = input.slice(start, end);
		const pending = this.pending;
		// The common case in a flood: the same event as the last with another text, merged without a parse.
		const text = pending?.template?.match(block);
		if (pending && text !== undefined) {
			pending.texts.push(text);
			pending.count++;
			return;
		}
		const raw = input.slice(start, next);
		const fields = eventFields(block);
		const parsed = fields && this.parse(fields.name, fields.json);
		if (!fields || !parsed) {
			this.flushPending();
			this.out.push(raw);
			return;
		}
		if (pending && this.mergeable(pending.parsed, parsed)) {
			pending.texts.push(parsed.holder[parsed.key] as string);
			pending.parsed = parsed;
			pending.count++;
			return;
		}
		this.flushPending();
		const template = Template.of(block, fields, parsed, this.rule);
		this.pending = { parsed, texts: [parsed.holder[parsed.key] as string], raw, count: 1, template };
	}

	private flushPending(): void {
		const pending = this.pending;
		if (!pending) return;
		this.pending = undefined;
		if (pending.count === 1) {
			this.out.push(pending.raw);
			return;
		}
		const { name, data, holder, key } = pending.parsed;
		holder[key] = pending.texts.join("");
		this.out.push(`${name === undefined ? "" : `event: ${name}\n`}data: ${JSON.stringify(data)}\n\n`);
	}

	/** The event's JSON parsed, when it has mergeable text; otherwise undefined. */
	private parse(name: string | undefined, json: string): Parsed | undefined {
		let data: any;
		try {
			data = JSON.parse(json);
		} catch {
			return undefined;
		}
		const found = this.rule.locate(data);
		if (!found) return undefined;
		return { name, data, holder: found.holder, key: found.key };
	}

	/** Whether two events differ only in their text and the rule's volatile fields. */
	private mergeable(a: Parsed, b: Parsed): boolean {
		return a.name === b.name && a.key === b.key && same(a.data, b.data, a, b, this.rule.volatile ?? []);
	}
}

/**
 * Deep equality of parsed JSON, ignoring the text field of the two events'
 * holders and, at the top level, the `volatile` fields.
 */
function same(x: unknown, y: unknown, a: Parsed, b: Parsed, volatile: readonly string[] = []): boolean {
	if (x === y) return true;
	if (typeof x !== "object" || typeof y !== "object" || x === null || y === null) return false;
	if (Array.isArray(x) !== Array.isArray(y)) return false;
	const kx = Object.keys(x).filter((k) => !volatile.includes(k));
	const ky = Object.keys(y).filter((k) => !volatile.includes(k));
	if (kx.length !== ky.length) return false;
	const atText = x === a.holder && y === b.holder;
	for (let i = 0; i < kx.length; i++) {
		const k = kx[i] as string;
		if (k !== ky[i]) return false;
		if (atText && k === a.key) continue;
		if (!same((x as any)[k], (y as any)[k], a, b)) return false;
	}
	return true;
}

interface EventFields {
	name: string | undefined;
	json: string;
	/** Where `json` starts in the block. */
	offset: number;
}

/** The name and data of an event of only `event:` and one `data:` line holding a JSON object; otherwise undefined. */
function eventFields(block: string): EventFields | undefined {
	let name: string | undefined;
	let data: { json: string; offset: number } | undefined;
	let lineStart = 0;
	while (lineStart <= block.length) {
		let lineEnd = block.indexOf("\n", lineStart);
		if (lineEnd < 0) lineEnd = block.length;
		const contentEnd = block.charCodeAt(lineEnd - 1) === 13 ? lineEnd - 1 : lineEnd;
		const line = block.slice(lineStart, contentEnd);
		if (line.startsWith("data:") && data === undefined) {
			const skip = line[5] === " " ? 6 : 5;
			data = { json: line.slice(skip), offset: lineStart + skip };
		} else if (line.startsWith("event:") && name === undefined) name = line.slice(line[6] === " " ? 7 : 6);
		else return undefined;
		lineStart = lineEnd + 1;
	}
	return data !== undefined && data.json[0] === "{" ? { name, ...data } : undefined;
}

/** A blank line: two line ends, each LF or CRLF (the event ends before the first one's CR). */
const LF_BOUNDARY = /\n\n/g;
const CRLF_BOUNDARY = /\n\r?\n/g;
/** A CR not followed by LF; one at the very end may be the first half of a CRLF still on its way. */
const LONE_CR = /\r(?!\n|$)/;

/** A fetch whose successful event-stream responses have their text deltas merged per read. */
export function coalescingFetch(api: ApiKind, inner: typeof globalThis.fetch): typeof globalThis.fetch {
	return async (input, init) => {
		const response = await inner(input, init);
		const type = response.headers.get("content-type") ?? "";
		const coalescer = SseCoalescer.for(api);
		if (!response.ok || !response.body || !type.includes("text/event-stream") || !coalescer) return response;
		return new Response(coalesceBody(response.body, coalescer), {
			status: response.status,
			statusText: response.statusText,
			headers: response.headers,
		});
	};
}

function coalesceBody(body: ReadableStream<Uint8Array>, coalescer: SseCoalescer): ReadableStream<Uint8Array> {
	const decoder = new TextDecoder();
	const encoder = new TextEncoder();
	const reader = body.getReader();
	return new ReadableStream<Uint8Array>({
		async pull(controller) {
			for (;;) {
				const next = await reader.read();
				if (next.done) {
					const rest = coalescer.push(decoder.decode()) + coalescer.end();
					if (rest) controller.enqueue(encoder.encode(rest));
					controller.close();
					return;
				}
				const text = coalescer.push(decoder.decode(next.value, { stream: true }));
				if (text) {
					controller.enqueue(encoder.encode(text));
					return;
				}
			}
		},
		cancel(reason) {
			return reader.cancel(reason);
		},
	});
}
