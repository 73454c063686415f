import { describe, expect, it } from "vitest";
import { coalescingFetch, SseCoalescer } from "./sse-coalesce.js";

const sse = (data: unknown, event?: string) =>
	`${event ? `event: ${event}\n` : ""}data: ${typeof data === "string" ? data : JSON.stringify(data)}\n\n`;

/** The data of every event in `text`, parsed where it is JSON. */
function events(text: string): unknown[] {
	return text
		.split("\n\n")
		.filter((block) => block !== "")
		.map((block) => {
			const data = block
				.split("\n")
				.find((line) => line.startsWith("data: "))!
				.slice(6);
			try {
				return JSON.parse(data);
			} catch {
				return data;
			}
		});
}

const chat = (content: string, extra: Record<string, unknown> = {}) => ({
	id: "c1",
	object: "chat.completion.chunk",
	choices: [{ index: 0, delta: { content, ...extra }, finish_reason: null }],
});

describe("SseCoalescer", () => {
	it("merges a run of OpenAI chat text deltas into one event and keeps the others as they were", () => {
		const coalescer = SseCoalescer.for("openai-completions")!;
		const first = sse(chat("", { role: "assistant" }));
		const finish = sse({
			id: "c1",
			object: "chat.completion.chunk",
			choices: [{ index: 0, delta: {}, finish_reason: "stop" }],
		});
		const input =
			first + sse(chat("Hel")) + sse(chat("lo ")) + sse(chat("world")) + finish + "data: [DONE]\n\n";

		const out = coalescer.push(input) + coalescer.end();

		expect(events(out)).toEqual([
			chat("", { role: "assistant" }),
			chat("Hello world"),
			JSON.parse(finish.slice(6)),
			"[DONE]",
		]);
		// Events that were not merged pass through byte for byte.
		expect(out.startsWith(first)).toBe(true);
		expect(out.endsWith(`${finish}data: [DONE]\n\n`)).toBe(true);
	});

	it("never merges events that differ in anything but the text", () => {
		const coalescer = SseCoalescer.for("openai-completions")!;
		const other = { ...chat("b"), choices: [{ index: 1, delta: { content: "b" }, finish_reason: null }] };
		const reasoning = {
			...chat(""),
			choices: [{ index: 0, delta: { reasoning_content: "hm" }, finish_reason: null }],
		};
		const out = coalescer.push(
			sse(chat("a")) + sse(other) + sse(reasoning) + sse(reasoning) + sse(chat("c")),
		);

		expect(events(out)).toEqual([
			chat("a"),
			other,
			{ ...reasoning, choices: [{ index: 0, delta: { reasoning_content: "hmhm" }, finish_reason: null }] },
			chat("c"),
		]);
	});

	it("forwards everything complete at the end of each read and completes a cut event with the next", () => {
		const coalescer = SseCoalescer.for("openai-completions")!;
		const whole = sse(chat("one")) + sse(chat("two"));
		const cut = whole.length - 10;

		const firstRead = coalescer.push(whole.slice(0, cut));
		expect(events(firstRead)).toEqual([chat("one")]);
		const secondRead = coalescer.push(whole.slice(cut));
		expect(events(secondRead)).toEqual([chat("two")]);
		expect(coalescer.end()).toBe("");
	});

	it("passes comments, invalid JSON and a trailing partial event through unchanged and in order", () => {
		const coalescer = SseCoalescer.for("openai-completions")!;
		const input = `${sse(chat("a"))}: keep-alive\n\ndata: {"corrupt": nope\n\n${sse(chat("b"))}${sse(chat("c"))}data: {"trunc`;
		const out = coalescer.push(input) + coalescer.end();
		expect(out).toBe(
			`${sse(chat("a"))}: keep-alive\n\ndata: {"corrupt": nope\n\n${sse(chat("bc"))}data: {"trunc`,
		);
	});

	it("decodes escaped text exactly, however the server escaped it", () => {
		const coalescer = SseCoalescer.for("openai-completions")!;
		const raw = (content: string) =>
			`data: {"id":"c1","choices":[{"index":0,"delta":{"content":"${content}"},"finish_reason":null}]}\n\n`;
		const out = coalescer.push(raw("say ") + raw('\\"hi\\"') + raw("\\n\\u00e9\\\\") + raw("\\/end"));
		const merged = events(out) as ReturnType<typeof chat>[];
		expect(merged).toHaveLength(1);
		expect(merged[0].choices[0].delta.content).toBe('say "hi"\né\\/end');
	});

	it("handles CRLF line endings", () => {
		const coalescer = SseCoalescer.for("openai-completions")!;
		const crlf = (data: unknown) => `data: ${JSON.stringify(data)}\r\n\r\n`;
		const out = coalescer.push(crlf(chat("a")) + crlf(chat("b")));
		expect(events(out)).toEqual([chat("ab")]);
	});

	it("finds blank lines made of mixed LF and CRLF, and forwards a stream with lone-CR line ends as it is", () => {
		const coalescer = SseCoalescer.for("openai-completions")!;
		const data = (content: string) => `data: ${JSON.stringify(chat(content))}`;
		const mixed = `${data("a")}\r\n\n${data("b")}\n\r\n${data("c")}\r\n\r`;
		expect(events(coalescer.push(mixed).replaceAll("\r", ""))).toEqual([chat("ab")]);
		// The last blank line is still on its way: "c" waits for it.
		expect(events(coalescer.push("\n").replaceAll("\r", ""))).toEqual([chat("c")]);

		const loneCr = SseCoalescer.for("openai-completions")!;
		const text = `${data("a")}\r\r${data("b")}\r\r`;
		expect(loneCr.push(text)).toBe(text);
		expect(loneCr.push(`${data("c")}\n\n`)).toBe(`${data("c")}\n\n`);
	});

	it("merges Anthropic text, thinking and tool-argument deltas per content block", () => {
		const coalescer = SseCoalescer.for("anthropic-messages")!;
		const delta = (index: number, delta: Record<string, unknown>) =>
			sse({ type: "content_block_delta", index, delta }, "content_block_delta");
		const input =
			delta(0, { type: "thinking_delta", thinking: "let " }) +
			delta(0, { type: "thinking_delta", thinking: "me" }) +
			delta(0, { type: "signature_delta", signature: "sig" }) +
			delta(1, { type: "text_delta", text: "Hi" }) +
			delta(1, { type: "text_delta", text: "!" }) +
			delta(2, { type: "input_json_delta", partial_json: '{"a"' }) +
			delta(2, { type: "input_json_delta", partial_json: ":1}" });

		const out = coalescer.push(input);

		expect(out).toContain("event: content_block_delta\ndata: ");
		expect(events(out)).toEqual([
			{ type: "content_block_delta", index: 0, delta: { type: "thinking_delta", thinking: "let me" } },
			{ type: "content_block_delta", index: 0, delta: { type: "signature_delta", signature: "sig" } },
			{ type: "content_block_delta", index: 1, delta: { type: "text_delta", text: "Hi!" } },
			{ type: "content_block_delta", index: 2, delta: { type: "input_json_delta", partial_json: '{"a":1}' } },
		]);
	});

	it("keeps the later value of fields that change on every event (Google usage, Responses sequence numbers)", () => {
		const google = SseCoalescer.for("google-generative-ai")!;
		const part = (text: string, tokens: number) => ({
			candidates: [{ content: { role: "model", parts: [{ text }] }, index: 0 }],
			usageMetadata: { candidatesTokenCount: tokens },
		});
		expect(events(google.push(sse(part("a", 1)) + sse(part("b", 2))))).toEqual([part("ab", 2)]);

		const responses = SseCoalescer.for("openai-responses")!;
		const delta = (text: string, sequence: number) =>
			sse(
				{ type: "response.output_text.delta", sequence_number: sequence, item_id: "m1", delta: text },
				"response.output_text.delta",
			);
		expect(events(responses.push(delta("x", 4) + delta("y", 5)))).toEqual([
			{ type: "response.output_text.delta", sequence_number: 5, item_id: "m1", delta: "xy" },
		]);
	});
});

describe("coalescingFetch", () => {
	const respond = (body: string, init: ResponseInit) => async () => new Response(body, init);

	it("merges deltas in a successful event stream", async () => {
		const body = sse(chat("a")) + sse(chat("b"));
		const fetch = coalescingFetch(
			"openai-completions",
			respond(body, { status: 200, headers: { "content-type": "text/event-stream; charset=utf-8" } }),
		);
		const response = await fetch("http://x");
		expect(response.status).toBe(200);
		expect(events(await response.text())).toEqual([chat("ab")]);
	});

	it("leaves errors and other content types alone", async () => {
		const error = '{"error":{"message":"bad key"}}';
		const failing = coalescingFetch(
			"openai-completions",
			respond(error, { status: 401, headers: { "content-type": "text/event-stream" } }),
		);
		expect(await (await failing("http://x")).text()).toBe(error);

		const body = sse(chat("a")) + sse(chat("b"));
		const json = coalescingFetch(
			"openai-completions",
			respond(body, { status: 200, headers: { "content-type": "application/json" } }),
		);
		expect(await (await json("http://x")).text()).toBe(body);
	});
});
