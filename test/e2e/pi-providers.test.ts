/**
 * pi extensions that bring a provider with its own streaming, through the
 * real binary against the mock LLM: one whose `streamSimple` speaks
 * Anthropic's wire format itself (custom-provider-anthropic's shape, with
 * fetch instead of the SDK), and one that delegates to pi-ai's
 * `streamSimpleAnthropic` / `streamSimpleOpenAIResponses`
 * (custom-provider-gitlab-duo's shape). Each answer is a tool call, its
 * result sent back, and the model's text, printed by -p.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import type { MockLlm } from "../../src/testing/mock-llm/index.js";
import { runWeft, type Sandbox, withMockSandbox } from "../support/weft-cli.js";

let sandbox: Sandbox;
let llm: MockLlm;

withMockSandbox((made, started) => {
	sandbox = made;
	llm = started;
});

function piExtension(name: string, source: string): string {
	const file = join(sandbox.home, "..", "pi-exts", `${name}.ts`);
	mkdirSync(dirname(file), { recursive: true });
	writeFileSync(file, source);
	return file;
}

const MODELS = `[
	{
		id: "m1",
		name: "Model One",
		reasoning: false,
		input: ["text"],
		cost: { input: 3, output: 15, cacheRead: 0, cacheWrite: 0 },
		contextWindow: 200000,
		maxTokens: 4096,
	},
]`;

/** custom-provider-anthropic's shape: its own request and SSE parsing, events pushed as they arrive. */
const OWN_STREAM = (baseUrl: string) => `import {
	type AssistantMessage,
	type Context,
	calculateCost,
	createAssistantMessageEventStream,
	type Model,
	type SimpleStreamOptions,
} from "@mariozechner/pi-ai";
import type { ExtensionAPI } from "@mariozechner/pi-coding-agent";

function toAnthropic(context: Context) {
	return context.messages.map((m: any) => {
		if (m.role === "user") return { role: "user", content: typeof m.content === "string" ? m.content : m.content };
		if (m.role === "toolResult")
			return {
				role: "user",
				content: [{ type: "tool_result", tool_use_id: m.toolCallId, content: m.content.map((c: any) => c.text).join("") }],
			};
		return {
			role: "assistant",
			content: m.content.map((c: any) =>
				c.type === "toolCall" ? { type: "tool_use", id: c.id, name: c.name, input: c.arguments } : { type: "text", text: c.text },
			),
		};
	});
}

function streamMine(model: Model<any>, context: Context, options?: SimpleStreamOptions) {
	const stream = createAssistantMessageEventStream();
	(async () => {
		const output: AssistantMessage = {
			role: "assistant", content: [], api: model.api, provider: model.provider, model: model.id,
			usage: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, totalTokens: 0, cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, total: 0 } },
			stopReason: "stop", timestamp: Date.now(),
		};
		try {
			const response = await fetch(model.baseUrl + "/v1/messages", {
				method: "POST",
				headers: { "content-type": "application/json", "x-api-key": options?.apiKey ?? "" },
				body: JSON.stringify({
					model: model.id, max_tokens: options?.maxTokens, stream: true, system: context.systemPrompt,
					messages: toAnthropic(context),
					tools: context.tools?.map((t) => ({ name: t.name, description: t.description, input_schema: t.parameters })),
				}),
				signal: options?.signal,
			});
			if (!response.ok) throw new Error("HTTP " + response.status + ": " + (await response.text()));
			stream.push({ type: "start", partial: output });
			const json: Record<number, string> = {};
			let buffer = "";
			for await (const chunk of response.body as any) {
				buffer += Buffer.from(chunk).toString("utf8");
				let at: number;
				while ((at = buffer.indexOf("\\n\\n")) >= 0) {
					const frame = buffer.slice(0, at);
					buffer = buffer.slice(at + 2);
					const data = frame.split("\\n").find((l) => l.startsWith("data: "));
					if (!data) continue;
					const event = JSON.parse(data.slice(6));
					const i = event.index;
					if (event.type === "message_start") output.usage.input = event.message.usage.input_tokens;
					else if (event.type === "content_block_start" && event.content_block.type === "text") {
						output.content[i] = { type: "text", text: "" };
						stream.push({ type: "text_start", contentIndex: i, partial: output });
					} else if (event.type === "content_block_start" && event.content_block.type === "tool_use") {
						output.content[i] = { type: "toolCall", id: event.content_block.id, name: event.content_block.name, arguments: {} };
						json[i] = "";
						stream.push({ type: "toolcall_start", contentIndex: i, partial: output });
					} else if (event.type === "content_block_delta" && event.delta.type === "text_delta") {
						(output.content[i] as any).text += event.delta.text;
						stream.push({ type: "text_delta", contentIndex: i, delta: event.delta.text, partial: output });
					} else if (event.type === "content_block_delta" && event.delta.type === "input_json_delta") {
						json[i] += event.delta.partial_json;
						stream.push({ type: "toolcall_delta", contentIndex: i, delta: event.delta.partial_json, partial: output });
					} else if (event.type === "content_block_stop") {
						const block: any = output.content[i];
						if (block.type === "toolCall") {
							block.arguments = JSON.parse(json[i] || "{}");
							stream.push({ type: "toolcall_end", contentIndex: i, toolCall: block, partial: output });
						} else stream.push({ type: "text_end", contentIndex: i, content: block.text, partial: output });
					} else if (event.type === "message_delta") {
						output.usage.output = event.usage.output_tokens;
						output.stopReason = event.delta.stop_reason === "tool_use" ? "toolUse" : "stop";
						calculateCost(model, output.usage);
					}
				}
			}
			stream.push({ type: "done", reason: output.stopReason as "stop" | "toolUse", message: output });
			stream.end();
		} catch (error) {
			output.stopReason = options?.signal?.aborted ? "aborted" : "error";
			output.errorMessage = error instanceof Error ? error.message : String(error);
			stream.push({ type: "error", reason: output.stopReason, error: output });
			stream.end();
		}
	})();
	return stream;
}

export default function (pi: ExtensionAPI) {
	pi.registerProvider("mine", {
		baseUrl: ${JSON.stringify(baseUrl)},
		apiKey: "MINE_API_KEY",
		api: "mine-api",
		models: ${MODELS},
		streamSimple: streamMine,
	});
}
`;

