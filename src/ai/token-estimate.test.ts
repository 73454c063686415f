import { describe, expect, it } from "vitest";
import { emptyUsage, type Message, type ToolSpec } from "../kernel/messages.js";
import { type ModelInfo, ProviderError } from "../kernel/provider.js";
import {
	checkRequestFits,
	estimateBound,
	estimateMessageTokens,
	estimateRequestTokens,
	estimateTextTokens,
	IMAGE_TOKENS,
} from "./token-estimate.js";

/** Real token counts, measured with js-tiktoken: [cl100k_base, o200k_base]. */
const MEASURED: Array<[name: string, text: string, counts: [number, number]]> = [
	[
		"prose",
		"Before sending, weft estimates the request's tokens; a request that cannot fit the model's window gets a clear error now (the long-sessions issue will compact instead).",
		[35, 35],
	],
	[
		"code",
		// biome-ignore lint/suspicious/noTemplateCurlyInString: TypeScript source as sample text
		"export function formatSize(bytes: number): string {\n\tif (bytes < 1024) return `${bytes} B`;\n\tif (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;\n\treturn `${(bytes / (1024 * 1024)).toFixed(1)} MB`;\n}\n",
		[71, 73],
	],
	[
		"a tool schema",
		JSON.stringify({
			type: "object",
			properties: {
				path: { type: "string", description: "File to read, relative to the working directory." },
				offset: { type: "number" },
				limit: { type: "number" },
			},
			required: ["path"],
			additionalProperties: false,
		}),
		[48, 50],
	],
	[
		"a build log",
		'npm ERR! code ERESOLVE\nnpm ERR! ERESOLVE unable to resolve dependency tree\nnpm ERR! Found: react@18.2.0\nnpm ERR! node_modules/react\nnpm ERR!   react@"^18.2.0" from the root project\n',
		[58, 58],
	],
	[
		"Japanese",
		"日本語のテキストをトークンに分割すると、ひらがなとカタカナと漢字が混ざっています。",
		[41, 32],
	],
	[
		"German",
		"Die Größenänderung überschreitet die maximale Kontextfenstergröße für dieses Modell.",
		[25, 17],
	],
	["a rule of dots", ".".repeat(10_000), [157, 157]],
	["a run of one letter", "a".repeat(10_000), [1250, 1250]],
];

const model: ModelInfo = {
	id: "small-model",
	provider: "local",
	api: "openai-completions",
	contextWindow: 1000,
	maxOutput: 500,
	cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 },
};

const readTool: ToolSpec = {
	name: "read",
	description: "Read a file.",
	parameters: { type: "object", properties: { path: { type: "string" } }, required: ["path"] },
};

function conversation(): Message[] {
	return [
		{
			role: "user",
			content: [
				{ type: "text", text: "What is in this screenshot and in src/index.ts?" },
				{ type: "image", mimeType: "image/png", data: "iVBORw0KGgo".repeat(100_000) },
			],
			timestamp: 1,
		},
		{
			role: "assistant",
			content: [
				{ type: "thinking", thinking: "Let me read the file. ".repeat(1000) },
				{ type: "text", text: "Reading it." },
				{ type: "toolCall", id: "call_1", name: "read", args: { path: "src/index.ts" } },
			],
			provider: "local",
			model: "small-model",
			usage: emptyUsage(),
			stopReason: "tool_use",
			timestamp: 2,
		},
		{
			role: "toolResult",
			toolCallId: "call_1",
			toolName: "read",
			content: [{ type: "text", text: 'export { main } from "./cli/main.js";\n' }],
			isError: false,
			timestamp: 3,
		},
	];
}

describe("estimateTextTokens", () => {
	it.each(MEASURED)("never counts more than cl100k or o200k for %s", (_name, text, counts) => {
		expect(estimateTextTokens(text)).toBeLessThanOrEqual(Math.min(...counts));
	});

	it("stays within reach of the real count for prose and code, so a far too large request is caught", () => {
		for (const [name, text, counts] of MEASURED.slice(0, 4))
			expect(estimateTextTokens(text), name).toBeGreaterThanOrEqual(0.5 * Math.max(...counts));
	});

	it("counts nothing for whitespace and nothing for an empty text", () => {
		expect(estimateTextTokens("")).toBe(0);
		expect(estimateTextTokens(" \n\t ".repeat(1000))).toBe(0);
		expect(estimateTextTokens("one two")).toBe(2);
	});
});

describe("estimateRequestTokens", () => {
	it("counts text, tool calls and tool schemas, an image at a fixed cost, and no thinking", () => {
		const messages = conversation();
		const total = estimateRequestTokens({ systemPrompt: "You are weft.", messages, tools: [readTool] });
		const textParts =
			estimateTextTokens("You are weft.") +
			estimateTextTokens("What is in this screenshot and in src/index.ts?") +
			estimateTextTokens("Reading it.") +
			estimateTextTokens("read") +
			estimateTextTokens(JSON.stringify({ path: "src/index.ts" })) +
			estimateTextTokens('export { main } from "./cli/main.js";\n') +
			estimateTextTokens("read") +
			estimateTextTokens("Read a file.") +
			estimateTextTokens(JSON.stringify(readTool.parameters));
		// One per message for the role markers.
		expect(total).toBe(textParts + IMAGE_TOKENS + messages.length);
	});

	it("never comes to more than the request's characters, so a request whose characters fit needs no scan", () => {
		const request = {
			systemPrompt: "You are weft. ".repeat(50),
			messages: conversation(),
			tools: [readTool],
		};
		const estimate = estimateRequestTokens(request);
		expect(estimate).toBeLessThanOrEqual(estimateBound(request));
		for (const [, text] of MEASURED) {
			const plain = { systemPrompt: text, messages: [], tools: [] };
			expect(estimateRequestTokens(plain)).toBeLessThanOrEqual(estimateBound(plain));
		}
	});

	it("counts a plain string message as its text", () => {
		const message: Message = { role: "user", content: "hello there", timestamp: 0 };
		expect(estimateMessageTokens(message)).toBe(1 + 2);
	});
});

describe("checkRequestFits", () => {
	const request = (text: string) => ({
		systemPrompt: "You are weft.",
		messages: [{ role: "user", content: text, timestamp: 0 } as Message],
		tools: [readTool],
	});

	it("lets a normal request through", () => {
		expect(() => checkRequestFits(model, request("Summarise README.md, please."))).not.toThrow();
	});

	it("refuses a request larger than the window, naming the estimate, the window, the model and what to do", () => {
		let caught: unknown;
		try {
			checkRequestFits(model, request("word ".repeat(5000)));
		} catch (error) {
			caught = error;
		}
		expect(caught).toBeInstanceOf(ProviderError);
		const error = caught as ProviderError;
		expect(error.kind).toBe("context_overflow");
		expect(error.message).toMatch(/needs at least ~5,0\d\d tokens/);
		expect(error.message).toContain("1,000-token context window of model small-model (provider local)");
		expect(error.message).toContain("was not sent");
		expect(error.message).toContain("start a new session");
	});

	it("does not refuse anything against a window weft only assumed", () => {
		const assumed = { ...model, contextWindowUnknown: true };
		expect(() => checkRequestFits(assumed, request("word ".repeat(5000)))).not.toThrow();
	});
});
