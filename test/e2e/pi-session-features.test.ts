/**
 * pi examples that use weft's session features, through the real binary
 * against the mock LLM: labels (bookmark.ts), a tool result ending the run
 * (structured-output.ts), a model named by pi's id with its key checked
 * (summarize.ts), skill and prompt paths from resources_discover
 * (dynamic-resources).
 */
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import type { MockLlm } from "../../src/testing/mock-llm/index.js";
import { mockProviderSettings, runWeft, type Sandbox, withMockSandbox } from "../support/weft-cli.js";

let sandbox: Sandbox;
let llm: MockLlm;

withMockSandbox(
	(made, started) => {
		sandbox = made;
		llm = started;
	},
	{ defaultProvider: "mock", defaultModel: "mock-model" },
);

/** Writes a pi extension (outside the project) and returns its path. */
const piExtension = (name: string, source: string): string =>
	sandbox.write(join(sandbox.home, "..", "pi-exts", `${name}.ts`), source);

/** bookmark.ts's shape: labels set and read through pi's API. */
const BOOKMARK = `import type { ExtensionAPI } from "@mariozechner/pi-coding-agent";

export default function (pi: ExtensionAPI) {
	pi.registerCommand("bookmark", {
		description: "Bookmark the last answer",
		handler: async (args, ctx) => {
			const entries = ctx.sessionManager.getEntries();
			for (let i = entries.length - 1; i >= 0; i--) {
				const entry = entries[i];
				if (entry.type === "message" && entry.message.role === "assistant") {
					pi.setLabel(entry.id, args.trim());
					ctx.ui.notify("Bookmarked as: " + ctx.sessionManager.getLabel(entry.id), "info");
					return;
				}
			}
		},
	});
	pi.registerCommand("unbookmark", {
		description: "Remove the last bookmark",
		handler: async (_args, ctx) => {
			const entries = ctx.sessionManager.getEntries();
			for (let i = entries.length - 1; i >= 0; i--) {
				const label = ctx.sessionManager.getLabel(entries[i].id);
				if (label) {
					pi.setLabel(entries[i].id, undefined);
					ctx.ui.notify("Removed bookmark: " + label, "info");
					return;
				}
			}
			ctx.ui.notify("No bookmarked entry found", "warning");
		},
	});
}
`;

describe("a pi bookmark command (bookmark.ts's shape)", () => {
	it("labels the last answer in the session file and clears it again", async () => {
		const ext = piExtension("bookmark", BOOKMARK);
		llm.push({ text: "An answer." });
		expect((await runWeft(sandbox, ["-p", "-e", ext, "hi"])).code).toBe(0);
		const marked = await runWeft(sandbox, ["-c", "-p", "-e", ext, "/bookmark before-refactor"]);
		expect(marked.code).toBe(0);
		expect(marked.stderr).toContain("Bookmarked as: before-refactor");
		const cleared = await runWeft(sandbox, ["-c", "-p", "-e", ext, "/unbookmark"]);
		expect(cleared.stderr).toContain("Removed bookmark: before-refactor");
		const again = await runWeft(sandbox, ["-c", "-p", "-e", ext, "/unbookmark"]);
		expect(again.stderr).toContain("No bookmarked entry found");
		const entries = sandbox.readSession(sandbox.sessionFiles()[0]);
		const answer = entries.find((e) => e.type === "message" && e.message.role === "assistant");
		expect(entries.filter((e) => e.type === "label")).toEqual([
			expect.objectContaining({ targetId: answer.id, label: "before-refactor" }),
			expect.not.objectContaining({ label: expect.anything() }),
		]);
		expect(llm.requests).toHaveLength(1);
	});
});

/** structured-output.ts's shape: a tool whose result ends the run. */
const STRUCTURED = `import { defineTool, type ExtensionAPI } from "@mariozechner/pi-coding-agent";
import { Type } from "typebox";

export default function (pi: ExtensionAPI) {
	pi.registerTool(defineTool({
		name: "structured_output",
		label: "Structured Output",
		description: "Return a final structured answer",
		promptSnippet: "Emit a final structured answer as a terminating tool result",
		promptGuidelines: ["Use structured_output as your final action when asked for structured output."],
		parameters: Type.Object({ headline: Type.String() }),
		async execute(_id, params) {
			return { content: [{ type: "text", text: "Saved structured output: " + params.headline }], details: params, terminate: true };
		},
	}));
}
`;

describe("a pi tool returning terminate: true (structured-output.ts's shape)", () => {
	it("ends the run on its result without another model call, reporting nothing; its snippet and guideline are in the system prompt", async () => {
		const ext = piExtension("structured-output", STRUCTURED);
		llm.push({ toolCalls: [{ name: "structured_output", args: { headline: "All good" } }] });
		const result = await runWeft(sandbox, [
			"-p",
			"--no-session",
			"-e",
			ext,
			"summarize as structured output",
		]);
		expect(result.code).toBe(0);
		expect(result.stderr).toBe("");
		expect(llm.requests).toHaveLength(1);
		const system = JSON.stringify(llm.requests[0].body.messages[0]);
		expect(system).toContain(
			"- structured_output: Emit a final structured answer as a terminating tool result",
		);
		expect(system).toContain(
			"- Use structured_output as your final action when asked for structured output.",
		);
	});
});