/** custom-provider-gitlab-duo's shape: a token exchange, then pi-ai's built-in streams with the model's own base URL. */
const DELEGATING = (anthropicUrl: string, openaiUrl: string) => `import {
	type Api,
	type AssistantMessageEventStream,
	type Context,
	createAssistantMessageEventStream,
	type Model,
	type SimpleStreamOptions,
	streamSimpleAnthropic,
	streamSimpleOpenAIResponses,
} from "@mariozechner/pi-ai";
import type { ExtensionAPI } from "@mariozechner/pi-coding-agent";

const BACKENDS: Record<string, { baseUrl: string; backend: "anthropic" | "openai" }> = {
	claude: { baseUrl: ${JSON.stringify(anthropicUrl)}, backend: "anthropic" },
	gpt: { baseUrl: ${JSON.stringify(openaiUrl)}, backend: "openai" },
};

function streamDuo(model: Model<Api>, context: Context, options?: SimpleStreamOptions): AssistantMessageEventStream {
	const stream = createAssistantMessageEventStream();
	(async () => {
		try {
			if (!options?.apiKey) throw new Error("No access token. Set DUO_TOKEN");
			const cfg = BACKENDS[model.id];
			const headers = { "x-duo-feature": "on", Authorization: "Bearer direct-" + options.apiKey };
			const streamOptions = { ...options, apiKey: "duo", headers };
			const inner =
				cfg.backend === "anthropic"
					? streamSimpleAnthropic({ ...model, baseUrl: cfg.baseUrl } as Model<"anthropic-messages">, context, streamOptions)
					: streamSimpleOpenAIResponses({ ...model, baseUrl: cfg.baseUrl } as Model<"openai-responses">, context, streamOptions);
			for await (const event of inner) stream.push(event);
			stream.end();
		} catch (error) {
			stream.push({
				type: "error",
				reason: "error",
				error: {
					role: "assistant", content: [], api: model.api, provider: model.provider, model: model.id,
					usage: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, totalTokens: 0, cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, total: 0 } },
					stopReason: "error", errorMessage: error instanceof Error ? error.message : String(error), timestamp: Date.now(),
				},
			});
			stream.end();
		}
	})();
	return stream;
}

export default function (pi: ExtensionAPI) {
	const model = (id: string) => ({ id, name: id, reasoning: false, input: ["text"], cost: { input: 1, output: 1, cacheRead: 0, cacheWrite: 0 }, contextWindow: 100000, maxTokens: 2048 });
	pi.registerProvider("duo", {
		baseUrl: "https://gateway.invalid",
		apiKey: "DUO_TOKEN",
		api: "duo-api",
		models: [model("claude"), model("gpt")],
		streamSimple: streamDuo,
	});
}
`;

