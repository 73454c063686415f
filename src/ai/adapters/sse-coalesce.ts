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

/** An event's JSON with its text cut out: `prefix` ends with the text's opening quote, `suffix` starts with its closing one. */
class Template {
	private constructor(
		readonly prefix: string,
		readonly suffix: string,
	) {}

	/** The template of `json` (whose parse is `parsed`), when the text's place in it is certain. */
	static of(json: string, parsed: Parsed, rule: DeltaRule): Template | undefined {
		const value = JSON.stringify(parsed.holder[parsed.key]);
		const needle = `${JSON.stringify(parsed.key)}:${value}`;
		const at = json.indexOf(needle);
		if (at < 0 || json.indexOf(needle, at + 1) >= 0) return undefined;
		const template = new Template(
			json.slice(0, at + needle.length - value.length + 1),
			json.slice(at + needle.length - 1),
		);
		// Proof: the same JSON with a marker in the gap has the marker as its text.
		try {
			const found = rule.locate(JSON.parse(template.prefix + MARK + template.suffix));
			return found?.holder[found.key] === MARK ? template : undefined;
		} catch {
			return undefined;
		}
	}

	/** The text of `json` when it is this template with another text in the gap; otherwise undefined. */
	match(json: string): string | undefined {
		const { prefix, suffix } = this;
		if (json.length < prefix.length + suffix.length) return undefined;
		if (json.slice(0, prefix.length) !== prefix || json.slice(json.length - suffix.length) !== suffix)
			return undefined;
		const middle = json.slice(prefix.length, json.length - suffix.length);
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
	private tail = "";
	private readonly out: string[] = [];

	constructor(private readonly rule: DeltaRule) {}

	static for(api: ApiKind): SseCoalescer | undefined {
		const rule = RULES[api];
		return rule ? new SseCoalescer(rule) : undefined;
	}

	/** Feeds decoded text; returns what can be forwarded now (possibly ""). */
	push(text: string): string {
		const input = this.tail + text;
		let start = 0;
		for (;;) {
			const end = nextBoundary(input, start);
			if (!end) break;
			this.event(input.slice(start, end.eventEnd), input.slice(start, end.next));
			start = end.next;
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

	private event(block: string, raw: string): void {
		const fields = eventFields(block);
		const pending = this.pending;
		// The common case in a flood: the same event as the last with another text, merged without a parse.
		if (fields && pending?.template && fields.name === pending.parsed.name) {
			const text = pending.template.match(fields.json);
			if (text !== undefined) {
				pending.texts.push(text);
				pending.count++;
				return;
			}
		}
		const parsed = fields && this.parse(fields.name, fields.json);
		if (!parsed) {
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
		const template = Template.of(fields.json, parsed, this.rule);
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

/** The name and data of an event of only `event:` and one `data:` line holding a JSON object; otherwise undefined. */
function eventFields(block: string): { name: string | undefined; json: string } | undefined {
	let name: string | undefined;
	let json: string | undefined;
	for (const line of block.includes("\r") ? block.split(/\r?\n/) : block.split("\n")) {
		if (line.startsWith("data:") && json === undefined) json = line.slice(line[5] === " " ? 6 : 5);
		else if (line.startsWith("event:") && name === undefined) name = line.slice(line[6] === " " ? 7 : 6);
		else return undefined;
	}
	return json !== undefined && json[0] === "{" ? { name, json } : undefined;
}

/** The end of the next complete event (before its blank line) and where the one after starts. */
function nextBoundary(text: string, from: number): { eventEnd: number; next: number } | undefined {
	const lf = text.indexOf("\n\n", from);
	const crlf = text.indexOf("\r\n\r\n", from);
	if (lf < 0 && crlf < 0) return undefined;
	if (crlf >= 0 && (lf < 0 || crlf < lf)) return { eventEnd: crlf, next: crlf + 4 };
	return { eventEnd: lf, next: lf + 2 };
}

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