/** summarize.ts's shape: a model named by pi's id, its key checked before the call. */
const SUMMARIZE = `import type { ExtensionAPI } from "@mariozechner/pi-coding-agent";
import { complete, getModel } from "@mariozechner/pi-ai";

export default function (pi: ExtensionAPI) {
	pi.registerCommand("sum", {
		description: "Summarize with gpt-5.2",
		handler: async (_args, ctx) => {
			const model = getModel("openai", "gpt-5.2");
			if (!model) return ctx.ui.notify("Model openai/gpt-5.2 not found", "warning");
			const auth = await ctx.modelRegistry.getApiKeyAndHeaders(model);
			if (!auth.ok || !auth.apiKey) return ctx.ui.notify("No API key for openai/gpt-5.2", "warning");
			const response = await complete(model, { messages: [{ role: "user", content: [{ type: "text", text: "summarize" }], timestamp: Date.now() }] }, { apiKey: auth.apiKey, reasoningEffort: "high" });
			ctx.ui.notify("summary: " + response.content.map((c) => c.text ?? "").join(""), "info");
		},
	});
}
`;

describe("a pi extension naming openai/gpt-5.2 (summarize.ts's shape)", () => {
	it("finds the model in weft's catalog, calls it when an OpenAI key is set, and hears there is no key otherwise", async () => {
		const sum = piExtension("sum", SUMMARIZE);
		sandbox.settings({
			...mockProviderSettings(llm.baseUrlFor("openai-completions"), "openai-completions", {
				defaultProvider: "mock",
				defaultModel: "mock-model",
			}),
			providers: {
				openai: { baseUrl: llm.baseUrlFor("openai-responses") },
				mock: {
					api: "openai-completions",
					baseUrl: llm.baseUrlFor("openai-completions"),
					apiKey: "test-key",
					models: [{ id: "mock-model" }],
				},
			},
		});
		const without = await runWeft(sandbox, ["-p", "--no-session", "-e", sum, "/sum"]);
		expect(without.code).toBe(0);
		expect(without.stderr).toContain("No API key for openai/gpt-5.2");
		expect(llm.requests).toHaveLength(0);

		llm.push({ text: "the gist" });
		sandbox.env.OPENAI_API_KEY = "sk-test";
		const withKey = await runWeft(sandbox, ["-p", "--no-session", "-e", sum, "/sum"]);
		expect(withKey.code).toBe(0);
		expect(withKey.stderr).toContain("summary: the gist");
		expect(llm.requests).toHaveLength(1);
		expect(llm.requests[0].api).toBe("openai-responses");
		expect(llm.requests[0].body.model).toBe("gpt-5.2");
	});
});

/** dynamic-resources' shape: a skill file, a prompt template and a theme beside the extension. */
const DYNAMIC = `import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ExtensionAPI } from "@mariozechner/pi-coding-agent";

const baseDir = dirname(fileURLToPath(import.meta.url));

export default function (pi: ExtensionAPI) {
	pi.on("resources_discover", () => ({
		skillPaths: [join(baseDir, "SKILL.md")],
		promptPaths: [join(baseDir, "dynamic.md")],
		themePaths: [join(baseDir, "dynamic.json")],
	}));
}
`;

describe("pi's resources_discover (dynamic-resources' shape)", () => {
	it("adds the skill and the prompt template; the theme path is taken without a report (the terminal UI offers it)", async () => {
		const ext = piExtension("dynamic-resources", DYNAMIC);
		const dir = dirname(ext);
		writeFileSync(
			join(dir, "SKILL.md"),
			"---\nname: dynamic-resources\ndescription: Example skill loaded from resources_discover\n---\nA skill.\n",
		);
		writeFileSync(
			join(dir, "dynamic.md"),
			"---\ndescription: Example prompt\n---\nSummarize the repository.\n",
		);
		writeFileSync(join(dir, "dynamic.json"), "{}");
		llm.push({ text: "Summarized." });
		const result = await runWeft(sandbox, ["-p", "--no-session", "-e", ext, "/dynamic"]);
		expect(result.code).toBe(0);
		expect(result.stdout).toBe("Summarized.\n");
		const body = JSON.stringify(llm.requests[0].body.messages);
		expect(body).toContain("Summarize the repository.");
		expect(body).toContain("<name>dynamic-resources</name>");
		expect(result.stderr).not.toContain("themePaths");
	});
});

const PROXY = `import type { ExtensionAPI } from "@mariozechner/pi-coding-agent";
import { getModel } from "@mariozechner/pi-ai";

export default function (pi: ExtensionAPI) {
	pi.registerProvider("proxy", { baseUrl: "http://127.0.0.1:9/v1", apiKey: "k", api: "openai-completions", models: [{ id: "m", name: "M", reasoning: false, input: ["text"], cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 }, contextWindow: 1000, maxTokens: 100 }] });
	pi.registerCommand("drop-proxy", {
		description: "Remove the proxy provider",
		handler: async (_args, ctx) => {
			const before = getModel("proxy", "m") ? "there" : "missing";
			pi.unregisterProvider("proxy");
			pi.unregisterProvider("never-registered");
			ctx.ui.notify("proxy " + before + ", then " + (getModel("proxy", "m") ? "there" : "gone"), "info");
		},
	});
}
`;

describe("pi.unregisterProvider", () => {
	it("removes the extension's provider at once; an unknown name has no effect", async () => {
		const ext = piExtension("proxy", PROXY);
		const result = await runWeft(sandbox, ["-p", "--no-session", "-e", ext, "/drop-proxy"]);
		expect(result.code).toBe(0);
		expect(result.stderr).toContain("proxy there, then gone");
		expect(result.stderr).not.toContain("unregisterProvider");
	});
});