const readTurns = () => [
	{ toolCalls: [{ name: "read", args: { path: "notes.txt" } }] },
	{ text: "The notes say: remember the milk." },
];

describe("pi providers with their own streaming", () => {
	it("streamSimple speaking the wire format itself: tool call, result sent back, answer printed; key read from the named variable", async () => {
		writeFileSync(join(sandbox.cwd, "notes.txt"), "remember the milk\n");
		const root = llm.baseUrlFor("anthropic-messages").replace(/\/v1$/, "");
		const ext = piExtension("mine", OWN_STREAM(root));
		llm.push(...readTurns());
		sandbox.env.MINE_API_KEY = "sk-mine";
		const result = await runWeft(sandbox, [
			"-p",
			"--no-session",
			"-e",
			ext,
			"--model",
			"mine/m1",
			"what do my notes say",
		]);
		expect(result.stderr).toBe("");
		expect(result.code).toBe(0);
		expect(result.stdout).toBe("The notes say: remember the milk.\n");
		expect(llm.requests.map((r) => [r.api, r.headers["x-api-key"]])).toEqual([
			["anthropic-messages", "sk-mine"],
			["anthropic-messages", "sk-mine"],
		]);
		expect(llm.requests[0].body.tools.map((t: { name: string }) => t.name)).toContain("read");
		const sentBack = JSON.stringify(llm.requests[1].body.messages);
		expect(sentBack).toContain('"tool_result"');
		expect(sentBack).toContain("remember the milk");
	});

	it("delegating to pi-ai's streamSimpleAnthropic and streamSimpleOpenAIResponses: weft's adapters with the extension's URL, key and headers", async () => {
		writeFileSync(join(sandbox.cwd, "notes.txt"), "remember the milk\n");
		const anthropicRoot = llm.baseUrlFor("anthropic-messages").replace(/\/v1$/, "/");
		const ext = piExtension("duo", DELEGATING(anthropicRoot, llm.baseUrlFor("openai-responses")));
		sandbox.env.DUO_TOKEN = "tok";
		for (const id of ["claude", "gpt"]) {
			llm.push(...readTurns());
			const result = await runWeft(sandbox, [
				"-p",
				"--no-session",
				"-e",
				ext,
				"--model",
				`duo/${id}`,
				"notes?",
			]);
			expect(result.stderr).toBe("");
			expect(result.stdout).toBe("The notes say: remember the milk.\n");
			expect(result.code).toBe(0);
		}
		expect(
			llm.requests.map((r) => `${r.api} ${r.headers.authorization} ${r.headers["x-duo-feature"]}`),
		).toEqual([
			"anthropic-messages Bearer direct-tok on",
			"anthropic-messages Bearer direct-tok on",
			"openai-responses Bearer direct-tok on",
			"openai-responses Bearer direct-tok on",
		]);
		expect(llm.requests[0].headers["x-api-key"]).toBe("duo");
		expect(JSON.stringify(llm.requests[1].body.messages)).toContain("remember the milk");
		expect(JSON.stringify(llm.requests[3].body.input)).toContain("remember the milk");
	});

	it("the provider's error event fails the run with its message, naming the provider", async () => {
		const ext = piExtension(
			"duo",
			DELEGATING(llm.baseUrlFor("anthropic-messages"), llm.baseUrlFor("openai-responses")),
		);
		const result = await runWeft(sandbox, ["-p", "--no-session", "-e", ext, "--model", "duo/claude", "hi"]);
		expect(result.code).not.toBe(0);
		expect(result.stderr).toContain('provider "duo" (a pi extension): No access token. Set DUO_TOKEN');
		expect(llm.requests).toHaveLength(0);
	});
});
