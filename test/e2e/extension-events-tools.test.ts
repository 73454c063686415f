/**
 * Tool and model-call events through the real `weft` binary against the mock
 * LLM, with throwaway extensions passed by `-e`: tool_call (block, rewrite
 * args, substitute a result), tool_result rewrites, context rewrites and tool
 * narrowing, provider payload rewrites — and no bypass: tools from the
 * model, an extension and the user all pass through tool_call/tool_result.
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { textOf } from "../../src/index.js";
import { type MockLlm, startMockLlm } from "../../src/testing/mock-llm/index.js";
import { extensionEventsFixture } from "../support/extension-events-fixture.js";
import { withHostedSession } from "../support/hosted-session.js";
import { makeSandbox, mockProviderSettings, runWeft, type Sandbox } from "../support/weft-cli.js";

let sandbox: Sandbox;
let llm: MockLlm;
let recordFile: string;

beforeEach(async () => {
	sandbox = makeSandbox();
	llm = await startMockLlm({ script: [] });
	sandbox.settings(settings());
	recordFile = join(sandbox.home, "..", "record.log");
});
afterEach(async () => {
	await llm.close();
	sandbox.cleanup();
});

const settings = () => mockProviderSettings(llm.baseUrlFor("openai-completions"), "openai-completions");

const {
	extension,
	recorded,
	withExtensions,
	messagesSent,
	systemSent,
	toolResultsSent,
	toolNamesSent,
	transcript,
	jsonEvents,
} = extensionEventsFixture(() => ({ sandbox, llm, recordFile }), 'import { textOf } from "weft";\n');

describe("tool_call", () => {
	it("a block keeps the tool from running; the model sees the reason and the JSON stream the outcome", async () => {
		mkdirSync(join(sandbox.cwd, "build"));
		const guard = extension(
			"guard",
			`weft.on("tool_call", (event) => {
				if (event.name === "bash" && /rm -rf/.test(String(event.args.command)))
					return { block: true, reason: "destructive command refused" };
			});`,
		);
		llm.push(
			{ toolCalls: [{ name: "bash", args: { command: "rm -rf build" } }] },
			{ text: "Left it alone." },
		);
		const result = await runWeft(sandbox, ["--mode", "json", ...withExtensions(guard), "clean up"]);
		expect(result.stderr).toBe("");
		expect(result.code).toBe(0);
		expect(existsSync(join(sandbox.cwd, "build"))).toBe(true);
		expect(toolResultsSent(1)).toEqual(["Tool call blocked: destructive command refused"]);
		const events = jsonEvents(result.stdout);
		expect(events.find((e) => e.type === "tool_call")).toMatchObject({
			outcome: { block: true, reason: "destructive command refused" },
			outcomeOwner: "guard",
		});
		expect(events.some((e) => e.type === "tool_execution_start")).toBe(false);
		expect(transcript().find((m) => m.role === "toolResult")).toMatchObject({
			isError: true,
			details: { blocked: true, by: "guard" },
		});
	});

	it("rewritten arguments are what the tool runs with, and are validated again", async () => {
		const rewrite = extension(
			"rewrite",
			`weft.on("tool_call", (event) => {
				if (event.args.command === "echo original") return { args: { command: "echo rewritten" } };
				if (event.args.command === "echo break-me") return { args: { command: 42 } };
			});
			weft.on("tool_result", (event) => record("ran " + JSON.stringify(event.args.command)));`,
		);
		llm.push(
			{
				toolCalls: [
					{ name: "bash", args: { command: "echo original" } },
					{ name: "bash", args: { command: "echo break-me" } },
				],
			},
			{ text: "ok" },
		);
		const result = await runWeft(sandbox, ["-p", ...withExtensions(rewrite), "go"]);
		expect(result.code).toBe(0);
		const [rewritten, invalid] = toolResultsSent(1);
		expect(rewritten).toBe("rewritten");
		expect(invalid).toContain("(arguments as rewritten by an extension)");
		expect(recorded()).toEqual(['ran "echo rewritten"', "ran 42"]);
	});

	it("a substituted result is used without running the tool, and later handlers are skipped", async () => {
		const cache = extension(
			"cache",
			`weft.on("tool_call", (event) => {
				if (event.name === "read") return { result: { content: "from the cache" } };
				if (event.name === "bash") return { result: { content: "pretend it ran", details: { cached: true } } };
			}, { priority: 1 });`,
		);
		const later = extension("later", `weft.on("tool_call", (event) => record("later saw " + event.name));`);
		llm.push(
			{
				toolCalls: [
					{ name: "read", args: { path: "missing.txt" } },
					{ name: "bash", args: { command: "touch ran.txt" } },
				],
			},
			{ text: "ok" },
		);
		const result = await runWeft(sandbox, ["--mode", "json", ...withExtensions(cache, later), "go"]);
		expect(result.code).toBe(0);
		expect(existsSync(join(sandbox.cwd, "ran.txt"))).toBe(false);
		expect(toolResultsSent(1)).toEqual(["from the cache", "pretend it ran"]);
		expect(recorded()).toEqual([]);
		const events = jsonEvents(result.stdout);
		expect(events.some((e) => e.type.startsWith("tool_execution_"))).toBe(false);
		expect(events.filter((e) => e.type === "tool_result")).toMatchObject([
			{ name: "read", isError: false, content: [{ type: "text", text: "from the cache" }] },
			{ name: "bash", isError: false, details: { cached: true } },
		]);
	});
});

describe("tool_result", () => {
	it("rewrites content and error status in a chain; the model and the transcript get the final result", async () => {
		writeFileSync(join(sandbox.cwd, "secrets.txt"), "token=sk-abc123\n");
		const redact = extension(
			"redact",
			`weft.on("tool_result", (event) => {
				const text = textOf(event.content);
				if (/sk-\\w+/.test(text)) return { content: text.replace(/sk-\\w+/g, "[REDACTED]") };
				if (event.isError) return { isError: false, content: "failure ignored by policy" };
			});`,
		);
		const review = extension(
			"review",
			`weft.on("tool_result", (event) => {
				record("review saw " + JSON.stringify(textOf(event.content)) + " error=" + event.isError);
				return { content: textOf(event.content) + " (reviewed)" };
			});`,
		);
		llm.push(
			{
				toolCalls: [
					{ name: "read", args: { path: "secrets.txt" } },
					{ name: "bash", args: { command: "exit 3" } },
				],
			},
			{ text: "ok" },
		);
		const result = await runWeft(sandbox, ["-p", ...withExtensions(redact, review), "read it"]);
		expect(result.code).toBe(0);
		expect(recorded()).toEqual([
			'review saw "token=[REDACTED]" error=false',
			'review saw "failure ignored by policy" error=false',
		]);
		expect(toolResultsSent(1)).toEqual([
			"token=[REDACTED] (reviewed)",
			"failure ignored by policy (reviewed)",
		]);
		expect(JSON.stringify(llm.requests)).not.toContain("sk-abc123");
		const results = transcript().filter((m) => m.role === "toolResult");
		expect(results.map((m) => [textOf(m.content), m.isError])).toEqual([
			["token=[REDACTED] (reviewed)", false],
			["failure ignored by policy (reviewed)", false],
		]);
	});
});

describe("context", () => {
	it("rewrites messages and the system prompt per call and narrows the tools; a removed tool is refused", async () => {
		const narrow = extension(
			"narrow",
			`weft.on("context", (event) => ({
				tools: ["read", "ls", "not_a_tool"],
				systemPrompt: event.systemPrompt + "\\nCONTEXT-NOTE step " + event.step,
				messages: event.messages.map((m) =>
					m.role === "user" && typeof m.content === "string"
						? { ...m, content: m.content.replace(/password=\\S+/, "password=***") }
						: m,
				),
			}));`,
		);
		llm.push({ toolCalls: [{ name: "bash", args: { command: "echo hi" } }] }, { text: "ok" });
		const result = await runWeft(sandbox, ["-p", ...withExtensions(narrow), "my password=hunter2"]);
		expect(result.code).toBe(0);
		expect(toolNamesSent(0)).toEqual(["read", "ls"]);
		expect(systemSent(0)).toMatch(/\nCONTEXT-NOTE step 1$/);
		expect(systemSent(1)).toMatch(/[^1]\nCONTEXT-NOTE step 2$/);
		expect(JSON.stringify(llm.requests)).not.toContain("hunter2");
		expect(messagesSent(0)[1]).toEqual({ role: "user", content: "my password=***" });
		expect(toolResultsSent(1)).toEqual(['Tool "bash" is not available. Available tools: read, ls.']);
		expect(transcript()[0]).toMatchObject({ role: "user", content: "my password=hunter2" });
	});
});

describe("before_provider_request", () => {
	it("rewrites the raw request body in a chain; the server receives the rewrite", async () => {
		const tune = extension(
			"tune",
			`weft.on("before_provider_request", (event) => {
				record("tune saw " + event.provider + "/" + event.model);
				return { payload: { ...(event.payload as object), temperature: 0.25 } };
			});`,
		);
		const tag = extension(
			"tag",
			`weft.on("before_provider_request", (event) => {
				const payload = event.payload as Record<string, unknown>;
				record("tag saw temperature " + payload.temperature);
				return { payload: { ...payload, user: "weft-e2e", max_tokens: 1234 } };
			});`,
		);
		llm.push({ text: "tuned" });
		const result = await runWeft(sandbox, ["-p", ...withExtensions(tune, tag), "hi"]);
		expect(result.code).toBe(0);
		expect(result.stdout).toBe("tuned\n");
		expect(recorded()).toEqual(["tune saw mock/mock-model", "tag saw temperature 0.25"]);
		expect(llm.requests[0].body).toMatchObject({
			model: "mock-model",
			temperature: 0.25,
			user: "weft-e2e",
			max_tokens: 1234,
		});
	});
});

describe("no bypass", () => {
	const toolsExtension = () =>
		extension(
			"tools",
			`weft.registerTool({
				name: "weather",
				description: "Weather for a city",
				parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
				execute: async (args) => "sunny in " + args.city,
			});
			weft.on("tool_call", (event) => {
				record("tool_call " + event.name + " " + event.source);
				if (event.name === "weather" && event.args.city === "Atlantis") return { block: true, reason: "no such city" };
				if (event.name === "bash" && /rm -rf/.test(String(event.args.command))) return { block: true, reason: "refused" };
			});
			weft.on("tool_result", (event) => record("tool_result " + event.name + " " + event.source));`,
		);

	it("the model's calls of built-in and extension tools go through tool_call and tool_result", async () => {
		llm.push(
			{
				toolCalls: [
					{ name: "bash", args: { command: "echo hi" } },
					{ name: "weather", args: { city: "Paris" } },
					{ name: "weather", args: { city: "Atlantis" } },
				],
			},
			{ text: "done" },
		);
		const result = await runWeft(sandbox, ["-p", ...withExtensions(toolsExtension()), "go"]);
		expect(result.code).toBe(0);
		expect(toolResultsSent(1)).toEqual(["hi", "sunny in Paris", "Tool call blocked: no such city"]);
		expect(recorded()).toEqual([
			"tool_call bash model",
			"tool_result bash model",
			"tool_call weather model",
			"tool_result weather model",
			"tool_call weather model",
			"tool_result weather model",
		]);
	});

	it("user shell commands and calls made by extensions go through the same path (SDK)", async () => {
		const cliPaths = [toolsExtension()];
		await withHostedSession({ sandbox, settings: settings(), cliPaths }, async ({ session }) => {
			const user = await session.runTool({
				id: "user-1",
				name: "bash",
				args: { command: "echo from the user" },
				source: "user",
			});
			const refused = await session.runTool({
				id: "user-2",
				name: "bash",
				args: { command: "rm -rf ~" },
				source: "user",
			});
			const byExtension = await session.runTool({
				id: "ext-1",
				name: "weather",
				args: { city: "Oslo" },
				source: "extension",
			});
			llm.push({ toolCalls: [{ name: "weather", args: { city: "Rome" } }] }, { text: "done" });
			const run = await session.prompt("weather in Rome?");
			await session.shutdown("exit");

			expect(textOf(user.content)).toBe("from the user");
			expect(refused).toMatchObject({ isError: true, content: [{ text: "Tool call blocked: refused" }] });
			expect(textOf(byExtension.content)).toBe("sunny in Oslo");
			expect(run.reason).toBe("completed");
			expect(toolResultsSent(1)).toEqual(["sunny in Rome"]);
			expect(recorded()).toEqual([
				"tool_call bash user",
				"tool_result bash user",
				"tool_call bash user",
				"tool_result bash user",
				"tool_call weather extension",
				"tool_result weather extension",
				"tool_call weather model",
				"tool_result weather model",
			]);
		});
	});
});
